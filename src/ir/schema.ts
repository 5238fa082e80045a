/**
 * The intermediate representation of schemas: plain, serialisable data tagged by `kind`.
 * 3.0 and 3.1 differences are gone by the time a node is built (see normalize/).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What every schema node can carry besides its shape. */
export interface SchemaMeta {
  /** JSON pointer of the node in the (bundled) document, for diagnostics. */
  pointer: string;
  nullable: boolean;
  title?: string;
  description?: string;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  default?: JsonValue;
  /** Examples from `example` (3.0) and `examples` (3.1), in document order. */
  examples?: JsonValue[];
  /** `format` as written (int64, date-time, ...), kept for docs even where the type is plain. */
  format?: string;
}

export interface ObjectProperty {
  /** The wire name, exactly as in the spec. */
  name: string;
  required: boolean;
  schema: SchemaNode;
}

export interface ObjectNode extends SchemaMeta {
  kind: "object";
  properties: ObjectProperty[];
  /**
   * `"unspecified"`: the spec said nothing (extra keys tolerated, not typed);
   * `true`: any extra key allowed and typed as unknown; `false`: none allowed;
   * a node: extra keys allowed with that type.
   */
  additionalProperties: "unspecified" | boolean | SchemaNode;
  /**
   * `oneOf`/`anyOf` of bare `required` lists beside the properties (`oneOf: [{required: [a]},
   * {required: [b]}]`): sets of property names of which exactly one (oneOf) or at least one
   * (anyOf) must be present in full. They constrain the value, not its type.
   */
  requiredAlternatives?: { exactlyOne: boolean; sets: string[][] };
  minProperties?: number;
  maxProperties?: number;
}

export interface ArrayNode extends SchemaMeta {
  kind: "array";
  items: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

export interface TupleNode extends SchemaMeta {
  kind: "tuple";
  prefixItems: SchemaNode[];
  /** Elements after the prefix: a node, or false when the tuple is closed. */
  rest: SchemaNode | false;
  minItems?: number;
  maxItems?: number;
}

export interface StringNode extends SchemaMeta {
  kind: "string";
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** The pattern compiles in unicode (`u`) mode; otherwise it is used without flags. */
  patternUnicode?: boolean;
  /** `format: binary` where the value travels as bytes (a multipart part, a raw body); cleared in JSON and parameters (normalize/binary-bytes.ts). */
  binary?: boolean;
}

export interface NumberNode extends SchemaMeta {
  kind: "number" | "integer";
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface BooleanNode extends SchemaMeta {
  kind: "boolean";
}

export interface NullNode extends SchemaMeta {
  kind: "null";
}

export interface EnumNode extends SchemaMeta {
  kind: "enum";
  /** Distinct values in spec order; null is expressed with `nullable`, never listed here. */
  values: (string | number | boolean)[];
}

export interface ConstNode extends SchemaMeta {
  kind: "const";
  value: JsonValue;
}

export interface Discriminator {
  /** The wire name of the property that tells the variants apart. */
  propertyName: string;
  /** Discriminator value -> component id of the variant, in spec order. */
  mapping: { value: string; target: string }[];
  /**
   * 3.2's `defaultMapping`: the component id of the schema a payload is read as when its tag is
   * absent or names no mapping (instead of being refused).
   */
  defaultTarget?: string;
}

export interface UnionNode extends SchemaMeta {
  kind: "union";
  /** `oneOf` and `anyOf` are both plain unions in types; kept for docs and validation choice. */
  combinator: "oneOf" | "anyOf";
  variants: SchemaNode[];
  discriminator?: Discriminator;
}

export interface IntersectionNode extends SchemaMeta {
  kind: "intersection";
  members: SchemaNode[];
}

export interface RefNode extends SchemaMeta {
  kind: "ref";
  /** Id of the component schema (its JSON pointer, e.g. `#/components/schemas/Pet`). */
  target: string;
}

export interface UnknownNode extends SchemaMeta {
  kind: "unknown";
}

/** A schema that cannot match anything (`false`, `not: {}`). */
export interface NeverNode extends SchemaMeta {
  kind: "never";
}

export type SchemaNode =
  | ObjectNode
  | ArrayNode
  | TupleNode
  | StringNode
  | NumberNode
  | BooleanNode
  | NullNode
  | EnumNode
  | ConstNode
  | UnionNode
  | IntersectionNode
  | RefNode
  | UnknownNode
  | NeverNode;

export type SchemaKind = SchemaNode["kind"];

/** A named, reusable schema (a component, or a schema other $refs point at). */
export interface ComponentSchema {
  /** Stable id: the JSON pointer the schema lives at. */
  id: string;
  /** The name as written in the spec (the last pointer token). */
  specName: string;
  schema: SchemaNode;
}

/** A union's `defaultMapping` as a variant of its own, untagged: what an unknown or absent tag is read as. */
export function defaultVariant(union: UnionNode): RefNode | undefined {
  const target = union.discriminator?.defaultTarget;
  return target === undefined ? undefined : { kind: "ref", target, pointer: `${union.pointer}/discriminator/defaultMapping`, nullable: false };
}
