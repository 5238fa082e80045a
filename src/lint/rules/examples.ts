import { escapePointerToken } from "../../load/json-pointer.js";
import { validateExample } from "../validate-example.js";
import { isJsonMediaType } from "../../ir/operation.js";
import type { LintRule, RuleContext } from "../types.js";
import { isRecord, rawAt } from "./helpers.js";

/** An example value and the schema it must match, by pointer. */
interface ExampleCheck {
  pointer: string;
  value: unknown;
  schemaPointer: string;
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
    const openapi30 = ctx.api.sourceVersion === "3.0";
    for (const example of collectExamples(ctx)) {
      const error = validateExample(ctx.document, example.schemaPointer, example.value, openapi30);
      if (!error) continue;
      const where = error.instancePath ? ` at ${error.instancePath}` : "";
      ctx.report(example.pointer, `example does not match its schema${where}: ${error.message}`);
    }
  },
};
