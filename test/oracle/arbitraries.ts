/**
 * fast-check arbitraries derived from apigen's IR: values a schema allows (types, formats,
 * enums, ranges, lengths, patterns, required/optional, nullable, unions), and for an operation
 * the whole input its generated client takes (path, query, headers, cookies, body).
 *
 * The arbitraries aim at values the spec allows; whether each one really is allowed is decided
 * independently by ajv over the spec's own schemas (ajv.ts), so a generator weakness shows up
 * as a counted "generator" case, never as a false finding against the server.
 */
import fc from "fast-check";
import type { Operation, Parameter, SecurityScheme } from "../../src/ir/operation.js";
import type { JsonValue, NumberNode, ObjectNode, ObjectProperty, SchemaNode, StringNode } from "../../src/ir/schema.js";
import { conformsTo } from "../../src/emit/conforms.js";
import type { PrintContext } from "../../src/emit/print-context.js";

export type Location = "path" | "query" | "header" | "cookie";

export interface ArbContext {
  schemas: Map<string, SchemaNode>;
  /** Request bodies leave readOnly properties out, responses writeOnly ones. */
  direction: "request" | "response";
  /** Where a parameter value travels: header and cookie values keep to a token charset. */
  wire?: Location | undefined;
  /** Multipart: `format: binary` strings become Blobs. */
  binaryAsBlob?: boolean;
}

/** Follows `ref` nodes to the component they name (nullable on the ref is kept by the caller). */
export function resolve(node: SchemaNode, schemas: Map<string, SchemaNode>): SchemaNode {
  let current = node;
  for (let i = 0; i < 32 && current.kind === "ref"; i++) {
    const target = schemas.get(current.target);
    if (!target) break;
    current = target;
  }
  return current;
}

const MAX_DEPTH = 5;

/**
 * `arb.filter(pred)` that gives up after 200 misses in a row and lets a value through: a
 * constraint the generator cannot meet then yields a value ajv rejects (counted as a generator
 * weakness) instead of a run that never ends.
 */
export function softFilter<T>(arb: fc.Arbitrary<T>, pred: (v: T) => boolean): fc.Arbitrary<T> {
  let misses = 0;
  return arb.filter((v) => {
    if (pred(v)) {
      misses = 0;
      return true;
    }
    if (++misses > 200) {
      misses = 0;
      return true;
    }
    return false;
  });
}
const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".split("");

/** The arbitrary of a schema, or undefined when the oracle cannot build a value (a `never`, a cycle with no way out). */
export function schemaArb(node: SchemaNode, ctx: ArbContext, depth = 0): fc.Arbitrary<unknown> | undefined {
  if (depth > MAX_DEPTH + 4) return undefined;
  const nullable = node.nullable && node.kind !== "null" && node.kind !== "unknown";
  const base = bareArb(node, ctx, depth);
  if (!base) return nullable ? fc.constant(null) : undefined;
  return nullable ? fc.option(base, { nil: null, freq: 6 }) : base;
}

