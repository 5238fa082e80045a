import type { ErrorObject } from "ajv";
import { getAtPointer, isObject } from "../load/json-pointer.js";
import type { OpenApiVersion } from "../load/load-spec.js";

/**
 * Structural errors that have one obvious reading, so that `--validation warn` can turn them into
 * warnings and generate (real specs such as Directus and Blockfrost ship them). Each entry says how
 * the normaliser reads the mistake; the README's table lists the same. Anything not matched here
 * (an unknown key, a value outside an enum, a missing `info` or `responses`) has no single
 * reading and stops the run in either mode.
 */
export function recoveryOf(error: ErrorObject, tokens: readonly string[], document: unknown, version: OpenApiVersion): string | undefined {
  const value = getAtPointer(document, tokens);
  const parentTokens = tokens.slice(0, -1);
  const last = tokens[tokens.length - 1];
  const params = error.params as { missingProperty?: unknown };

  // `schema: null` (Directus): no schema given, so any value.
  if (value === null && (error.keyword === "type" || error.keyword === "enum") && isSchemaPosition(tokens)) {
    return "no schema: any value (`unknown`)";
  }
  if (last === "type" && isSchemaPosition(parentTokens) && (error.keyword === "enum" || error.keyword === "type")) {
    const schema = getAtPointer(document, parentTokens);
    // 3.0 has no null type, but `type: 'null'` (Blockfrost) can only mean 3.1's.
    if ((value === "null" || value === null) && isPlainNullType(schema)) return NULL_TYPE_READING;
    // A list of types is 3.1's spelling; 3.0 readers know it from there.
    if (version === "3.0" && isTypeList(value)) return "a union of those types, as OpenAPI 3.1 reads a list of types";
  }
  // `required: []` in 3.0 (minItems 1): nothing is required, which is what an absent list says.
  if (error.keyword === "minItems" && last === "required" && Array.isArray(value) && value.length === 0 && isSchemaPosition(parentTokens)) {
    return "no required properties";
  }
  if (error.keyword === "required" && params.missingProperty === "description" && tokens.length >= 2 && tokens[tokens.length - 2] === "responses") {
    return "a response with no description";
  }
  // A path parameter is always required (a path cannot match without it): `required: true` adds nothing.
  const parameter = error.keyword === "required" && params.missingProperty === "required" ? value : error.keyword === "enum" && last === "required" ? getAtPointer(document, parentTokens) : undefined;
  if (isObject(parameter) && parameter.in === "path" && (parameter.required === undefined || parameter.required === false)) {
    return "a required path parameter (a path parameter always is)";
  }
  return undefined;
}

export const NULL_TYPE_READING = 'the null type (`type: "null"`): `null`, or a nullable variant in anyOf/oneOf';

/**
 * `type: null` / `type: "null"` read as the null type only where nothing else in the schema says
 * it holds another kind of value (`{ type: null, properties: ... }` might mean "no type").
 */
export function isPlainNullType(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const annotations = new Set(["type", "title", "description", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "nullable", "$comment"]);
  return Object.keys(schema).every((k) => annotations.has(k) || k.startsWith("x-"));
}

const TYPE_NAMES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);
function isTypeList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((t) => (typeof t === "string" && TYPE_NAMES.has(t)) || t === null);
}

/**
 * Whether a pointer names a Schema Object, from where it sits: a `schema` key, a component schema,
 * or a subschema keyword. (Only places the official schemas validate matter: example values are
 * not checked, so a `properties` key inside one never reaches here.)
 */
export function isSchemaPosition(tokens: readonly string[]): boolean {
  const n = tokens.length;
  const last = tokens[n - 1];
  const before = tokens[n - 2];
  if (last === "schema" || last === "items" || last === "additionalProperties" || last === "not") return true;
  if (before === "properties") return true;
  if (n === 3 && tokens[0] === "components" && before === "schemas") return true;
  return (before === "allOf" || before === "anyOf" || before === "oneOf") && /^\d+$/.test(last ?? "");
}

