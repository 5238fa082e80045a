import type { ApiDocument } from "../ir/document.js";
import type { ComponentSchema, SchemaNode, UnionNode } from "../ir/schema.js";
import type { ComponentNames, ResolvedNames } from "../resolve/resolve-names.js";
import { conformsTo } from "./conforms.js";
import type { ObjectPool } from "./core/shared-objects.js";
import { SymbolUses } from "./symbol-uses.js";

/**
 * Which view of a schema to print. `read`: a response as received (writeOnly left out; defaults
 * are the sender's to fill, so not applied). `write`: a request as the server has parsed it
 * (readOnly left out; defaults applied, so defaulted properties are present). `input`: a request
 * as a client writes it (readOnly left out; defaulted properties optional). zod has read and
 * write schemas; `input` exists only as types.
 */
export type Mode = "read" | "write" | "input";

/** What the type and zod printers need to know about the whole API while printing one node. */
export class PrintContext {
  readonly names: ResolvedNames;
  /** Put before component type names, e.g. `M.` where models are imported as a namespace. */
  readonly typePrefix: string;
  /** Where zod objects are printed into, when repeated ones are to be shared (core/shared-objects.ts). */
  readonly objectPool: ObjectPool | undefined;
  /**
   * The runtime helpers and namespaces the printers emitted (zod helpers, `WithAdditionalProperties`,
   * the `M` of typePrefix). One recorder for all files of a view: the zod helpers appear only in
   * schema files, the type helpers only in type files, so each file's imports stay exact.
   */
  readonly uses = new SymbolUses();
  private readonly byId: Map<string, ComponentSchema>;

  constructor(api: ApiDocument, names: ResolvedNames, options: { typePrefix?: string; objectPool?: ObjectPool } = {}) {
    this.names = names;
    this.typePrefix = options.typePrefix ?? "";
    this.objectPool = options.objectPool;
    this.byId = new Map(api.schemas.map((c) => [c.id, c]));
  }

  /**
   * This context recording its uses elsewhere: to print a type only to compare it (the client
   * prints a part both ways to see whether models.gen.ts already declares it), without importing
   * what the comparison printed.
   */
  detached(): PrintContext {
    return Object.assign(Object.create(PrintContext.prototype) as PrintContext, this, { uses: new SymbolUses() });
  }

  /** A component type's name as printed here: with the namespace prefix (recorded as used), if any. */
  typeRef(name: string): string {
    if (this.typePrefix === "") return name;
    this.uses.use(this.typePrefix.replace(/\.$/, ""));
    return this.typePrefix + name;
  }

  component(id: string): ComponentSchema {
    const c = this.byId.get(id);
    if (!c) throw new Error(`internal: unknown component ${id}`);
    return c;
  }

  componentNames(id: string): ComponentNames {
    const n = this.names.components.get(id);
    if (!n) throw new Error(`internal: no names for component ${id}`);
    return n;
  }

  /** Follows ref nodes to the schema they name (stops on a cycle of bare refs). */
  target(node: SchemaNode): SchemaNode {
    let current = node;
    const seen = new Set<string>();
    while (current.kind === "ref" && !seen.has(current.target)) {
      seen.add(current.target);
      current = this.component(current.target).schema;
    }
    return current;
  }

  /** Whether a property is left out on this side of the wire. */
  omitted(schema: SchemaNode, mode: Mode): boolean {
    const resolved = schema.kind === "ref" ? this.component(schema.target).schema : undefined;
    if (mode !== "read") return Boolean(schema.readOnly || resolved?.readOnly);
    return Boolean(schema.writeOnly || resolved?.writeOnly);
  }

  /**
   * Discriminator values that select `variant` of a union. Only object variants can carry the
   * tag; for any other (an array, a string) the union stays untagged for that variant.
   */
  discriminatorValues(union: UnionNode, variant: SchemaNode): string[] {
    if (!union.discriminator || variant.kind !== "ref") return [];
    const target = this.target(variant);
    if (target.kind !== "object" && target.kind !== "intersection") return [];
    return union.discriminator.mapping.filter((m) => m.target === variant.target).map((m) => m.value);
  }

  /**
   * Whether a variant requires its discriminator property. The spec says it should; where a
   * variant leaves it optional (GitHub's users do), the tag is optional too, so payloads without
   * it still parse.
   */
  requiresProperty(variant: SchemaNode, name: string, depth = 0): boolean {
    const target = this.target(variant);
    if (depth > 16) return false;
    if (target.kind === "object") return target.properties.some((p) => p.name === name && p.required);
    if (target.kind === "intersection") return target.members.some((m) => this.requiresProperty(m, name, depth + 1));
    return false;
  }

  /** A default that fits its schema; one that does not is documented but never applied. */
  hasUsableDefault(node: SchemaNode): boolean {
    return node.default !== undefined && conformsTo(node.default, node, this);
  }
}