function bareArb(node: SchemaNode, ctx: ArbContext, depth: number): fc.Arbitrary<unknown> | undefined {
  switch (node.kind) {
    case "ref": {
      const target = ctx.schemas.get(node.target);
      return target ? schemaArb(target, ctx, depth + 1) : undefined;
    }
    case "string":
      return stringArb(node, ctx);
    case "number":
    case "integer":
      return numberArb(node);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "enum":
      return node.values.length ? fc.constantFrom(...node.values) : undefined;
    case "const":
      return fc.constant(node.value);
    case "unknown":
      return ctx.wire ? fc.constantFrom("oracle", "42") : fc.constantFrom<unknown>("oracle", 42, true, { a: 1 });
    case "never":
      return undefined;
    case "array": {
      const items = schemaArb(node.items, ctx, depth + 1);
      const minLength = node.minItems ?? 0;
      if (!items) return minLength === 0 ? fc.constant([]) : undefined;
      const maxLength = Math.max(minLength, Math.min(node.maxItems ?? minLength + 3, minLength + (depth > MAX_DEPTH ? 0 : 3)));
      return node.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => canonical(v) }) : fc.array(items, { minLength, maxLength });
    }
    case "tuple": {
      const parts = node.prefixItems.map((item) => schemaArb(item, ctx, depth + 1));
      if (parts.some((p) => !p)) return undefined;
      return fc.tuple(...(parts as fc.Arbitrary<unknown>[]));
    }
    case "object":
      return objectArb(node, ctx, depth);
    case "union": {
      if (node.discriminator && node.discriminator.mapping.length) {
        const { propertyName, mapping } = node.discriminator;
        const options = mapping.flatMap(({ value, target }) => {
          const variant = schemaArb({ kind: "ref", target, pointer: target, nullable: false }, ctx, depth + 1);
          return variant ? [variant.map((v) => (isRecord(v) ? { [propertyName]: value, ...withoutKey(v, propertyName) } : v))] : [];
        });
        return options.length ? fc.oneof(...options) : undefined;
      }
      const options = node.variants.map((v) => schemaArb(v, ctx, depth + 1)).filter((a): a is fc.Arbitrary<unknown> => !!a);
      return options.length ? fc.oneof(...options) : undefined;
    }
    case "intersection": {
      const merged = mergeObjects(node.members, ctx.schemas);
      if (merged) return objectArb(merged, ctx, depth);
      const first = node.members[0];
      return first ? schemaArb(first, ctx, depth + 1) : undefined;
    }
  }
}

/** allOf of objects as one object: every member's properties, required when any member says so. */
export function mergeObjects(members: SchemaNode[], schemas: Map<string, SchemaNode>): ObjectNode | undefined {
  const props = new Map<string, ObjectProperty>();
  let additional: ObjectNode["additionalProperties"] = "unspecified";
  let allClosed = true;
  for (const member of members) {
    let m = resolve(member, schemas);
    if (m.kind === "intersection") {
      const inner = mergeObjects(m.members, schemas);
      if (!inner) return undefined;
      m = inner;
    }
    if (m.kind !== "object") return undefined;
    for (const p of m.properties) {
      const seen = props.get(p.name);
      props.set(p.name, seen ? { ...seen, required: seen.required || p.required } : p);
    }
    if (m.additionalProperties !== false) allClosed = false;
    if (typeof m.additionalProperties === "object") additional = m.additionalProperties;
  }
  return { kind: "object", pointer: members[0]?.pointer ?? "", nullable: false, properties: [...props.values()], additionalProperties: allClosed ? false : additional };
}

function objectArb(node: ObjectNode, ctx: ArbContext, depth: number): fc.Arbitrary<unknown> | undefined {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const p of includedProperties(node, ctx)) {
    // Deep in a recursive schema only required properties are built, so values stay finite.
    if (!p.required && depth > MAX_DEPTH) continue;
    const arb = schemaArb(p.schema, ctx, depth + 1);
    if (!arb) {
      if (p.required) return undefined;
      continue;
    }
    model[p.name] = arb;
    if (p.required) requiredKeys.push(p.name);
  }
  let arb: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys });
  const extra = node.additionalProperties;
  if ((extra === true || typeof extra === "object") && !ctx.wire && depth <= MAX_DEPTH) {
    const valueArb = extra === true ? fc.constantFrom<unknown>("x", 1, false) : schemaArb(extra, ctx, depth + 1);
    if (valueArb) {
      const declared = new Set(node.properties.map((p) => p.name));
      const keyArb = softFilter(fc.stringMatching(/^xo[a-z]{1,4}$/), (k) => !declared.has(k));
      arb = fc.tuple(arb, fc.dictionary(keyArb, valueArb, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
    }
  }
  const { minProperties, maxProperties } = node;
  if (minProperties !== undefined || maxProperties !== undefined) {
    arb = softFilter(arb, (o) => {
      const n = Object.keys(o).length;
      return (minProperties === undefined || n >= minProperties) && (maxProperties === undefined || n <= maxProperties);
    });
  }
  return arb;
}

/** The properties a value of this direction carries (readOnly ones are not sent in requests). */
export function includedProperties(node: ObjectNode, ctx: Pick<ArbContext, "schemas" | "direction">): ObjectProperty[] {
  return node.properties.filter((p) => {
    const target = resolve(p.schema, ctx.schemas);
    const readOnly = p.schema.readOnly || target.readOnly;
    const writeOnly = p.schema.writeOnly || target.writeOnly;
    return ctx.direction === "request" ? !readOnly : !writeOnly;
  });
}

function stringArb(node: StringNode, ctx: ArbContext): fc.Arbitrary<unknown> | undefined {
  if (node.binary || node.format === "binary") {
    if (ctx.binaryAsBlob) return fc.uint8Array({ maxLength: 48 }).map((b) => new Blob([b], { type: "application/octet-stream" }));
  }
  const min = node.minLength ?? 0;
  const max = node.maxLength ?? Number.POSITIVE_INFINITY;
  if (max < min) return undefined;
  const inLength = (s: string) => [...s].length >= min && [...s].length <= max;
  const byFormat = formatArb(node.format);
  if (byFormat) return softFilter(byFormat, inLength);
  if (node.pattern !== undefined) {
    try {
      const re = new RegExp(node.pattern, node.patternUnicode ? "u" : "");
      return softFilter(fc.stringMatching(re), (s) => inLength(s) && (!ctx.wire || ctx.wire === "query" || s === s.trim()));
    } catch {
      return undefined;
    }
  }
  const maxLength = Math.min(max, min + 16);
  if (min > 2000) return undefined;
  if (ctx.wire === "header" || ctx.wire === "cookie") return softFilter(fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: Math.max(min, 1), maxLength: Math.max(maxLength, 1) }), inLength);
  // Path values may not make a segment empty, `.` or `..` (the client refuses them, rightly).
  if (ctx.wire === "path") return softFilter(fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(maxLength, 1) }), (s) => s !== "." && s !== ".." && inLength(s));
  return fc.string({ minLength: min, maxLength });
}

