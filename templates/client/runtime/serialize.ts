/**
 * Turns call input into the wire: path segments (RFC 6570 simple/label/matrix), query strings and
 * cookies (form, spaceDelimited, pipeDelimited, deepObject), header values and request bodies,
 * following OpenAPI's style/explode rules. Everything returned here is already percent-encoded.
 */
import { isJsonMediaType, mediaTypeOf } from "./media-type.js";

export { isJsonMediaType, mediaTypeOf };
import type { ParamSpec } from "./types.js";

type Style = Pick<ParamSpec, "style" | "explode" | "json" | "allowReserved">;
type Pair = [name: string, value: string];

/** Only plain objects expand into key/value pairs; Dates, Blobs and the like are values. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A scalar as text: Dates as ISO 8601, nested objects and arrays as JSON. */
function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Object members that have a value (undefined and null members are left out). */
const members = (value: Record<string, unknown>) => Object.entries(value).filter(([, v]) => v != null);

// RFC 3986 reserved characters, kept as they are for `allowReserved`, and existing %XX triplets.
const RESERVED = /%(2[1346-9A-CF]|3[ABDF]|40|5[BD])|%25(?=[0-9A-F]{2})/gi;

/** encodeURIComponent, or with `allowReserved` only what is neither reserved nor unreserved. */
export function encode(value: string, allowReserved?: boolean): string {
  const encoded = encodeURIComponent(value);
  return allowReserved ? encoded.replace(RESERVED, (m) => (m === "%25" ? "%" : decodeURIComponent(m))) : encoded;
}

/**
 * Fills `{name}` in a path template from the path parameters. A value that makes a whole segment
 * empty, `.` or `..` is refused: the URL parser would resolve it into another route
 * (`/crates/../summary` is `/summary`). Encoded values hold no `/`, so segments line up.
 */
export function expandPath(template: string, params: ParamSpec[], values: Record<string, unknown> = {}): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value == null) throw new TypeError(`missing path parameter "${name}"`);
    const spec = params.find((p) => p.in === "path" && p.name === name);
    return pathValue(name, value, spec ?? {});
  });
  const literal = template.split("/");
  if (path.split("/").some((segment, i) => i > 0 && /^\.{0,2}$/.test(segment) && segment !== literal[i])) {
    throw new TypeError(`path parameters ${JSON.stringify(values)} turn ${template} into ${path}, another route; refused`);
  }
  return path;
}

function pathValue(name: string, value: unknown, p: Style): string {
  const style = p.style;
  const prefix = style === "label" ? "." : style === "matrix" ? ";" : "";
  // Exploded label/matrix values repeat the prefix; everything else is comma-separated.
  const sep = p.explode && prefix ? prefix : ",";
  const enc = (v: unknown) => encodeURIComponent(text(v));
  if (p.json) value = JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map(enc);
    if (style === "matrix") return p.explode ? items.map((i) => `;${name}=${i}`).join("") : `;${name}=${items.join(",")}`;
    return prefix + items.join(sep);
  }
  if (isPlainObject(value)) {
    const pairs = members(value).map(([k, v]) => [encodeURIComponent(k), enc(v)]);
    if (p.explode) return prefix + pairs.map(([k, v]) => `${k}=${v}`).join(sep);
    return (style === "matrix" ? `;${name}=` : prefix) + pairs.flat().join(",");
  }
  const scalar = enc(value);
  return style === "matrix" ? `;${name}${scalar ? `=${scalar}` : ""}` : prefix + scalar;
}

