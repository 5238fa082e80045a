import { escapePointerToken } from "../load/json-pointer.js";
import type {
  Discriminator,
  JsonValue,
  ObjectNode,
  SchemaMeta,
  SchemaNode,
} from "../ir/schema.js";
import { isObject, type NormalizeContext, type RawObject } from "./context.js";
import { readConstraints } from "./schema-constraints.js";
import { checkSchemaKeywords, inferType, isBinary, META_KEYWORDS, readMeta, readTypes } from "./schema-keywords.js";

/** Keywords that only describe a $ref (3.1 allows them beside it); anything else adds constraints. */
const REF_META_KEYWORDS = new Set(["$ref", "description", "summary", "title", "deprecated", "readOnly", "writeOnly", "example", "examples", "default", "nullable", "$comment"]);

/**
 * Turns one raw schema (3.0 or 3.1) into an IR node. Every `$ref` becomes a `ref` node to a
 * component, so recursive schemas never need to be inlined.
 */
export function normalizeSchema(ctx: NormalizeContext, raw: unknown, pointer: string): SchemaNode {
  if (raw === true || raw === undefined) return { kind: "unknown", pointer, nullable: false };
  if (raw === false) return { kind: "never", pointer, nullable: false };
  if (!isObject(raw)) return { kind: "unknown", pointer, nullable: false };

  if (typeof raw.$ref === "string") return normalizeRef(ctx, raw, pointer);
  checkSchemaKeywords(ctx, raw, pointer);

  const meta = readMeta(ctx, raw, pointer);
  const composed = normalizeComposition(ctx, raw, pointer, meta);
  if (composed) return composed;
  return normalizeTyped(ctx, raw, pointer, meta);
}

function normalizeRef(ctx: NormalizeContext, raw: RawObject, pointer: string): SchemaNode {
  const target = ctx.componentFor(raw.$ref as string);
  const meta = readMeta(ctx, raw, pointer);
  const ref: SchemaNode = { ...meta, kind: "ref", target };
  // 3.0 ignores $ref siblings; 3.1 applies them, so constraints beside a $ref intersect with it.
  if (ctx.version === "3.0") return { ...ref, nullable: false };
  const extra = Object.keys(raw).filter((k) => !REF_META_KEYWORDS.has(k) && !k.startsWith("x-"));
  if (extra.length === 0) return ref;
  const siblings: RawObject = {};
  for (const key of extra) siblings[key] = raw[key];
  const rest = normalizeSchema(ctx, siblings, pointer);
  return { ...meta, kind: "intersection", members: [{ ...ref, nullable: false, description: undefined }, rest] };
}

function normalizeComposition(ctx: NormalizeContext, raw: RawObject, pointer: string, ownMeta: SchemaMeta): SchemaNode | undefined {
  let meta = ownMeta;
  const parts: SchemaNode[] = [];
  const allOf = Array.isArray(raw.allOf) ? raw.allOf : undefined;
  const oneOf = Array.isArray(raw.oneOf) ? raw.oneOf : undefined;
  const anyOf = Array.isArray(raw.anyOf) ? raw.anyOf : undefined;
  if (!allOf && !oneOf && !anyOf) return undefined;

  // Sibling keywords (e.g. `properties` next to `oneOf`) constrain the value too.
  let requiredAlternatives: ObjectNode["requiredAlternatives"];
  const own = withoutKeys(raw, ["allOf", "oneOf", "anyOf", "discriminator", "nullable", ...META_KEYWORDS]);
  const ownTypes = readTypes(own);
  if (ownTypes.includes("null")) meta = { ...meta, nullable: true };
  if (siblingsAddShape(own, Boolean(oneOf || anyOf))) parts.push(normalizeTyped(ctx, own, pointer, plainMeta(pointer)));

  if (allOf) allOf.forEach((s, i) => parts.push(normalizeSchema(ctx, s, `${pointer}/allOf/${i}`)));
  for (const [combinator, list] of [["oneOf", oneOf], ["anyOf", anyOf]] as const) {
    if (!list) continue;
    const variants = list.map((s, i) => normalizeSchema(ctx, s, `${pointer}/${combinator}/${i}`));
    // `anyOf: [{required: [a]}, {required: [b]}]` only constrains; it adds nothing to the type.
    if (variants.every((v) => v.kind === "unknown" && !v.nullable)) {
      const sets = requiredOnly(list);
      if (sets) requiredAlternatives = { exactlyOne: combinator === "oneOf", sets };
      continue;
    }
    const nullVariants = variants.filter((v) => v.kind === "null");
    const nonNull = variants.filter((v) => v.kind !== "null");
    const discriminator = readDiscriminator(ctx, raw, nonNull, pointer);
    // `oneOf: [X, {type: null}]` is 3.1's spelling of a nullable X.
    const nullable = nullVariants.length > 0;
    if (nonNull.length === 1 && !discriminator) {
      parts.push({ ...nonNull[0]!, nullable: nonNull[0]!.nullable || nullable });
    } else {
      parts.push({ ...plainMeta(`${pointer}/${combinator}`), nullable, kind: "union", combinator, variants: nonNull, discriminator });
    }
  }
  const nullable = meta.nullable;
  // Nothing but constraints the types cannot express (e.g. `anyOf: [{required: [a]}]`).
  if (parts.length === 0) return { ...meta, kind: "unknown" };
  if (parts.length === 1) {
    const only = parts[0]!;
    // Required-only alternatives beside an object's properties are checked on that object (the readme-legacy `POST /docs` body).
    if (requiredAlternatives && only.kind === "object") return { ...only, ...definedMeta(meta), pointer, nullable: nullable || only.nullable, requiredAlternatives };
    return { ...only, ...definedMeta(meta), pointer, nullable: nullable || only.nullable };
  }
  return { ...meta, kind: "intersection", members: parts };
}

