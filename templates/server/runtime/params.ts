/**
 * Parameters by OpenAPI style (3.0/3.1): path (simple, label, matrix), query and cookie (form,
 * spaceDelimited, pipeDelimited, deepObject), header (simple), each exploded or not, and
 * parameters described by `content` (JSON). The generator describes each parameter of a location
 * that needs more than the zod schemas' own coercion (a scalar, or a repeated-key array) as a
 * ParamWire; this file turns the raw request into typed values once, before zod validates, so
 * `?filter[year]=abc` fails at `/query/filter/year`. Locations without a description keep the
 * plain path (no work added). The rules mirror the client's encoder (client/runtime/serialize.ts),
 * which a property test proves: whatever the client sends decodes to what it was given.
 * Delimited values are split before percent-decoding, so an encoded delimiter (`%2C`) inside a
 * value stays in the value, as RFC 6570 expands it.
 */

import type { Pairs } from "./param-text.js";
import { coerce, objectOf, own, pairsOf, parseJson, pctDecode, propertyShape, split } from "./param-text.js";

/** A value's kind on the wire: scalars are coerced from text, arrays and objects built from pieces. */
export type WireShape = "string" | "number" | "boolean" | { items: WireShape } | { properties: Record<string, WireShape>; additional?: WireShape };

/** How one parameter travels: the spec's style and explode (defaults filled in), and its shape. */
export interface ParamWire {
  name: string;
  style: string;
  explode: boolean;
  shape: WireShape;
  /** Declared with `content: application/json` (the value is JSON text). */
  json?: true;
}

/** The described locations of one operation (server/contract.gen.ts). */
export interface OperationWire {
  path?: ParamWire[];
  query?: ParamWire[];
  headers?: ParamWire[];
  cookies?: ParamWire[];
}

// Percent-decoding and coercion live in param-text.ts; this file still exports them.
export { coerce, pctDecode };

/** The query string of a request target, without `?` and fragment. */
function queryOf(url: string): string {
  const mark = url.indexOf("?");
  if (mark === -1) return "";
  const hash = url.indexOf("#", mark);
  return hash === -1 ? url.slice(mark + 1) : url.slice(mark + 1, hash);
}

/**
 * Form-style parameters (query and cookies) from raw pairs. Scalars: the first value wins in
 * cookies and a repeated query key stays a list (the schema rejects it); arrays: repeated keys
 * (form, exploded) or one delimited value; objects: one key per property (form, exploded), a
 * delimited value, or `name[prop][sub]` keys (deepObject).
 */
function decodeForm(wires: readonly ParamWire[], pairs: Pairs, plus: boolean, firstWins: boolean): Record<string, unknown> {
  const decode = (s: string) => pctDecode(s, plus);
  const byKey = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const seen = byKey.get(key);
    if (seen) seen.push(value);
    else byKey.set(key, [value]);
  }
  const out: Record<string, unknown> = Object.create(null);
  const claimed = new Set(wires.map((w) => w.name));
  for (const wire of wires) {
    const { name, shape } = wire;
    if (wire.style === "deepObject") {
      const value = deepObject(name, byKey, shape, decode);
      if (value !== undefined) out[name] = value;
      continue;
    }
    const values = byKey.get(name);
    if (wire.json) {
      if (values) out[name] = parseJson(decode(values[0]!));
      continue;
    }
    if (typeof shape === "object" && "properties" in shape) {
      let value: Record<string, unknown> | undefined;
      if (wire.explode) {
        value = Object.create(null) as Record<string, unknown>;
        let found = false;
        for (const [key, list] of byKey) {
          const property = own(shape.properties, key) ? shape.properties[key] : !claimed.has(key) ? shape.additional : undefined;
          if (property === undefined) continue;
          value[key] = coerce(decode(list[0]!), property);
          found = true;
        }
        if (!found) value = undefined;
      } else if (values) value = objectOf(split(values[0]!, wire.style), shape, false, decode);
      if (value !== undefined) out[name] = value;
      continue;
    }
    if (values === undefined) continue;
    if (typeof shape === "object") {
      // `name=` is one empty item, as RFC 6570 (and the client) write `[""]`; an empty array is no pair at all.
      const pieces = wire.explode ? values : values.flatMap((v) => split(v, wire.style));
      out[name] = pieces.map((piece) => coerce(decode(piece), shape.items));
    } else if (values.length === 1 || firstWins) out[name] = coerce(decode(values[0]!), shape);
    else out[name] = values.map((v) => coerce(decode(v), shape));
  }
  return out;
}

