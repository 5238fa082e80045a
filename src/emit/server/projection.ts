/**
 * The response projections of server/contract.gen.ts: per JSON response schema, the allow-list
 * tree the server runtime (templates/server/runtime/project.ts, which documents the entries)
 * walks to strip writeOnly and undeclared properties before a body is sent. Built here, once,
 * so that the per-request work is a walk over declared keys, not a schema parse.
 *
 * Components get one entry each (so recursive schemas, `Category.children`, are cycles in the
 * table, not infinite trees); inline schemas are interned by their text. allOf is merged here:
 * a property is declared when any member declares it (writeOnly when any member says so), and a
 * property several members declare is projected by the merge of their schemas. An allOf with a
 * oneOf/anyOf member distributes over its variants.
 */
import { type ComponentSchema, defaultVariant, type IntersectionNode, type ObjectNode, type SchemaNode, type UnionNode } from "../../ir/schema.js";
import { jsonLiteral } from "../escape.js";
import { isWriteOnly, objectsOf, requiredConstants, resolveRefs } from "./projection-schemas.js";
import { appendTo } from "../../multimap.js";

type Entry =
  | { o: Record<string, number>; x?: number }
  | { a: number }
  | { t: number[]; x?: number }
  | { u: number[]; q: string[][]; k?: (string | number | boolean)[][]; d?: string; m?: Record<string, number> };

/** An object entry that keeps everything (a free-form object as a union variant). */
const KEEP_OBJECT: Entry = { o: {}, x: 0 };

export class ProjectionTable {
  readonly #components: Map<string, ComponentSchema>;
  readonly #entries: (Entry | undefined)[] = [];
  readonly #byComponent = new Map<string, number>();
  readonly #byText = new Map<string, number>();
  readonly #needs = new Map<string, boolean>();
  readonly #byMerge = new Map<string, number>();

  constructor(components: readonly ComponentSchema[]) {
    this.#components = new Map(components.map((c) => [c.id, c]));
  }

  /** The entry number (1-based) of a response schema's projection; 0 when it needs none (no object inside). */
  refOf(node: SchemaNode): number {
    switch (node.kind) {
      case "ref":
        return this.#componentRef(node.target);
      case "object":
      case "array":
      case "tuple":
      case "union":
      case "intersection": {
        const entry = this.#entryOf(node);
        return entry === undefined ? 0 : this.#intern(entry);
      }
      default:
        return 0;
    }
  }

  /** The table as TypeScript entries, one per line (empty when no response needs a projection). */
  entries(): string[] {
    return this.#entries.map((entry, i) => `/* ${i + 1} */ ${literal(entry ?? KEEP_OBJECT)}`);
  }

