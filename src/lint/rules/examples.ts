import { createRequire } from "node:module";
import { escapePointerToken, parsePointer } from "../../load/json-pointer.js";
import { isJsonMediaType } from "../../ir/operation.js";
import type { LintRule, RuleContext } from "../types.js";
import { isRecord, rawAt } from "./helpers.js";

/** An example value and the schema it must match, by pointer. */
interface ExampleCheck {
  pointer: string;
  value: unknown;
  schemaPointer: string;
}

type Validate = ((value: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

const ROOT_ID = "https://apigen.invalid/lint-spec.json";

/**
 * The first error of each example that does not match its schema, by index. ajv (2020-12) gets
 * the whole document as one schema, so `$ref`s resolve; a 3.0 document is first rewritten to
 * 2020-12 on a copy (`nullable`, boolean exclusive bounds), as scripts/corpus.mjs does. All
 * examples are checked by ONE compiled schema (an object with a property per example): ajv's cost
 * is per compile, and one compile per example took seconds on GitHub's spec. A batch that ajv
 * cannot compile is split until the culprit stands alone and is skipped.
 */
function invalidExamples(ctx: RuleContext, examples: readonly ExampleCheck[]): Map<number, { instancePath: string; message?: string }> {
  const require = createRequire(import.meta.url);
  const Ajv2020 = require("ajv/dist/2020") as { default: new (o: object) => AjvLike };
  const addFormats = require("ajv-formats") as { default: (ajv: AjvLike) => void };
  const ajv = new Ajv2020.default({ strict: false, validateSchema: false, allErrors: true, discriminator: false, logger: false, addUsedSchema: false, inlineRefs: false });
  addFormats.default(ajv);
  const converted = ctx.api.sourceVersion === "3.0";
  const document = converted ? convert30(structuredClone(ctx.document)) : ctx.document;
  const failures = new Map<number, { instancePath: string; message?: string }>();
  try {
    ajv.addSchema({ ...(document as object), $id: undefined, $schema: undefined }, ROOT_ID);
  } catch {
    return failures; // a document ajv cannot take at all: the structural check reports what is wrong
  }
  const refOf = (e: ExampleCheck) => {
    const tokens = parsePointer(e.schemaPointer) ?? [];
    const fragment = (converted ? convertedTokens(document, tokens) : tokens).map((t) => encodeURIComponent(escapePointerToken(t))).join("/");
    return `${ROOT_ID}#/${fragment}`;
  };
  const run = (indexes: number[]): void => {
    if (indexes.length === 0) return;
    let validate: Validate;
    try {
      validate = ajv.compile({ type: "object", properties: Object.fromEntries(indexes.map((i) => [String(i), { $ref: refOf(examples[i]!) }])) });
    } catch {
      if (indexes.length === 1) return;
      const half = indexes.length >> 1;
      run(indexes.slice(0, half));
      run(indexes.slice(half));
      return;
    }
    const value = Object.fromEntries(indexes.map((i) => [String(i), examples[i]!.value]));
    if (safely(validate, value)) return;
    for (const error of validate.errors ?? []) {
      const [, index = "", ...rest] = error.instancePath.split("/");
      if (!failures.has(Number(index))) failures.set(Number(index), { instancePath: rest.length ? `/${rest.join("/")}` : "", message: error.message });
    }
  };
  run(examples.map((_, i) => i));
  return failures;
}

interface AjvLike {
  addSchema(schema: unknown, key: string): unknown;
  compile(schema: unknown): Validate;
  addFormat(name: string, format: unknown): unknown;
}

const WRAPPED = "x-apigen-nullable-wrapper";

/** A pointer's tokens in the converted document: through each nullable wrapper via `anyOf/0`. */
function convertedTokens(document: unknown, tokens: readonly string[]): string[] {
  const out: string[] = [];
  let node = document;
  for (const token of tokens) {
    while (isRecord(node) && node[WRAPPED] === true && !(token in node)) {
      out.push("anyOf", "0");
      node = (node.anyOf as unknown[])[0];
    }
    out.push(token);
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
  }
  return out;
}

/** OpenAPI 3.0 schema dialect -> JSON Schema 2020-12, in place: `nullable`, boolean exclusive bounds. */
export function convert30<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  for (const child of Object.values(value)) convert30(child, seen);
  if (Array.isArray(value)) return value;
  const node = value as Record<string, unknown>;
  for (const [bound, limit] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (node[bound] === true && typeof node[limit] === "number") {
      node[bound] = node[limit];
      delete node[limit];
    } else if (node[bound] === false) delete node[bound];
  }
  if (node.nullable === true) {
    delete node.nullable;
    if (typeof node.type === "string") {
      node.type = [node.type, "null"];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
    } else if (node.$ref || node.allOf || node.anyOf || node.oneOf || node.enum) {
      const inner = { ...node };
      for (const key of Object.keys(node)) delete node[key];
      node.anyOf = [inner, { type: "null" }];
      node[WRAPPED] = true; // pointers through this node now pass through anyOf/0 (see convertedTokens)
    }
  }
  return value;
}


const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_ONES = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];

