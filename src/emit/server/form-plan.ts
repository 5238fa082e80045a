/**
 * The decoding plan of a form or multipart request body (templates/server/runtime/form.ts
 * FormPlan), worked out here from the body schema and its `encoding` so that the server does no
 * schema walking per request. It follows what the generated client sends (client runtime
 * serialize.ts and multipart.ts): repeated keys for arrays, JSON for nested objects unless
 * `encoding.style` is deepObject, JSON parts where `encoding.contentType` says JSON, one part per
 * array item otherwise.
 */
import { isJsonMediaType, mediaTypeEssence, type MediaType, type PropertyEncoding } from "../../ir/operation.js";
import type { JsonValue, SchemaNode } from "../../ir/schema.js";

type FieldPlan = string | { array: FieldPlan; delimiter?: string } | { object: Record<string, FieldPlan>; other?: FieldPlan };

const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";

/** Whether the server parses this media type as a form (multipart: always, files included). */
export function isFormMediaType(contentType: string): boolean {
  const essence = mediaTypeEssence(contentType);
  return essence === URLENCODED || essence === MULTIPART;
}

export function isMultipartMediaType(contentType: string): boolean {
  return mediaTypeEssence(contentType) === MULTIPART;
}

/**
 * The FormPlan of a body media type, or undefined when there is nothing to decode (not a form,
 * or a urlencoded form of strings only: its pairs are the body as they are).
 */
export function formPlanOf(media: MediaType, resolve: (node: SchemaNode) => SchemaNode): JsonValue | undefined {
  if (!isFormMediaType(media.contentType)) return undefined;
  const multipart = isMultipartMediaType(media.contentType);
  const schema = resolve(media.schema);
  const fields: Record<string, JsonValue> = {};
  const partTypes: Record<string, JsonValue> = {};
  for (const property of objectProperties(schema, resolve)) {
    const encoding: PropertyEncoding = media.encoding?.[property.name] ?? {};
    const plan = multipart ? partPlan(property.schema, encoding, resolve) : urlencodedPlan(property.schema, encoding, resolve);
    if (plan !== "string") fields[property.name] = plan as JsonValue;
    if (multipart && encoding.contentType !== undefined) {
      partTypes[property.name] = encoding.contentType.split(",").map((type) => mediaTypeEssence(type)).filter((type) => type !== "");
    }
  }
  if (!multipart && Object.keys(fields).length === 0) return undefined;
  return Object.keys(partTypes).length > 0 ? { fields, partTypes } : { fields };
}

/** The properties of an object body (of every object member of an allOf), in spec order. */
function objectProperties(schema: SchemaNode, resolve: (node: SchemaNode) => SchemaNode): { name: string; schema: SchemaNode }[] {
  if (schema.kind === "object") return schema.properties;
  if (schema.kind === "intersection") return schema.members.flatMap((member) => objectProperties(resolve(member), resolve));
  return [];
}

const DELIMITERS: Record<string, string> = { form: ",", spaceDelimited: " ", pipeDelimited: "|" };

function urlencodedPlan(node: SchemaNode, encoding: PropertyEncoding, resolve: (node: SchemaNode) => SchemaNode): FieldPlan {
  const schema = resolve(node);
  if (encoding.contentType !== undefined && isJsonMediaType(encoding.contentType)) return "json";
  if (schema.kind === "array") {
    const delimiter = encoding.explode === false ? DELIMITERS[encoding.style ?? "form"] : undefined;
    return delimiter === undefined ? { array: itemPlan(schema.items, resolve) } : { array: itemPlan(schema.items, resolve), delimiter };
  }
  if (encoding.style === "deepObject" && objectProperties(schema, resolve).length > 0) return deepPlan(schema, resolve, new Set());
  return itemPlan(node, resolve);
}

/** A deepObject field: its properties by name, nested objects deep too (a recursive schema stops at JSON). */
function deepPlan(schema: SchemaNode, resolve: (node: SchemaNode) => SchemaNode, seen: Set<SchemaNode>): FieldPlan {
  if (seen.has(schema)) return "json";
  seen.add(schema);
  const object: Record<string, FieldPlan> = {};
  for (const property of objectProperties(schema, resolve)) {
    const target = resolve(property.schema);
    const plan = objectProperties(target, resolve).length > 0 ? deepPlan(target, resolve, seen) : target.kind === "array" ? { array: itemPlan(target.items, resolve) } : itemPlan(target, resolve);
    if (plan !== "string") object[property.name] = plan;
  }
  seen.delete(schema);
  const extra = schema.kind === "object" && typeof schema.additionalProperties === "object" ? itemPlan(schema.additionalProperties, resolve) : "string";
  return extra === "string" ? { object } : { object, other: extra };
}

function partPlan(node: SchemaNode, encoding: PropertyEncoding, resolve: (node: SchemaNode) => SchemaNode): FieldPlan {
  const schema = resolve(node);
  // A JSON part holds the whole value, arrays included.
  if (encoding.contentType !== undefined && isJsonMediaType(encoding.contentType)) return "json";
  if (schema.kind === "array") return { array: itemPlan(schema.items, resolve) };
  return itemPlan(node, resolve);
}

/** One value: a file, a scalar coerced from its text, JSON for objects, or text as it is. */
function itemPlan(node: SchemaNode, resolve: (node: SchemaNode) => SchemaNode): FieldPlan {
  const schema = resolve(node);
  switch (schema.kind) {
    case "string":
      return schema.binary ? "file" : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "enum":
    case "const": {
      const values = schema.kind === "enum" ? schema.values : [schema.value];
      if (values.every((v) => typeof v === "number")) return "number";
      if (values.every((v) => typeof v === "boolean")) return "boolean";
      return values.every((v) => typeof v === "string") ? "string" : "json";
    }
    case "object":
    case "intersection":
    case "array":
    case "tuple":
      return "json";
    case "union": {
      const plans = schema.variants.map((variant) => itemPlan(variant, resolve));
      if (plans.every((plan) => plan === "json")) return "json";
      if (plans.every((plan) => plan === "number" || plan === "boolean")) return plans.every((plan) => plan === plans[0]) ? plans[0]! : "scalar";
      return "string";
    }
    default:
      return "string";
  }
}
