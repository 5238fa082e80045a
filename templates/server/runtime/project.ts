/**
 * Response filtering: what leaves the server is what the response schema declares. A handler
 * that returns a stored object (a row with a password hash, an entity with internal columns)
 * must not send its writeOnly or undeclared properties, in production too, where responses are
 * not validated. A zod parse per response costs too much for every request; instead the
 * generator emits, per JSON response schema, a compact allow-list tree (server/contract.gen.ts,
 * `projections([...])`), and `project` walks the value along it: it copies only declared keys,
 * and allocates nothing when the value already has only declared keys (the usual case).
 *
 * Entries of the generated table (children are 1-based indexes into the table; 0 keeps a value
 * as it is):
 * - `{ o: { name: child }, x? }` an object: its declared, non-writeOnly properties. `x` absent:
 *   other keys are stripped; `x: 0` they are kept (`additionalProperties: true`); `x: n` kept
 *   and projected by entry n (`additionalProperties` as a schema).
 * - `{ a: child }` an array; `{ t: [child, ...], x? }` a tuple (positions past the prefix by `x`).
 * - `{ u: [variant, ...], q: [[required names], ...], k?: [[tag, value, ...], ...], d?, m? }` a
 *   oneOf/anyOf. With a discriminator (`d`, the tag property; `m`, tag value -> entry) the tag
 *   picks the variant. Otherwise the variants of the value's kind (object or array) whose
 *   required properties are present and whose constant-valued properties (`k`) match are the
 *   matching ones (all of that kind when none matches), and the value keeps the union of what
 *   they declare. allOf is merged at generation time.
 * Values that are not plain JSON containers where the schema has one (strings, numbers, null)
 * are left as they are: filtering is not validation. Objects with `toJSON` (ORM entities,
 * Dates) are projected as what `toJSON()` returns, which is what JSON.stringify would send.
 */
import { isJsonMediaType } from "./body.js";
import type { HandlerResponse, ResponseContract } from "./types.js";

/** One entry of a generated projection table (see the comment above). */
export type ProjectionEntry =
  | { o: Record<string, number>; x?: number }
  | { a: number }
  | { t: readonly number[]; x?: number }
  | { u: readonly number[]; q: readonly (readonly string[])[]; k?: readonly (readonly (string | number | boolean)[])[]; d?: string; m?: Record<string, number> };

/** A linked projection: what `project` walks. */
export type Projection = ObjectProjection | ArrayProjection | TupleProjection | UnionProjection;

/** A child `null` is kept as it is; `extra` undefined: undeclared keys are stripped. */
export interface ObjectProjection {
  kind: "object";
  props: Map<string, Projection | null>;
  extra: Projection | null | undefined;
}
export interface ArrayProjection {
  kind: "array";
  items: Projection | null;
}
export interface TupleProjection {
  kind: "tuple";
  items: (Projection | null)[];
  rest: Projection | null;
}
export interface UnionProjection {
  kind: "union";
  variants: Projection[];
  required: readonly (readonly string[])[];
  /** Per variant: property name, value, name, value... that must be equal. */
  constants: readonly (readonly (string | number | boolean)[])[];
  tag: string | undefined;
  byTag: Map<string, Projection>;
  /** Merged projections of several matching variants, by their indexes (made on first use). */
  merged: Map<string, Projection>;
}

/** Links a generated table into projections (once, when contract.gen.ts loads). */
export function projections(table: readonly ProjectionEntry[]): Projection[] {
  const linked: Projection[] = table.map((entry): Projection => {
    if ("o" in entry) return { kind: "object", props: new Map(), extra: undefined };
    if ("a" in entry) return { kind: "array", items: null };
    if ("t" in entry) return { kind: "tuple", items: [], rest: null };
    return { kind: "union", variants: [], required: entry.q, constants: entry.k ?? [], tag: entry.d, byTag: new Map(), merged: new Map() };
  });
  const ref = (index: number): Projection | null => (index === 0 ? null : (linked[index - 1] ?? null));
  table.forEach((entry, i) => {
    const node = linked[i]!;
    if ("o" in entry && node.kind === "object") {
      for (const name of Object.keys(entry.o)) node.props.set(name, ref(entry.o[name]!));
      node.extra = entry.x === undefined ? undefined : ref(entry.x);
    } else if ("a" in entry && node.kind === "array") node.items = ref(entry.a);
    else if ("t" in entry && node.kind === "tuple") {
      node.items = entry.t.map(ref);
      node.rest = entry.x === undefined ? null : ref(entry.x);
    } else if ("u" in entry && node.kind === "union") {
      // The generator never emits 0 here; a keep-all object stands in for one, keeping indexes aligned with `q` and `k`.
      node.variants = entry.u.map((index) => ref(index) ?? { kind: "object", props: new Map(), extra: null });
      if (entry.m) for (const value of Object.keys(entry.m)) {
        const target = ref(entry.m[value]!);
        if (target) node.byTag.set(value, target);
      }
    }
  });
  return linked;
}