  #intern(entry: Entry): number {
    const text = literal(entry);
    const known = this.#byText.get(text);
    if (known !== undefined) return known;
    this.#entries.push(entry);
    this.#byText.set(text, this.#entries.length);
    return this.#entries.length;
  }

  #componentRef(id: string): number {
    const known = this.#byComponent.get(id);
    if (known !== undefined) return known;
    const component = this.#components.get(id);
    if (!component || !this.#componentNeeds(id)) {
      this.#byComponent.set(id, 0);
      return 0;
    }
    // An alias (`A: { $ref: B }`) is B's entry.
    if (component.schema.kind === "ref" && !component.schema.writeOnly) {
      this.#byComponent.set(id, 0); // a cycle of aliases projects nothing
      const target = this.#componentRef(component.schema.target);
      this.#byComponent.set(id, target);
      return target;
    }
    this.#entries.push(undefined); // reserved: a recursive schema refers to itself while it is built
    const ref = this.#entries.length;
    this.#byComponent.set(id, ref);
    this.#entries[ref - 1] = this.#entryOf(component.schema) ?? KEEP_OBJECT;
    return ref;
  }

  /** Whether a component reaches an object (the only thing a projection changes). */
  #componentNeeds(id: string): boolean {
    const known = this.#needs.get(id);
    if (known !== undefined) return known;
    this.#needs.set(id, false); // in progress: a cycle adds nothing
    const component = this.#components.get(id);
    const needs = component !== undefined && this.#nodeNeeds(component.schema);
    this.#needs.set(id, needs);
    return needs;
  }

  #nodeNeeds(node: SchemaNode): boolean {
    switch (node.kind) {
      case "ref":
        return this.#componentNeeds(node.target);
      case "object":
        return true;
      case "array":
        return this.#nodeNeeds(node.items);
      case "tuple":
        return node.prefixItems.some((n) => this.#nodeNeeds(n)) || (node.rest !== false && this.#nodeNeeds(node.rest));
      case "union":
        return node.variants.some((n) => this.#nodeNeeds(n));
      case "intersection":
        return node.members.some((n) => this.#nodeNeeds(n));
      default:
        return false;
    }
  }

  /** A node's entry; undefined when values of its schema are sent as they are. */
  #entryOf(node: SchemaNode): Entry | undefined {
    switch (node.kind) {
      case "ref": {
        const ref = this.#componentRef(node.target);
        return ref === 0 ? undefined : this.#entries[ref - 1];
      }
      case "object":
        return this.#objectEntry([node]);
      case "array": {
        const items = this.refOf(node.items);
        return items === 0 ? undefined : { a: items };
      }
      case "tuple": {
        const prefix = node.prefixItems.map((n) => this.refOf(n));
        const rest = node.rest === false ? 0 : this.refOf(node.rest);
        return prefix.every((r) => r === 0) && rest === 0 ? undefined : rest === 0 ? { t: prefix } : { t: prefix, x: rest };
      }
      case "union":
        return this.#unionEntry(node);
      case "intersection":
        return this.#intersectionEntry(node.members);
      default:
        return undefined;
    }
  }

  /** Declared properties of one object or of an allOf's objects merged. */
  #objectEntry(objects: ObjectNode[]): Entry | undefined {
    const declared = new Map<string, SchemaNode[]>();
    const writeOnly = new Set<string>();
    let keepExtra = false;
    const extraSchemas: SchemaNode[] = [];
    for (const object of objects) {
      for (const p of object.properties) {
        if (isWriteOnly(this.#components, p.schema)) writeOnly.add(p.name);
        else appendTo(declared, p.name, p.schema);
      }
      if (object.additionalProperties === true) keepExtra = true;
      else if (typeof object.additionalProperties === "object") extraSchemas.push(object.additionalProperties);
    }
    // A bare `type: object` (no properties, nothing said of others) is a free-form object.
    const freeForm = objects.every((o) => o.properties.length === 0 && o.additionalProperties === "unspecified");
    if (freeForm) return undefined;
    const o: Record<string, number> = {};
    for (const [name, schemas] of declared) if (!writeOnly.has(name)) o[name] = this.#mergedRef(schemas);
    if (keepExtra) return { o, x: 0 };
    if (extraSchemas.length > 0) return { o, x: this.#mergedRef(extraSchemas) };
    return { o };
  }

  /**
   * A property several allOf members declare: the merge of its schemas, one entry per set of
   * schemas (so a recursive schema merged with another ends in a cycle, not an endless tree).
   */
  #mergedRef(schemas: SchemaNode[]): number {
    const ids = [...new Set(schemas.map((s) => (s.kind === "ref" ? s.target : s.pointer)))];
    if (ids.length === 1 && ids[0] !== "") return this.refOf(schemas[0]!);
    const key = ids.includes("") ? undefined : ids.sort().join("\n");
    const known = key === undefined ? undefined : this.#byMerge.get(key);
    if (known !== undefined) return known;
    const merged: IntersectionNode = { kind: "intersection", members: schemas, pointer: "", nullable: false };
    if (key === undefined) return this.refOf(merged);
    this.#entries.push(undefined);
    const ref = this.#entries.length;
    this.#byMerge.set(key, ref);
    this.#entries[ref - 1] = this.#entryOf(merged) ?? KEEP_OBJECT;
    return ref;
  }

  /** allOf: the members' objects merged; with a union member, the merge distributed over its variants. */
  #intersectionEntry(members: SchemaNode[]): Entry | undefined {
    const flat: SchemaNode[] = [];
    const seen = new Set<string>();
    const add = (node: SchemaNode): void => {
      if (node.kind === "ref") {
        if (seen.has(node.target)) return;
        seen.add(node.target);
        const target = this.#components.get(node.target);
        if (target) add(target.schema);
      } else if (node.kind === "intersection") node.members.forEach(add);
      else flat.push(node);
    };
    members.forEach(add);
    const unionAt = flat.findIndex((n) => n.kind === "union");
    if (unionAt >= 0) {
      const union = flat[unionAt] as UnionNode;
      const others = flat.filter((_, i) => i !== unionAt);
      const distributed: UnionNode = { ...union, variants: union.variants.map((v): SchemaNode => ({ kind: "intersection", members: [...others, v], pointer: "", nullable: false })) };
      return this.#unionEntry(distributed);
    }
    const objects = flat.filter((n): n is ObjectNode => n.kind === "object");
    if (objects.length === 0) {
      const single = flat.filter((n) => n.kind === "array" || n.kind === "tuple");
      return single.length === 1 ? this.#entryOf(single[0]!) : undefined;
    }
    return this.#objectEntry(objects);
  }

  /** oneOf/anyOf: the structured variants (primitives need nothing), each with what tells it apart. */
  #unionEntry(node: UnionNode): Entry | undefined {
    const leaves: SchemaNode[] = [];
    const seen = new Set<string>();
    const collect = (variant: SchemaNode): boolean => {
      const resolved = resolveRefs(this.#components, variant, seen);
      if (resolved.kind === "unknown") return false; // anything goes: nothing to strip
      // A nested union without its own discriminator adds its variants.
      if (resolved.kind === "union" && !resolved.discriminator) return resolved.variants.every(collect);
      if (["object", "array", "tuple", "union", "intersection"].includes(resolved.kind)) leaves.push(variant);
      return true;
    };
    const fallback = defaultVariant(node);
    if (!node.variants.every(collect) || (fallback !== undefined && !collect(fallback)) || leaves.length === 0) return undefined;
    const u: number[] = [];
    const q: string[][] = [];
    const k: (string | number | boolean)[][] = [];
    for (const leaf of leaves) {
      const resolved = resolveRefs(this.#components, leaf, new Set());
      const isArray = resolved.kind === "array" || resolved.kind === "tuple";
      const ref = this.refOf(leaf);
      u.push(ref !== 0 ? ref : this.#intern(isArray ? { a: 0 } : KEEP_OBJECT));
      const objects = objectsOf(this.#components, resolved);
      q.push([...new Set(objects.flatMap((o) => o.properties.filter((p) => p.required).map((p) => p.name)))]);
      k.push(requiredConstants(this.#components, objects));
    }
    const entry: Entry = { u, q };
    if (k.some((c) => c.length > 0)) entry.k = k;
    if (node.discriminator) {
      entry.d = node.discriminator.propertyName;
      const m: Record<string, number> = {};
      for (const { value, target } of node.discriminator.mapping) {
        const ref = this.#componentRef(target);
        if (ref !== 0) m[value] = ref;
      }
      entry.m = m;
    }
    return entry;
  }
}

function literal(entry: Entry): string {
  return jsonLiteral(entry as unknown as Parameters<typeof jsonLiteral>[0]);
}