/** `name[a][b]=v` keys as a nested object (repeated keys: an array); undefined when none. */
function deepObject(name: string, byKey: Map<string, string[]>, shape: WireShape, decode: (s: string) => string): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  const prefix = `${name}[`;
  for (const [key, values] of byKey) {
    if (!key.startsWith(prefix) || !key.endsWith("]")) continue;
    const path = key.slice(prefix.length, -1).split("][");
    out ??= Object.create(null) as Record<string, unknown>;
    let node = out;
    let nodeShape: WireShape | undefined = shape;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const inner: WireShape = propertyShape(nodeShape ?? "string", segment) ?? "string";
      if (i === path.length - 1) {
        const isArray = typeof inner === "object" && "items" in inner;
        node[segment] = isArray ? values.map((v) => coerce(decode(v), inner.items)) : values.length === 1 ? coerce(decode(values[0]!), inner) : values.map((v) => coerce(decode(v), inner));
      } else {
        const next = node[segment];
        node = next !== null && typeof next === "object" && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[segment] = Object.create(null) as Record<string, unknown>);
        nodeShape = inner;
      }
    }
  }
  return out;
}

/** The query parameters of a request target (the raw query string, so delimiters split before decoding). */
export function decodeQuery(wires: readonly ParamWire[], url: string): Record<string, unknown> {
  return decodeForm(wires, pairsOf(queryOf(url), "&", true), true, false);
}

/** The cookie parameters of a `Cookie` header (the first of repeated names wins for scalars, as browsers send the most specific first). */
export function decodeCookies(wires: readonly ParamWire[], header: string | string[] | undefined): Record<string, unknown> {
  if (header === undefined) return Object.create(null) as Record<string, unknown>;
  return decodeForm(wires, pairsOf(Array.isArray(header) ? header.join("; ") : header, ";", false), false, true);
}

/** Header parameters (simple style; list items separated by commas with optional spaces, RFC 9110 5.6.1). */
export function decodeHeaders(wires: readonly ParamWire[], headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const same = (s: string) => s;
  for (const wire of wires) {
    const raw = headers[wire.name.toLowerCase()];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(", ") : raw;
    const { shape } = wire;
    if (wire.json) out[wire.name] = parseJson(text);
    else if (typeof shape !== "object") out[wire.name] = coerce(text, shape);
    else {
      const items = text === "" ? [] : text.split(",").map((s) => s.trim());
      out[wire.name] = "items" in shape ? items.map((item) => coerce(item, shape.items)) : objectOf(items, shape, wire.explode, same);
    }
  }
  return out;
}

/**
 * One path parameter from its segment as received (still percent-encoded): simple `a,b`,
 * label `.a.b` / `.a,b`, matrix `;id=a;id=b` / `;id=a,b`. A label or matrix value without its
 * prefix is left out (the schema reports it missing).
 */
export function decodePathValue(wire: ParamWire, raw: string, encoded = true): unknown {
  const decode = encoded ? (s: string) => pctDecode(s, false) : (s: string) => s;
  const { shape, style, explode, name } = wire;
  let text = raw;
  if (style === "label") {
    if (text[0] !== ".") return undefined;
    text = text.slice(1);
  }
  if (wire.json) return parseJson(decode(text));
  const isObject = typeof shape === "object" && "properties" in shape;
  if (style === "matrix") {
    if (text[0] !== ";") return undefined;
    const pairs = pairsOf(text.slice(1), ";", false);
    if (isObject && explode) {
      const out: Record<string, unknown> = Object.create(null);
      for (const [key, value] of pairs) out[key] = coerce(decode(value), propertyShape(shape, key) ?? "string");
      return out;
    }
    const values = pairs.filter(([k]) => k === name).map(([, v]) => v);
    if (values.length === 0) return undefined;
    if (typeof shape !== "object") return coerce(decode(values[0]!), shape);
    const items = explode ? values : split(values[0]!, "form");
    return isObject ? objectOf(items, shape, false, decode) : items.map((item) => coerce(decode(item), shape.items));
  }
  if (typeof shape !== "object") return coerce(decode(text), shape);
  const items = text.split(style === "label" && explode ? "." : ",");
  if ("items" in shape) return items.map((item) => coerce(decode(item), shape.items));
  return objectOf(items, shape, explode, decode);
}

/**
 * The path parameters: each from its segment as the URL carries it when the parameter is a whole
 * segment (`/{id}`), else from the router's decoded value. Segments are matched from the end, so a
 * mount prefix or an absolute-form target does not shift them.
 */
export function decodePath(wires: readonly ParamWire[], template: string, pathname: string, routed: Record<string, string | undefined>, keyOf: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const templateSegments = template.split("/");
  const segments = pathname.split("/");
  const offset = segments.length - templateSegments.length;
  for (const wire of wires) {
    const index = templateSegments.indexOf(`{${wire.name}}`);
    const whole = index !== -1 && offset >= 0;
    const raw = whole ? segments[index + offset] : routed[keyOf[wire.name] ?? wire.name];
    if (raw === undefined) continue;
    const value = decodePathValue(wire, raw, whole);
    if (value !== undefined) out[wire.name] = value;
  }
  return out;
}
