/**
 * What normalize-schema.ts reads of a raw schema's own keywords: its descriptive meta (title,
 * description, examples...), the types it names or implies, whether it is raw bytes, and the
 * check that keywords are of the right kind (`type: 12` is an error, not silently ignored).
 */
import type { JsonValue, SchemaMeta } from "../ir/schema.js";
import { isPlainNullType, NULL_TYPE_READING } from "../check/recoverable.js";
import { isObject, type NormalizeContext, type RawObject } from "./context.js";

/** The types `type` may name. */
const PRIMITIVE_TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

/** Keywords that describe a schema without constraining its values (not siblings that add a shape). */
export const META_KEYWORDS = ["title", "description", "deprecated", "readOnly", "writeOnly", "default", "example", "examples", "format", "$comment", "$schema", "$id", "externalDocs", "xml"];

/** The descriptive keywords of a raw schema as IR meta; `nullable` from 3.0's `nullable: true`. */
export function readMeta(ctx: NormalizeContext, raw: RawObject, pointer: string): SchemaMeta {
  const meta: SchemaMeta = { pointer, nullable: raw.nullable === true && ctx.version === "3.0" };
  if (typeof raw.title === "string") meta.title = raw.title;
  if (typeof raw.description === "string") meta.description = raw.description;
  if (raw.deprecated === true) meta.deprecated = true;
  if (raw.readOnly === true) meta.readOnly = true;
  if (raw.writeOnly === true) meta.writeOnly = true;
  if (raw.default !== undefined) meta.default = raw.default as JsonValue;
  if (typeof raw.format === "string") meta.format = raw.format;
  const examples: JsonValue[] = [];
  if (raw.example !== undefined) examples.push(raw.example as JsonValue);
  if (Array.isArray(raw.examples)) examples.push(...(raw.examples as JsonValue[]));
  if (examples.length > 0) meta.examples = examples;
  return meta;
}

/** The types a raw schema's `type` names (a string or a list), unknown names left out. */
export function readTypes(raw: RawObject): string[] {
  // `type: null` (a YAML null, not the string) is an error; where it is read at all (validation
  // "warn", see check/recoverable.ts) it is the null type.
  const named = (t: unknown) => (t === null ? "null" : t);
  if (typeof raw.type === "string" || raw.type === null) return PRIMITIVE_TYPES.has(named(raw.type) as string) ? [named(raw.type) as string] : [];
  if (Array.isArray(raw.type)) return raw.type.map(named).filter((t): t is string => typeof t === "string" && PRIMITIVE_TYPES.has(t));
  return [];
}

/** A schema without `type` still says what it is through its keywords. */
export function inferType(raw: RawObject): string | undefined {
  if (raw.properties !== undefined || raw.additionalProperties !== undefined) return "object";
  if (raw.items !== undefined || raw.prefixItems !== undefined) return "array";
  return undefined;
}

/**
 * The official 3.1 document schema does not validate schema objects against JSON Schema, so
 * keywords of the wrong kind (`type: 12`, `required: true`) would pass silently; they are errors.
 */
export function checkSchemaKeywords(ctx: NormalizeContext, raw: RawObject, pointer: string): void {
  const bad = (keyword: string, expected: string, recovery?: string) =>
    ctx.error("APIGEN_INVALID_SCHEMA", `\`${keyword}\` must be ${expected}, not ${JSON.stringify(raw[keyword])}`, `${pointer}/${keyword}`, "Fix the schema keyword; see the JSON Schema specification for its allowed values.", recovery);
  const types = Array.isArray(raw.type) ? raw.type : [raw.type];
  if (raw.type !== undefined && !types.every((t) => typeof t === "string" && PRIMITIVE_TYPES.has(t))) {
    // `type: null` meant the null type, where nothing else in the schema says otherwise; so did a null in a list.
    const nullMeant = raw.type === null ? isPlainNullType(raw) : types.every((t) => t === null || (typeof t === "string" && PRIMITIVE_TYPES.has(t)));
    bad("type", "one of string, number, integer, boolean, array, object, null (or a list of them)", nullMeant ? NULL_TYPE_READING : undefined);
  }
  if (raw.required !== undefined && raw.required !== true && raw.required !== false && !(Array.isArray(raw.required) && raw.required.every((r) => typeof r === "string"))) {
    bad("required", "a list of property names");
  }
  if (raw.properties !== undefined && !isObject(raw.properties)) bad("properties", "an object of schemas");
  if (raw.enum !== undefined && !Array.isArray(raw.enum)) bad("enum", "a list of values");
  for (const keyword of ["allOf", "oneOf", "anyOf"]) if (raw[keyword] !== undefined && !Array.isArray(raw[keyword])) bad(keyword, "a list of schemas");
}

/** 3.0 spells raw bytes `format: binary`; 3.1 a `contentMediaType` without a `contentEncoding`. */
export function isBinary(ctx: NormalizeContext, raw: RawObject): boolean {
  if (raw.format === "binary") return true;
  return ctx.version !== "3.0" && typeof raw.contentMediaType === "string" && raw.contentEncoding === undefined && !/^text\//.test(raw.contentMediaType);
}