function formatArb(format: string | undefined): fc.Arbitrary<string> | undefined {
  switch (format) {
    case "date-time":
      return fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "uuid":
      return fc.uuid();
    case "email":
      return fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), fc.stringMatching(/^[a-z]{1,8}$/)).map(([a, b]) => `${a}@${b}.example.com`);
    case "uri":
    case "url":
      return fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `https://example.com/${s}`);
    case "ipv4":
      return fc.ipV4();
    case "ipv6":
      return fc.ipV6();
    case "time":
      // JSON Schema's `time` is RFC 3339 full-time: the offset is part of it.
      return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, sec]) => `${pad(h)}:${pad(m)}:${pad(sec)}Z`);
    case "byte":
      return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString("base64"));
    default:
      return undefined;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function numberArb(node: NumberNode): fc.Arbitrary<number> | undefined {
  const integer = node.kind === "integer";
  const limit = node.format === "int32" ? 2 ** 31 - 1 : 1e9;
  let lo = node.minimum ?? -limit;
  let hi = node.maximum ?? limit;
  let loOpen = false;
  let hiOpen = false;
  if (node.exclusiveMinimum !== undefined && node.exclusiveMinimum >= lo) [lo, loOpen] = [node.exclusiveMinimum, true];
  if (node.exclusiveMaximum !== undefined && node.exclusiveMaximum <= hi) [hi, hiOpen] = [node.exclusiveMaximum, true];
  if (node.minimum === undefined && node.maximum !== undefined && node.exclusiveMinimum === undefined) lo = Math.max(-limit, hi - limit);
  if (node.maximum === undefined && node.minimum !== undefined && node.exclusiveMaximum === undefined) hi = Math.min(limit + lo, Number.MAX_SAFE_INTEGER);
  if (node.multipleOf !== undefined && node.multipleOf > 0) {
    const m = node.multipleOf;
    const kLo = Math.ceil(lo / m) + (loOpen && Number.isInteger(lo / m) ? 1 : 0);
    const kHi = Math.floor(hi / m) - (hiOpen && Number.isInteger(hi / m) ? 1 : 0);
    if (kLo > kHi) return undefined;
    return fc.integer({ min: Math.max(kLo, -1e6), max: Math.min(kHi, 1e6) }).map((k) => noNegativeZero(k * m));
  }
  if (integer) {
    const min = Math.ceil(loOpen && Number.isInteger(lo) ? lo + 1 : lo);
    const max = Math.floor(hiOpen && Number.isInteger(hi) ? hi - 1 : hi);
    if (min > max) return undefined;
    return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
  }
  if (lo > hi || (lo === hi && (loOpen || hiOpen))) return undefined;
  const double = fc.double({ min: lo, max: hi, minExcluded: loOpen, maxExcluded: hiOpen, noNaN: true, noDefaultInfinity: true });
  const whole = Math.ceil(lo) + 1 <= Math.floor(hi) - 1 || (!loOpen && !hiOpen && Math.ceil(lo) <= Math.floor(hi)) ? softFilter(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), (n) => (!loOpen || n > lo) && (!hiOpen || n < hi)) : undefined;
  return (whole ? fc.oneof(double, whole) : double).map(noNegativeZero);
}

