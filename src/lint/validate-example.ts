/**
 * A small JSON Schema interpreter for checking examples: OpenAPI 3.0 schemas (nullable, boolean
 * exclusive bounds) and 3.1 (JSON Schema 2020-12: type arrays, const, prefixItems). ajv was the
 * first choice, but it compiles code per schema, and compiling the ~4,000 schemas that carry
 * examples in GitHub's spec took 5 s or more; walking each example once costs milliseconds.
 * Unknown keywords and formats pass, as in ajv's non-strict mode. Messages follow ajv's wording.
 */
import { getAtPointer, parsePointer } from "../load/json-pointer.js";

export interface ExampleError {
  /** JSON pointer into the example, "" for the root. */
  instancePath: string;
  message: string;
}

type Schema = Record<string, unknown> | boolean;

const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:?\d\d)$/,
  date: /^\d{4}-\d\d-\d\d$/,
  time: /^\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:?\d\d)?$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uuid: /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
};

const patterns = new Map<string, RegExp | undefined>();
function patternOf(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(source, "u");
    } catch {
      try {
        re = new RegExp(source);
      } catch {
        re = undefined; // a pattern JavaScript cannot compile is not the example's fault
      }
    }
    patterns.set(source, re);
  }
  return patterns.get(source);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function equal(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const pointerToken = (t: string | number) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");

/** What every step of one validation reads: the document `$ref`s point into, and its dialect. */
interface Validation {
  document: unknown;
  /** OpenAPI 3.0: `nullable`, and `$ref` siblings ignored. */
  openapi30: boolean;
}

type Fail = (message: string) => ExampleError;

/** Validates `value` against the schema at `schemaPointer` of `document`; the first error, or undefined when it matches. */
export function validateExample(document: unknown, schemaPointer: string, value: unknown, openapi30: boolean): ExampleError | undefined {
  const tokens = parsePointer(schemaPointer);
  const schema = tokens ? (getAtPointer(document, tokens) as Schema | undefined) : undefined;
  if (schema === undefined) return undefined;
  return check({ document, openapi30 }, schema, value, "", 0);
}

/**
 * The first error of `value` (at `at` in the example) against `schema`. `depth` counts the
 * schemas entered, so a schema that reaches itself without stepping into the value (a `$ref` or
 * `allOf` cycle) cannot recurse forever: past 64 levels the example passes.
 */
function check(v: Validation, schema: Schema, value: unknown, at: string, depth: number): ExampleError | undefined {
  if (schema === true || depth > 64) return undefined;
  if (schema === false) return { instancePath: at, message: "boolean schema is false" };
  if (typeof schema !== "object" || schema === null) return undefined;
  if (typeof schema.$ref === "string") {
    const target = schema.$ref.startsWith("#") ? parsePointer(schema.$ref) : undefined;
    const resolved = target ? (getAtPointer(v.document, target) as Schema | undefined) : undefined;
    if (resolved !== undefined) {
      const error = check(v, resolved, value, at, depth + 1);
      if (error || v.openapi30) return error; // 3.0 ignores the siblings of $ref
    }
  }
  if (value === null && v.openapi30 && schema.nullable === true) return undefined;
  const fail = (message: string) => ({ instancePath: at, message });

  const type = schema.type;
  if (typeof type === "string" || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
    if (types.length > 0 && !types.some((t) => matchesType(value, t))) return fail(`must be ${types.join(",")}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => equal(e, value))) return fail("must be equal to one of the allowed values");
  if ("const" in schema && !equal(schema.const, value)) return fail("must be equal to constant");

  const combined = checkCombinators(v, schema, value, at, depth, fail);
  if (combined) return combined;

  if (typeof value === "string") return checkString(schema, value, fail);
  if (typeof value === "number") return checkNumber(schema, value, fail);
  if (Array.isArray(value)) return checkArray(v, schema, value, at, depth, fail);
  if (value !== null && typeof value === "object") return checkObject(v, schema, value as Record<string, unknown>, at, depth, fail);
  return undefined;
}

/**
 * allOf, anyOf, oneOf and not: the keywords that check the same value against subschemas. Only
 * the first error is reported, so they keep their place before the type-specific keywords.
 */
function checkCombinators(v: Validation, schema: Record<string, unknown>, value: unknown, at: string, depth: number, fail: Fail): ExampleError | undefined {
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const errors = list.map((s) => check(v, s as Schema, value, at, depth + 1));
    const passed = errors.filter((e) => e === undefined).length;
    if (key === "allOf" && passed < list.length) return errors.find((e) => e !== undefined);
    if (key === "anyOf" && passed === 0) return fail("must match a schema in anyOf");
    if (key === "oneOf" && passed !== 1) return fail(passed === 0 ? "must match exactly one schema in oneOf" : "must match exactly one schema in oneOf (matches several)");
  }
  if (schema.not !== undefined && check(v, schema.not as Schema, value, at, depth + 1) === undefined) return fail("must NOT be valid");
  return undefined;
}

function checkString(schema: Record<string, unknown>, value: string, fail: Fail): ExampleError | undefined {
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) return fail(`must NOT have fewer than ${schema.minLength} characters`);
  if (typeof schema.maxLength === "number" && length > schema.maxLength) return fail(`must NOT have more than ${schema.maxLength} characters`);
  if (typeof schema.pattern === "string" && patternOf(schema.pattern)?.test(value) === false) return fail(`must match pattern "${schema.pattern}"`);
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  if (format && !format.test(value)) return fail(`must match format "${schema.format as string}"`);
  return undefined;
}

function checkNumber(schema: Record<string, unknown>, value: number, fail: Fail): ExampleError | undefined {
  const { minimum, maximum, exclusiveMinimum: exMin, exclusiveMaximum: exMax, multipleOf } = schema;
  if (typeof minimum === "number" && (exMin === true ? value <= minimum : value < minimum)) return fail(`must be ${exMin === true ? ">" : ">="} ${minimum}`);
  if (typeof maximum === "number" && (exMax === true ? value >= maximum : value > maximum)) return fail(`must be ${exMax === true ? "<" : "<="} ${maximum}`);
  if (typeof exMin === "number" && value <= exMin) return fail(`must be > ${exMin}`);
  if (typeof exMax === "number" && value >= exMax) return fail(`must be < ${exMax}`);
  if (typeof multipleOf === "number" && multipleOf > 0 && Math.abs(value / multipleOf - Math.round(value / multipleOf)) > 1e-9) return fail(`must be multiple of ${multipleOf}`);
  return undefined;
}

function checkArray(v: Validation, schema: Record<string, unknown>, value: unknown[], at: string, depth: number, fail: Fail): ExampleError | undefined {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) return fail(`must NOT have fewer than ${schema.minItems} items`);
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return fail(`must NOT have more than ${schema.maxItems} items`);
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  for (let i = 0; i < value.length; i++) {
    const itemSchema = i < prefix.length ? prefix[i] : schema.items;
    if (itemSchema === undefined || Array.isArray(itemSchema)) continue;
    const error = check(v, itemSchema as Schema, value[i], `${at}/${i}`, depth + 1);
    if (error) return error;
  }
  return undefined;
}

function checkObject(v: Validation, schema: Record<string, unknown>, value: Record<string, unknown>, at: string, depth: number, fail: Fail): ExampleError | undefined {
  const keys = Object.keys(value);
  if (Array.isArray(schema.required)) {
    const missing = schema.required.find((k) => typeof k === "string" && !(k in value));
    if (missing !== undefined) return fail(`must have required property '${missing as string}'`);
  }
  if (typeof schema.minProperties === "number" && keys.length < schema.minProperties) return fail(`must NOT have fewer than ${schema.minProperties} properties`);
  if (typeof schema.maxProperties === "number" && keys.length > schema.maxProperties) return fail(`must NOT have more than ${schema.maxProperties} properties`);
  const properties = (schema.properties !== null && typeof schema.properties === "object" ? schema.properties : {}) as Record<string, Schema>;
  const patternKeys = schema.patternProperties !== null && typeof schema.patternProperties === "object" ? Object.keys(schema.patternProperties) : [];
  for (const key of keys) {
    const where = `${at}/${pointerToken(key)}`;
    if (Object.prototype.hasOwnProperty.call(properties, key)) {
      const error = check(v, properties[key]!, value[key], where, depth + 1);
      if (error) return error;
      continue;
    }
    if (patternKeys.some((p) => patternOf(p)?.test(key))) continue; // matched by patternProperties: not judged here
    if (schema.additionalProperties === false) return fail("must NOT have additional properties");
    if (schema.additionalProperties !== undefined && typeof schema.additionalProperties === "object") {
      const error = check(v, schema.additionalProperties as Schema, value[key], where, depth + 1);
      if (error) return error;
    }
  }
  return undefined;
}