function normalizeTyped(ctx: NormalizeContext, raw: RawObject, pointer: string, meta: SchemaMeta): SchemaNode {
  const types = readTypes(raw);
  const nonNullTypes = types.filter((t) => t !== "null");
  const nullable = meta.nullable || types.includes("null");

  if (raw.const !== undefined) return { ...meta, nullable: nullable && raw.const !== null, kind: "const", value: raw.const as JsonValue };
  if (Array.isArray(raw.enum)) return normalizeEnum(raw.enum, meta, nullable, nonNullTypes);

  if (nonNullTypes.length > 1) {
    // `type: [string, number]`: one variant per type, each with the keywords that apply to it.
    const variants = nonNullTypes.map((t) => normalizeTyped(ctx, { ...raw, type: t }, pointer, plainMeta(pointer)));
    return { ...meta, nullable, kind: "union", combinator: "anyOf", variants };
  }
  const type = nonNullTypes[0] ?? inferType(raw);
  if (type === undefined) {
    return types.includes("null") ? { ...meta, nullable: false, kind: "null" } : { ...meta, nullable, kind: "unknown" };
  }
  const constraints = readConstraints(ctx, raw, pointer);
  switch (type) {
    case "string":
      return { ...meta, nullable, kind: "string", ...constraints.string, binary: isBinary(ctx, raw) || undefined };
    case "number":
    case "integer":
      return { ...meta, nullable, kind: type, ...constraints.number };
    case "boolean":
      return { ...meta, nullable, kind: "boolean" };
    case "array":
      return normalizeArray(ctx, raw, pointer, { ...meta, nullable }, constraints.array);
    case "object":
      return normalizeObject(ctx, raw, pointer, { ...meta, nullable });
    default:
      return { ...meta, nullable, kind: "unknown" };
  }
}

