/**
 * Requests written by hand, not by the generated client: the oracle's own serialisation of
 * OpenAPI parameter styles and body media types (so a style the client and the server get
 * wrong the same way still shows), used for every invalid mutation and, where it can write
 * the input, for every valid one too.
 */
import type { Operation, Parameter } from "../../src/ir/operation.js";
import type { SecurityScheme } from "../../src/ir/operation.js";
import { isRecord, LOCATION_KEY, type OracleInput } from "./arbitraries.js";

export interface RawHttp {
  method: string;
  /** Path and query. */
  url: string;
  headers: Record<string, string>;
  body?: string | URLSearchParams | FormData | undefined;
}

/** Credentials the oracle's servers accept, by scheme type. */
export const TOKEN = "oracle-token";
export const API_KEY = "oracle-key";
export const BASIC = { username: "oracle", password: "secret" };

const enc = encodeURIComponent;

function scalar(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** `k,v,k2,v2` (explode false) or `k=v,k2=v2` (explode true) of a flat object. */
function flatObject(v: Record<string, unknown>, explode: boolean, sep = ","): string | undefined {
  const parts: string[] = [];
  for (const [k, item] of Object.entries(v)) {
    const s = scalar(item);
    if (s === undefined) return undefined;
    parts.push(explode ? `${enc(k)}=${enc(s)}` : `${enc(k)}${sep}${enc(s)}`);
  }
  return parts.join(sep);
}

function pathSegment(p: Parameter, v: unknown): string | undefined {
  const style = p.style || "simple";
  const s = scalar(v);
  if (s !== undefined) return style === "label" ? `.${enc(s)}` : style === "matrix" ? `;${enc(p.name)}=${enc(s)}` : enc(s);
  if (Array.isArray(v)) {
    const items = v.map(scalar);
    if (items.some((i) => i === undefined)) return undefined;
    const e = (items as string[]).map(enc);
    if (style === "label") return `.${e.join(p.explode ? "." : ",")}`;
    if (style === "matrix") return p.explode ? e.map((i) => `;${enc(p.name)}=${i}`).join("") : `;${enc(p.name)}=${e.join(",")}`;
    return e.join(",");
  }
  if (isRecord(v) && style === "simple") return flatObject(v, p.explode);
  return undefined;
}

function queryPairs(p: Parameter, v: unknown): string[] | undefined {
  const name = enc(p.name);
  if (p.contentType) return [`${name}=${enc(JSON.stringify(v))}`];
  const s = scalar(v);
  if (s !== undefined) return [`${name}=${enc(s)}`];
  const style = p.style || "form";
  if (Array.isArray(v)) {
    const items = v.map(scalar);
    if (items.some((i) => i === undefined)) return undefined;
    const e = (items as string[]).map(enc);
    if (style === "form") return p.explode ? e.map((i) => `${name}=${i}`) : [`${name}=${e.join(",")}`];
    if (style === "pipeDelimited") return p.explode ? e.map((i) => `${name}=${i}`) : [`${name}=${e.join("|")}`];
    if (style === "spaceDelimited") return p.explode ? e.map((i) => `${name}=${i}`) : [`${name}=${e.join("%20")}`];
    return undefined;
  }
  if (isRecord(v)) {
    if (style === "deepObject") {
      const out: string[] = [];
      for (const [k, item] of Object.entries(v)) {
        const s2 = scalar(item);
        if (s2 === undefined) return undefined;
        out.push(`${name}[${enc(k)}]=${enc(s2)}`);
      }
      return out;
    }
    if (style === "form") {
      if (p.explode) {
        const out: string[] = [];
        for (const [k, item] of Object.entries(v)) {
          const s2 = scalar(item);
          if (s2 === undefined) return undefined;
          out.push(`${enc(k)}=${enc(s2)}`);
        }
        return out;
      }
      const flat = flatObject(v, false);
      return flat === undefined ? undefined : [`${name}=${flat}`];
    }
  }
  return undefined;
}

function headerValue(p: Parameter, v: unknown): string | undefined {
  if (p.contentType) return JSON.stringify(v);
  const s = scalar(v);
  if (s !== undefined) return s;
  if (Array.isArray(v)) {
    const items = v.map(scalar);
    return items.some((i) => i === undefined) ? undefined : items.join(",");
  }
  if (isRecord(v)) {
    const parts: string[] = [];
    for (const [k, item] of Object.entries(v)) {
      const s2 = scalar(item);
      if (s2 === undefined) return undefined;
      parts.push(p.explode ? `${k}=${s2}` : `${k},${s2}`);
    }
    return parts.join(",");
  }
  return undefined;
}

/**
 * Why no request can meet an alternative of the operation's security (undefined: one can). Spec
 * defects, not the server's: a scheme the document does not declare (OpenAPI: each name MUST be
 * declared; apigen warns and its server denies), or two schemes that need the same carrier (two
 * `Authorization` credentials, e.g. basic AND oauth2: HTTP has one such header).
 */
export function unmetAlternative(alternative: SecurityRequirementLike, schemes: readonly SecurityScheme[]): string | undefined {
  const carriers = new Map<string, string>();
  for (const { scheme } of alternative.schemes) {
    const s = schemes.find((x) => x.name === scheme);
    if (!s) return `security scheme ${scheme} is not declared in components.securitySchemes`;
    if (s.type === "mutualTLS") continue;
    const carrier = s.type === "apiKey" ? `${s.in}:${s.in === "header" ? s.parameterName?.toLowerCase() : s.parameterName}` : "header:authorization";
    const other = carriers.get(carrier);
    if (other) return `security schemes ${other} and ${scheme} are required together but both need ${carrier.replace(":", " ")}`;
    carriers.set(carrier, scheme);
  }
  return undefined;
}

interface SecurityRequirementLike {
  schemes: { scheme: string }[];
}

/** Why the operation's security cannot be met by any request (undefined: it can). */
export function unmetSecurity(op: Operation, schemes: readonly SecurityScheme[]): string | undefined {
  const alternatives = op.security ?? [];
  if (!alternatives.length || alternatives.some((a) => a.schemes.length === 0)) return undefined;
  const why = alternatives.map((a) => unmetAlternative(a, schemes));
  return why.every((w) => w !== undefined) ? why.join("; ") : undefined;
}

/** The credentials for one of the operation's security alternatives (none when anonymous calls are allowed). */
export function credentials(op: Operation, schemes: readonly SecurityScheme[]): { headers: Record<string, string>; query: string[]; cookies: string[] } {
  const out = { headers: {} as Record<string, string>, query: [] as string[], cookies: [] as string[] };
  const alternatives = op.security ?? [];
  if (!alternatives.length || alternatives.some((a) => a.schemes.length === 0)) return out;
  const alternative = alternatives.find((a) => !unmetAlternative(a, schemes)) ?? alternatives[0]!;
  for (const { scheme } of alternative.schemes) {
    const s = schemes.find((x) => x.name === scheme);
    if (!s) continue;
    if (s.type === "apiKey" && s.parameterName) {
      if (s.in === "header") out.headers[s.parameterName.toLowerCase()] = API_KEY;
      else if (s.in === "query") out.query.push(`${enc(s.parameterName)}=${API_KEY}`);
      else out.cookies.push(`${s.parameterName}=${API_KEY}`);
    } else if (s.type === "http" && s.scheme?.toLowerCase() === "basic") {
      out.headers["authorization"] = `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString("base64")}`;
    } else if (s.type === "http" && s.scheme?.toLowerCase() !== "bearer") {
      out.headers["authorization"] = `${s.scheme} ${TOKEN}`;
    } else out.headers["authorization"] = `Bearer ${TOKEN}`;
  }
  return out;
}

/** The input as a raw HTTP request, or why the oracle's serialiser cannot write it. */
export function rawRequest(op: Operation, params: Parameter[], input: OracleInput, schemes: readonly SecurityScheme[]): RawHttp | { unsupported: string } {
  const auth = credentials(op, schemes);
  const byName = (loc: Parameter["in"], name: string) => params.find((p) => p.in === loc && p.name === name);
  let unsupported: string | undefined;
  const path = op.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const p = byName("path", name);
    const v = input.path[name];
    if (!p || v === undefined) return whole.replace(/[{}]/g, "");
    const seg = pathSegment(p, v);
    if (seg === undefined) unsupported ??= `path parameter ${name} of style ${p.style}`;
    return seg ?? "";
  });
  const query: string[] = [];
  for (const [name, v] of Object.entries(input.query)) {
    const p = byName("query", name);
    if (!p || v === undefined) continue;
    const pairs = queryPairs(p, v);
    if (!pairs) unsupported ??= `query parameter ${name} (style ${p.style}) holding ${JSON.stringify(v)}`;
    else query.push(...pairs);
  }
  query.push(...auth.query);
  const headers: Record<string, string> = { accept: "*/*", ...auth.headers };
  for (const [name, v] of Object.entries(input.headers)) {
    const p = byName("header", name);
    if (!p || v === undefined) continue;
    const h = headerValue(p, v);
    if (h === undefined) unsupported ??= `header ${name} holding ${JSON.stringify(v)}`;
    else headers[name.toLowerCase()] = h;
  }
  const cookies = [...auth.cookies];
  for (const [name, v] of Object.entries(input.cookies)) {
    const p = byName("cookie", name);
    if (!p || v === undefined) continue;
    // Cookies are form style (OpenAPI): an exploded array repeats its name, an exploded object
    // sends one cookie per member, a non-exploded value joins its encoded items with a bare comma.
    const pairs = queryPairs({ ...p, style: "form" }, v);
    if (pairs === undefined) unsupported ??= `cookie ${name} holding ${JSON.stringify(v)}`;
    else cookies.push(...pairs);
  }
  if (cookies.length) headers["cookie"] = cookies.join("; ");
  if (op.idempotencyHeader) headers[op.idempotencyHeader.toLowerCase()] = `oracle-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let body: RawHttp["body"];
  if (input.body !== undefined && input.contentType) {
    const type = input.contentType.split(";")[0]!.trim().toLowerCase();
    if (type === "application/x-www-form-urlencoded") {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(isRecord(input.body) ? input.body : {})) {
        for (const item of Array.isArray(v) ? v : [v]) {
          const s = scalar(item) ?? (item === null ? "" : JSON.stringify(item));
          form.append(k, s);
        }
      }
      body = form;
      headers["content-type"] = input.contentType;
    } else if (type === "multipart/form-data") {
      const form = new FormData();
      for (const [k, v] of Object.entries(isRecord(input.body) ? input.body : {})) {
        for (const item of Array.isArray(v) ? v : [v]) {
          if (item instanceof Blob) form.append(k, item, `${k}.bin`);
          else if (isRecord(item) || Array.isArray(item)) form.append(k, new Blob([JSON.stringify(item)], { type: "application/json" }));
          else form.append(k, scalar(item) ?? (item === null ? "" : String(item)));
        }
      }
      body = form;
    } else if (type.startsWith("text/")) {
      body = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
      headers["content-type"] = input.contentType;
    } else {
      body = JSON.stringify(input.body);
      headers["content-type"] = input.contentType;
    }
  }
  if (unsupported) return { unsupported };
  return { method: op.method.toUpperCase(), url: path + (query.length ? `?${query.join("&")}` : ""), headers, body };
}

/** Sends a raw request; answers status, headers and the body as text. */
export async function send(baseUrl: string, raw: RawHttp, requestId: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(baseUrl + raw.url, { method: raw.method, headers: { ...raw.headers, "x-request-id": requestId }, body: raw.body ?? null, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A raw request as a failure report prints it. */
export function describeRaw(raw: RawHttp): string {
  const body = raw.body instanceof URLSearchParams ? raw.body.toString() : raw.body instanceof FormData ? `[multipart: ${[...raw.body.keys()].join(", ")}]` : raw.body;
  return `${raw.method} ${raw.url}\n${Object.entries(raw.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}${body === undefined ? "" : `\n\n${body}`}`;
}

export { LOCATION_KEY };