/** The handler's result with its JSON body projected on the declared response (the same result when nothing changes). */
export function filteredResult(declared: ResponseContract | undefined, result: HandlerResponse, contentType: string): HandlerResponse {
  const projection = declared?.projection;
  const { body: value } = result;
  // Bytes are sent as they are (respond.ts), whatever the media type; primitives have no properties.
  if (!projection || typeof value !== "object" || value === null || ArrayBuffer.isView(value) || !isJsonMediaType(contentType)) return result;
  const body = project(projection, value);
  return body === value ? result : { ...result, body };
}

/** A value as the projection allows it: a copy without the keys it does not declare, or the value itself when it has none. */
export function project(node: Projection, input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  let value: object = input;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    const json: unknown = (value as { toJSON(): unknown }).toJSON();
    if (typeof json !== "object" || json === null) return json;
    value = json;
  }
  switch (node.kind) {
    case "object":
      return Array.isArray(value) ? value : projectObject(node, value as Record<string, unknown>);
    case "array":
      return Array.isArray(value) && node.items ? projectItems(value, node.items, null, 0) : value;
    case "tuple":
      return Array.isArray(value) ? projectItems(value, node.rest, node.items, node.items.length) : value;
    case "union": {
      const chosen = variantFor(node, value);
      return chosen ? project(chosen, value) : value;
    }
  }
}

function projectObject(node: ObjectProjection, value: Record<string, unknown>): Record<string, unknown> {
  const { props, extra } = node;
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = value[key];
    let kept: unknown = item;
    let drop = false;
    const child = props.get(key);
    if (child !== undefined) {
      if (child !== null) kept = project(child, item);
    } else if (extra === undefined) drop = true;
    else if (extra !== null) kept = project(extra, item);
    if (out === undefined) {
      if (!drop && kept === item) continue;
      out = {};
      for (let j = 0; j < i; j++) setKey(out, keys[j]!, value[keys[j]!]);
    }
    if (!drop) setKey(out, key, kept);
  }
  return out ?? value;
}

/** `out[key] = value`, also for a key named `__proto__` (which would set the prototype). */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function projectItems(value: unknown[], rest: Projection | null, prefix: (Projection | null)[] | null, prefixLength: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const child = i < prefixLength ? prefix![i]! : rest;
    const item = value[i];
    const kept = child === null ? item : project(child, item);
    if (out === undefined) {
      if (kept === item) continue;
      out = value.slice(0, i);
    }
    out.push(kept);
  }
  return out ?? value;
}

/** The projection of the union's variant(s) that match the value (see the file's comment). */
function variantFor(node: UnionProjection, value: object): Projection | undefined {
  const isArray = Array.isArray(value);
  if (node.tag !== undefined && !isArray) {
    const tag = (value as Record<string, unknown>)[node.tag];
    const chosen = typeof tag === "string" || typeof tag === "number" || typeof tag === "boolean" ? node.byTag.get(String(tag)) : undefined;
    if (chosen) return chosen;
  }
  const ofKind: number[] = [];
  const matching: number[] = [];
  node.variants.forEach((variant, i) => {
    if ((variant.kind === "array" || variant.kind === "tuple") !== isArray) return;
    ofKind.push(i);
    if (isArray || matches(value as Record<string, unknown>, node.required[i] ?? [], node.constants[i] ?? [])) matching.push(i);
  });
  const chosen = matching.length > 0 ? matching : ofKind;
  if (chosen.length <= 1) return chosen.length === 1 ? node.variants[chosen[0]!] : undefined;
  const key = chosen.join(",");
  let merged = node.merged.get(key);
  if (!merged) node.merged.set(key, (merged = merge(chosen.map((i) => node.variants[i]!))));
  return merged;
}

function matches(value: Record<string, unknown>, required: readonly string[], constants: readonly (string | number | boolean)[]): boolean {
  for (const name of required) if (value[name] === undefined) return false;
  for (let i = 0; i < constants.length; i += 2) if (value[constants[i] as string] !== constants[i + 1]) return false;
  return true;
}

/** What several variants declare together: every key any of them declares, each projected by the union of its projections. */
function merge(nodes: Projection[]): Projection {
  const flat = nodes.flatMap((n) => (n.kind === "union" ? n.variants : [n]));
  if (flat.every((n) => n.kind === "object")) {
    const objects = flat as ObjectProjection[];
    const children = new Map<string, (Projection | null)[]>();
    for (const o of objects) for (const [name, child] of o.props) children.set(name, [...(children.get(name) ?? []), child]);
    const props = new Map<string, Projection | null>();
    for (const [name, list] of children) props.set(name, unionOf(list));
    const extras = objects.map((o) => o.extra).filter((x) => x !== undefined);
    return { kind: "object", props, extra: extras.length === 0 ? undefined : unionOf(extras) };
  }
  if (flat.every((n) => n.kind === "array")) return { kind: "array", items: unionOf((flat as ArrayProjection[]).map((n) => n.items)) };
  return flat[0]!;
}

/** One projection standing for several: keep as it is when any of them does. */
function unionOf(list: (Projection | null)[]): Projection | null {
  if (list.some((p) => p === null)) return null;
  const distinct = [...new Set(list as Projection[])];
  if (distinct.length === 1) return distinct[0]!;
  return { kind: "union", variants: distinct, required: [], constants: [], tag: undefined, byTag: new Map(), merged: new Map() };
}