function normalizeEnum(values: unknown[], meta: SchemaMeta, nullable: boolean, types: string[]): SchemaNode {
  const hasNull = values.includes(null);
  const seen = new Set<string>();
  const distinct: (string | number | boolean)[] = [];
  for (const value of values) {
    if (value === null || (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")) continue;
    const key = `${typeof value}:${String(value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(value);
  }
  if (distinct.length === 0) {
    return hasNull ? { ...meta, nullable: false, kind: "null" } : { ...meta, nullable, kind: types.length ? "never" : "unknown" };
  }
  return { ...meta, nullable: nullable || hasNull, kind: "enum", values: distinct };
}

function normalizeArray(
  ctx: NormalizeContext,
  raw: RawObject,
  pointer: string,
  meta: SchemaMeta,
  constraints: { minItems?: number; maxItems?: number; uniqueItems?: boolean },
): SchemaNode {
  if (Array.isArray(raw.prefixItems)) {
    const prefixItems = raw.prefixItems.map((s, i) => normalizeSchema(ctx, s, `${pointer}/prefixItems/${i}`));
    const rest = raw.items === false ? false : normalizeSchema(ctx, raw.items, `${pointer}/items`);
    return { ...meta, kind: "tuple", prefixItems, rest, minItems: constraints.minItems, maxItems: constraints.maxItems };
  }
  const items = normalizeSchema(ctx, raw.items, `${pointer}/items`);
  return { ...meta, kind: "array", items, ...constraints };
}

function normalizeObject(ctx: NormalizeContext, raw: RawObject, pointer: string, meta: SchemaMeta): ObjectNode {
  const required = new Set(Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === "string") : []);
  const props = isObject(raw.properties) ? raw.properties : {};
  const properties = Object.keys(props).map((name) => ({
    name,
    required: required.has(name),
    schema: normalizeSchema(ctx, props[name], `${pointer}/properties/${escapePointerToken(name)}`),
  }));
  const ap = raw.additionalProperties;
  let additionalProperties: ObjectNode["additionalProperties"] = "unspecified";
  if (ap === true || (isObject(ap) && Object.keys(ap).length === 0)) additionalProperties = true;
  else if (ap === false) additionalProperties = false;
  else if (isObject(ap)) additionalProperties = normalizeSchema(ctx, ap, `${pointer}/additionalProperties`);
  // `required` naming a property `properties` does not declare still requires it (JSON Schema):
  // present, with whatever additionalProperties allows (the oracle found oas-3.0-schema-enums'
  // `enum (with example) *required` accepted when missing).
  // With additionalProperties: false nothing can meet it (never), as in JSON Schema.
  for (const name of required) {
    if (Object.hasOwn(props, name)) continue;
    const schema: SchemaNode = typeof additionalProperties === "object" ? additionalProperties : { ...plainMeta(`${pointer}/required`), kind: additionalProperties === false ? "never" : "unknown" };
    properties.push({ name, required: true, schema });
  }
  return {
    ...meta,
    kind: "object",
    properties,
    additionalProperties,
    minProperties: typeof raw.minProperties === "number" ? raw.minProperties : undefined,
    maxProperties: typeof raw.maxProperties === "number" ? raw.maxProperties : undefined,
  };
}

function readDiscriminator(ctx: NormalizeContext, raw: RawObject, variants: SchemaNode[], pointer: string): Discriminator | undefined {
  const d = raw.discriminator;
  if (!isObject(d) || typeof d.propertyName !== "string") return undefined;
  const mapping: Discriminator["mapping"] = [];
  const mapped = new Set<string>();
  if (isObject(d.mapping)) {
    for (const [value, target] of Object.entries(d.mapping)) {
      if (typeof target !== "string") continue;
      const ref = target.startsWith("#") || target.includes("/") ? target : `#/components/schemas/${escapePointerToken(target)}`;
      if (ctx.resolveRaw(ref) === undefined) {
        ctx.warn("APIGEN_DISCRIMINATOR_TARGET_MISSING", `discriminator mapping ${JSON.stringify(value)} points at nothing`, `${pointer}/discriminator/mapping/${escapePointerToken(value)}`);
        continue;
      }
      mapping.push({ value, target: ctx.componentFor(ref) });
      mapped.add(ref);
    }
  }
  // Variants that no mapping entry names are told apart by their component name (the spec's rule).
  for (const v of variants) {
    if (v.kind === "ref" && !mapped.has(v.target)) {
      const name = v.target.split("/").pop() ?? v.target;
      mapping.push({ value: name.replace(/~1/g, "/").replace(/~0/g, "~"), target: v.target });
    }
  }
  const discriminator: Discriminator = { propertyName: d.propertyName, mapping };
  // 3.2: the schema for payloads whose tag is absent or names no mapping (else they are refused).
  if (typeof d.defaultMapping === "string") {
    const target = d.defaultMapping;
    const ref = target.startsWith("#") || target.includes("/") ? target : `#/components/schemas/${escapePointerToken(target)}`;
    if (ctx.resolveRaw(ref) === undefined) ctx.warn("APIGEN_DISCRIMINATOR_TARGET_MISSING", `discriminator defaultMapping ${JSON.stringify(target)} points at nothing: a payload whose tag no mapping names is refused`, `${pointer}/discriminator/defaultMapping`);
    else discriminator.defaultTarget = ctx.componentFor(ref);
  }
  return discriminator;
}

function plainMeta(pointer: string): SchemaMeta {
  return { pointer, nullable: false };
}

function definedMeta(meta: SchemaMeta): Partial<SchemaMeta> {
  const out: Partial<SchemaMeta> = {};
  for (const [key, value] of Object.entries(meta)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/**
 * Whether keywords beside allOf/oneOf/anyOf describe a shape worth intersecting with. Beside a
 * union, a bare `type` (list) only restates the variants' types, and typeless
 * `additionalProperties`/`required` only constrain objects: neither makes the value an object.
 * Typeless `properties` do, by the usual convention.
 */
function siblingsAddShape(own: RawObject, besideUnion: boolean): boolean {
  const keys = Object.keys(own).filter((k) => !k.startsWith("x-"));
  if (keys.length === 0) return false;
  if (own.type !== undefined) return !(besideUnion && keys.every((k) => k === "type"));
  return own.properties !== undefined || own.items !== undefined || own.enum !== undefined || own.const !== undefined;
}

/** The lists of `[{required: [...]}, ...]` when that is all each variant says (titles and descriptions aside), else undefined. */
function requiredOnly(list: unknown[]): string[][] | undefined {
  const sets: string[][] = [];
  for (const v of list) {
    if (!isObject(v) || !Array.isArray(v.required) || !v.required.every((r) => typeof r === "string")) return undefined;
    if (Object.keys(v).some((k) => k !== "required" && k !== "title" && k !== "description" && !k.startsWith("x-"))) return undefined;
    sets.push(v.required as string[]);
  }
  return sets.length > 0 ? sets : undefined;
}

function withoutKeys(raw: RawObject, keys: string[]): RawObject {
  const drop = new Set(keys);
  const out: RawObject = {};
  for (const key of Object.keys(raw)) if (!drop.has(key)) out[key] = raw[key];
  return out;
}