function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Blob);
}

function withoutKey(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = v;
  return rest;
}

/** A canonical string of a JSON value (uniqueItems selector, equality of echoes). */
export function canonical(value: unknown): string {
  if (value instanceof Blob) return `blob:${value.size}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return value === undefined ? "undefined" : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// An operation's input
// ---------------------------------------------------------------------------------------------

export interface OracleInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
  body?: unknown;
  /** The request body's media type, when a body is sent. */
  contentType?: string;
}

export const LOCATION_KEY: Record<Location, "path" | "query" | "headers" | "cookies"> = { path: "path", query: "query", header: "headers", cookie: "cookies" };

/** Header names a client or server owns, which a spec's header parameter cannot really set. */
const RESERVED_HEADERS = new Set(["accept", "content-type", "authorization", "content-length", "host", "cookie", "x-request-id", "request-id", "connection", "transfer-encoding"]);

/** The body media types the oracle builds values for, in order of preference. */
export function bodyMediaType(op: Operation): { contentType: string; schema: SchemaNode; encoding?: Record<string, unknown> } | undefined {
  const content = op.requestBody?.content ?? [];
  const kinds = [(t: string) => t === "application/json" || /\+json$/.test(t) || t === "application/json; charset=utf-8", (t: string) => t === "application/x-www-form-urlencoded", (t: string) => t === "multipart/form-data", (t: string) => t.startsWith("text/plain")];
  for (const kind of kinds) {
    const m = content.find((c) => kind(c.contentType.split(";")[0]!.trim().toLowerCase()));
    if (m) return m;
  }
  return undefined;
}

/** Why an operation's parameter is left to the client or the runtime (undefined: the oracle generates it). */
export function parameterExcluded(op: Operation, p: Parameter, securityParams: Set<string>, schemes: readonly SecurityScheme[] = []): string | undefined {
  // `Authorization` is the credentials' header only when the operation's security puts one there;
  // otherwise it is an ordinary header parameter the spec asks for (oas-3.0-schema-circular).
  if (p.in === "header" && p.name.toLowerCase() === "authorization" && !usesAuthorizationHeader(op, schemes)) return undefined;
  if (p.in === "header" && RESERVED_HEADERS.has(p.name.toLowerCase())) return `header ${p.name} is set by the client/runtime`;
  if (p.in === "header" && op.idempotencyHeader && p.name.toLowerCase() === op.idempotencyHeader.toLowerCase()) return "idempotency key (the client sends one)";
  if (securityParams.has(`${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`)) return "carries a credential";
  return undefined;
}

/** Whether a security scheme of the operation sends its credentials in `Authorization`. */
function usesAuthorizationHeader(op: Operation, schemes: readonly SecurityScheme[]): boolean {
  return (op.security ?? []).some((r) => r.schemes.some(({ scheme }) => {
    const s = schemes.find((x) => x.name === scheme);
    return !s || (s.type !== "apiKey" && s.type !== "mutualTLS") || (s.in === "header" && s.parameterName?.toLowerCase() === "authorization");
  }));
}

/**
 * Why a parameter's values cannot travel in its style (undefined: they can). Named rules, as in
 * test/runtime/param-styles.property.test.ts: these are undefined by OpenAPI/RFC 6570 itself.
 */
export function styleCannotCarry(p: Parameter, schemas: Map<string, SchemaNode>): string | undefined {
  if (p.contentType) return undefined;
  const t = resolve(p.schema, schemas);
  const composite = (n: SchemaNode) => ["object", "array", "tuple", "intersection"].includes(resolve(n, schemas).kind);
  if (t.kind === "array" && composite(t.items)) return `${p.in} parameter ${p.name}: a list of objects or lists has no ${p.style || "default"}-style serialisation (RFC 6570 defines one level)`;
  if (t.kind === "object" && p.style !== "deepObject" && t.properties.some((x) => composite(x.schema))) return `${p.in} parameter ${p.name}: an object with object or list members has no ${p.style || "default"}-style serialisation (RFC 6570 defines one level)`;
  return undefined;
}

export interface OperationArb {
  arb: fc.Arbitrary<OracleInput>;
  params: Parameter[];
  body?: { contentType: string; schema: SchemaNode; required: boolean } | undefined;
}

/** The arbitrary of an operation's whole input, or why there is none. */
export function operationArb(op: Operation, schemas: Map<string, SchemaNode>, securityParams: Set<string>, schemes: readonly SecurityScheme[] = []): OperationArb | { skip: string } {
  const params: Parameter[] = [];
  for (const p of op.parameters.filter((x) => !parameterExcluded(op, x, securityParams, schemes))) {
    const why = styleCannotCarry(p, schemas);
    if (!why) params.push(p);
    else if (p.required || p.in === "path") return { skip: why };
  }
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const byLocation: Record<Location, { model: Record<string, fc.Arbitrary<unknown>>; required: string[] }> = {
    path: { model: {}, required: [] },
    query: { model: {}, required: [] },
    header: { model: {}, required: [] },
    cookie: { model: {}, required: [] },
  };
  for (const p of params) {
    // No null on the wire, and no empty array or object: a style writes nothing for them, so
    // "absent" is all a server can read (the oracle sends what can be told apart).
    const bare = schemaArb({ ...p.schema, nullable: false }, { schemas, direction: "request", wire: p.in });
    const empty = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
    // An optional parameter whose only values are empty (an object declaring no properties) is left out.
    const arb = bare && (p.required || p.in === "path" ? softFilter(bare, (v) => !empty(v)) : bare.map((v) => (empty(v) ? undefined : v)));
    if (!arb) {
      if (p.required || p.in === "path") return { skip: `no value can be built for ${p.in} parameter ${p.name}` };
      continue;
    }
    // Label style, exploded: `.` separates items and `.` is unreserved, never percent-encoded (RFC
    // 6570 3.2.5), so a `.` inside an item or member is ambiguous by the rule itself (the same
    // named rule as test/runtime/param-styles.property.test.ts).
    const labelDots = p.style === "label" && p.explode ? (v: unknown) => typeof v !== "object" || !JSON.stringify(v).includes(".") : () => true;
    byLocation[p.in].model[p.name] = p.in === "path" ? softFilter(arb, (v) => v !== null && v !== "" && labelDots(v)) : arb;
    if (p.required || p.in === "path") byLocation[p.in].required.push(p.name);
  }
  for (const loc of ["path", "query", "header", "cookie"] as const) parts[LOCATION_KEY[loc]] = fc.record(byLocation[loc].model, { requiredKeys: byLocation[loc].required });
  let body: OperationArb["body"];
  if (op.requestBody && (op.method === "get" || op.method === "head")) {
    // fetch (the client's and the oracle's) cannot send a body with GET or HEAD.
    if (op.requestBody.required) return { skip: `a ${op.method.toUpperCase()} request with a required body cannot be sent with fetch` };
  } else if (op.requestBody) {
    const media = bodyMediaType(op);
    if (!media) {
      if (op.requestBody.required) return { skip: `request body media types ${op.requestBody.content.map((c) => c.contentType).join(", ")} are not generated` };
    } else {
      const multipart = media.contentType.toLowerCase().startsWith("multipart/");
      const form = multipart || media.contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
      const built = schemaArb(media.schema, { schemas, direction: "request", binaryAsBlob: multipart });
      const arb = built && form ? formBody(built, media.schema, schemas) : built;
      if (!arb) {
        if (op.requestBody.required) return { skip: "no value can be built for the request body" };
      } else {
        body = { contentType: media.contentType, schema: media.schema, required: op.requestBody.required };
        parts["body"] = op.requestBody.required ? arb : fc.option(arb, { nil: undefined, freq: 4 });
      }
    }
  }
  const arb = fc.record(parts).map((r) => {
    const input = r as unknown as OracleInput;
    if (input.body === undefined) delete input.body;
    else if (body) input.contentType = body.contentType;
    return input;
  });
  return { arb, params, body };
}

/**
 * A form or multipart body as the wire can carry it. No empty lists: a list field is one pair or
 * part per item (or one joined value, which RFC 6570 leaves undefined for no items), so `[]`
 * sends nothing and can only come back absent; left out when optional, avoided when required
 * (the rule the param-style property test names for query parameters).
 */
function formBody(arb: fc.Arbitrary<unknown>, schema: SchemaNode, schemas: Map<string, SchemaNode>): fc.Arbitrary<unknown> {
  const target = resolve(schema, schemas);
  const properties = target.kind === "object" ? target.properties : [];
  const required = new Set(properties.filter((p) => p.required).map((p) => p.name));
  // A field without a type travels as a text part or pair (OpenAPI's default part type for it is
  // text or bytes, not JSON): its value is its text, so a number, boolean or object sent there
  // comes back as the text it was written as (oas-3.1-readme's `upload_source`, `url`).
  const untyped = new Set(properties.filter((p) => resolve(p.schema, schemas).kind === "unknown").map((p) => p.name));
  const emptyList = (v: unknown) => Array.isArray(v) && v.length === 0;
  return softFilter(arb, (v) => !isRecord(v) || !Object.entries(v).some(([k, x]) => required.has(k) && emptyList(x))).map((v) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => !emptyList(x)).map(([k, x]) => [k, untyped.has(k) && typeof x !== "string" && !(x instanceof Blob) ? (typeof x === "object" ? JSON.stringify(x) : String(x)) : x])) : v,
  );
}

// ---------------------------------------------------------------------------------------------
// Defaults: what the handler should see for what was sent
// ---------------------------------------------------------------------------------------------

/** A value with the schema's defaults filled in where it leaves a property (or the whole value) out. */
export function withDefaults(node: SchemaNode, value: unknown, schemas: Map<string, SchemaNode>, depth = 0): unknown {
  if (depth > 40) return value;
  if (value === undefined) return usable(node.default !== undefined ? node.default : resolve(node, schemas).default, node, schemas);
  const target = resolve(node, schemas);
  if (target.kind === "object" && isRecord(value)) {
    const out: Record<string, unknown> = { ...value };
    // A readOnly property is not part of a request (its default included): apigen's request DTOs leave it out.
    for (const p of includedProperties(target, { schemas, direction: "request" })) {
      const filled = withDefaults(p.schema, out[p.name], schemas, depth + 1);
      if (filled !== undefined) out[p.name] = filled;
    }
    return out;
  }
  if (target.kind === "intersection") {
    const merged = mergeObjects(target.members, schemas);
    return merged ? withDefaults(merged, value, schemas, depth + 1) : value;
  }
  if (target.kind === "array" && Array.isArray(value)) return value.map((v) => withDefaults(target.items, v, schemas, depth + 1));
  if (target.kind === "union" && target.discriminator && isRecord(value)) {
    const tag = value[target.discriminator.propertyName];
    const chosen = target.discriminator.mapping.find((m) => m.value === tag);
    return chosen ? withDefaults({ kind: "ref", target: chosen.target, pointer: "", nullable: false }, value, schemas, depth + 1) : value;
  }
  return value;
}

/**
 * A default the server applies: one that fits its schema (a spec's `default: "1.0"` on a number,
 * or `default: null` on a non-nullable array, is documentation only; apigen's emit/conforms.ts).
 */
function usable(value: JsonValue | undefined, node: SchemaNode, schemas: Map<string, SchemaNode>): unknown {
  if (value === undefined) return undefined;
  const ctx = { target: (n: SchemaNode) => resolve(n, schemas), component: (id: string) => ({ schema: schemas.get(id)! }) } as unknown as PrintContext;
  return conformsTo(value, node, ctx) ? structuredClone(value) : undefined;
}