/** Examples written on schemas (`example`, 3.1 `examples`), walking every subschema. */
function schemaExamples(schema: unknown, pointer: string, out: ExampleCheck[], seen: Set<unknown>): void {
  if (!isRecord(schema) || seen.has(schema) || typeof schema.$ref === "string") return;
  seen.add(schema);
  if ("example" in schema) out.push({ pointer: `${pointer}/example`, value: schema.example, schemaPointer: pointer });
  if (Array.isArray(schema.examples)) schema.examples.forEach((value, i) => out.push({ pointer: `${pointer}/examples/${i}`, value, schemaPointer: pointer }));
  for (const key of SCHEMA_ONES) if (isRecord(schema[key])) schemaExamples(schema[key], `${pointer}/${key}`, out, seen);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => schemaExamples(s, `${pointer}/${key}/${i}`, out, seen));
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isRecord(map)) for (const [name, s] of Object.entries(map)) schemaExamples(s, `${pointer}/${key}/${escapePointerToken(name)}`, out, seen);
  }
}

/** Examples of a media type, parameter or header object (`example`, `examples.*.value`), and its schema's own. */
function holderExamples(ctx: RuleContext, holder: unknown, pointer: string, out: ExampleCheck[], seen: Set<unknown>, json = true): void {
  if (!isRecord(holder) || typeof holder.$ref === "string") return;
  if (isRecord(holder.content)) {
    for (const [type, media] of Object.entries(holder.content)) holderExamples(ctx, media, `${pointer}/content/${escapePointerToken(type)}`, out, seen, isJsonMediaType(type));
  }
  if (isRecord(holder.headers)) for (const [name, h] of Object.entries(holder.headers)) holderExamples(ctx, h, `${pointer}/headers/${escapePointerToken(name)}`, out, seen);
  if (!isRecord(holder.schema)) return;
  const schemaPointer = `${pointer}/schema`;
  schemaExamples(holder.schema, schemaPointer, out, seen);
  if (!json) return;
  if ("example" in holder) out.push({ pointer: `${pointer}/example`, value: holder.example, schemaPointer });
  if (isRecord(holder.examples)) {
    for (const [name, raw] of Object.entries(holder.examples)) {
      const example = isRecord(raw) && typeof raw.$ref === "string" ? rawAt(ctx, raw.$ref) : raw;
      if (isRecord(example) && "value" in example) out.push({ pointer: `${pointer}/examples/${escapePointerToken(name)}`, value: example.value, schemaPointer });
    }
  }
}

/** Every example in the document with the schema it illustrates, each place visited once. */
export function collectExamples(ctx: RuleContext): ExampleCheck[] {
  const out: ExampleCheck[] = [];
  const seen = new Set<unknown>();
  const doc = ctx.document as Record<string, unknown>;
  const components = isRecord(doc.components) ? doc.components : {};
  for (const group of ["parameters", "requestBodies", "responses", "headers"]) {
    const all = components[group];
    if (isRecord(all)) for (const [name, holder] of Object.entries(all)) holderExamples(ctx, holder, `#/components/${group}/${escapePointerToken(name)}`, out, seen);
  }
  for (const base of ["paths", "webhooks"]) {
    const items = doc[base];
    if (!isRecord(items)) continue;
    for (const [path, item] of Object.entries(items)) {
      if (!isRecord(item)) continue;
      const itemPointer = `#/${base}/${escapePointerToken(path)}`;
      const params = (owner: Record<string, unknown>, at: string) => {
        if (Array.isArray(owner.parameters)) owner.parameters.forEach((p, i) => holderExamples(ctx, p, `${at}/parameters/${i}`, out, seen));
      };
      params(item, itemPointer);
      for (const [method, op] of Object.entries(item)) {
        if (!isRecord(op) || method === "parameters") continue;
        const at = `${itemPointer}/${method}`;
        params(op, at);
        holderExamples(ctx, op.requestBody, `${at}/requestBody`, out, seen);
        if (isRecord(op.responses)) for (const [status, r] of Object.entries(op.responses)) holderExamples(ctx, r, `${at}/responses/${escapePointerToken(status)}`, out, seen);
      }
    }
  }
  const schemas = components.schemas;
  if (isRecord(schemas)) for (const [name, s] of Object.entries(schemas)) schemaExamples(s, `#/components/schemas/${escapePointerToken(name)}`, out, seen);
  return out;
}

export const examplesValid: LintRule = {
  id: "examples-valid",
  severity: "error",
  description: "Examples validate against their schemas",
  help: "Fix the example (or the schema): documentation, mocks and tests built from it would otherwise disagree with the contract.",
  check(ctx) {
    const examples = collectExamples(ctx);
    if (examples.length === 0) return;
    for (const [index, error] of invalidExamples(ctx, examples)) {
      const where = error.instancePath ? ` at ${error.instancePath}` : "";
      ctx.report(examples[index]!.pointer, `example does not match its schema${where}: ${error.message ?? "invalid"}`);
    }
  },
};

/** ajv's verdict; a validator that throws (a pathological pattern, say) counts as a pass. */
function safely(validate: Validate, value: unknown): boolean {
  try {
    return validate(value);
  } catch {
    return true;
  }
}