/** Query or cookie pairs for one parameter; undefined and null give none. */
function formPairs(name: string, value: unknown, p: Style): Pair[] {
  if (value == null) return [];
  // Absent style is form here, and form explodes unless told not to (types.ts ParamSpec).
  const explode = p.explode ?? (!p.style || p.style === "form");
  const enc = (v: unknown) => encode(text(v), p.allowReserved);
  const key = encodeURIComponent(name);
  if (p.json) return [[key, encode(JSON.stringify(value), p.allowReserved)]];
  if (p.style === "deepObject" && isPlainObject(value)) return deepPairs(key, value, enc);
  const delimiter = p.style === "spaceDelimited" ? "%20" : p.style === "pipeDelimited" ? "|" : ",";
  if (Array.isArray(value)) {
    const items = value.filter((v) => v != null).map(enc);
    if (items.length === 0) return [];
    return explode ? items.map((i) => [key, i]) : [[key, items.join(delimiter)]];
  }
  if (isPlainObject(value)) {
    const pairs = members(value).map(([k, v]): Pair => [encodeURIComponent(k), enc(v)]);
    return explode ? pairs : [[key, pairs.flat().join(delimiter)]];
  }
  return [[key, enc(value)]];
}

/** `filter[status]=paid&filter[price][gte]=10`; arrays repeat their key. */
function deepPairs(prefix: string, value: Record<string, unknown>, enc: (v: unknown) => string): Pair[] {
  return members(value).flatMap(([k, v]): Pair[] => {
    const key = `${prefix}[${encodeURIComponent(k)}]`;
    if (isPlainObject(v)) return deepPairs(key, v, enc);
    return Array.isArray(v) ? v.map((item): Pair => [key, enc(item)]) : [[key, enc(v)]];
  });
}


function paramPairs(location: "query" | "cookie", params: ParamSpec[], values: Record<string, unknown> = {}): Pair[] {
  return Object.entries(values).flatMap(([name, value]) => formPairs(name, value, params.find((p) => p.in === location && p.name === name) ?? {}));
}

/** The query string (without `?`); parameters the spec does not declare are sent as form/explode. */
export function serializeQuery(params: ParamSpec[], values?: Record<string, unknown>): string {
  return paramPairs("query", params, values)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** The Cookie header value, `a=1; b=2`, values percent-encoded. */
export function serializeCookies(params: ParamSpec[], values?: Record<string, unknown>): string {
  return paramPairs("cookie", params, values)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

/** A header value (simple style; arrays and objects comma-joined); undefined when absent. */
export function serializeHeader(p: Style | undefined, value: unknown): string | undefined {
  if (value == null) return undefined;
  if (p?.json) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map(text).join(",");
  if (isPlainObject(value)) return members(value).map(([k, v]) => `${k}${p?.explode ? "=" : ","}${text(v)}`).join(",");
  return text(value);
}


/** A body ready for fetch, and the Content-Type to send (none for FormData and URLSearchParams: fetch writes it). */
export interface SerializedBody {
  body?: RequestInit["body"] | undefined;
  contentType?: string | undefined;
}

/** A multipart body given as an object of parts (what multipart.ts encodes). */
export function isMultipartObject(value: unknown, mediaType: string): value is Record<string, unknown> {
  return mediaTypeOf(mediaType) === "multipart/form-data" && isPlainObject(value);
}

/**
 * Encodes a request body for its media type. A multipart object is not encoded here: the caller
 * sends it through multipart.ts (`isMultipartObject`), loaded on first use since most clients
 * never send one.
 */
export function serializeBody(value: unknown, mediaType: string): SerializedBody {
  if (value === undefined) return {};
  const type = mediaTypeOf(mediaType);
  // Already encoded by the caller: fetch knows their content types.
  if (value instanceof FormData || value instanceof URLSearchParams) return { body: value };
  if (isJsonMediaType(type)) return { body: JSON.stringify(value), contentType: mediaType };
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams();
    if (isPlainObject(value)) for (const [k, v] of members(value)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, text(item));
    return { body: form, contentType: mediaType };
  }
  if (type === "multipart/form-data") {
    if (isPlainObject(value)) throw new TypeError("internal: a multipart object is encoded by multipart.ts");
    return { body: value as RequestInit["body"] };
  }
  if (type.startsWith("text/")) return { body: text(value), contentType: mediaType };
  // Binary and anything else: Blob, ArrayBuffer, typed arrays, streams and strings go as they are.
  return { body: value as RequestInit["body"], contentType: type.includes("*") ? undefined : mediaType };
}
