/** Hand-built IR for the generator's unit tests: given/want tables without any spec parsing. */
import type { ApiDocument } from "../../src/ir/document.js";
import type { Operation } from "../../src/ir/operation.js";
import type { ComponentSchema, ObjectProperty, SchemaNode } from "../../src/ir/schema.js";

const meta = { pointer: "#", nullable: false };

export const str = (extra: Partial<SchemaNode> = {}): SchemaNode => ({ ...meta, kind: "string", ...extra }) as SchemaNode;
export const ref = (name: string, extra: Partial<SchemaNode> = {}): SchemaNode => ({ ...meta, kind: "ref", target: id(name), ...extra }) as SchemaNode;
export const arrayOf = (items: SchemaNode): SchemaNode => ({ ...meta, kind: "array", items }) as SchemaNode;
export const object = (properties: Record<string, SchemaNode>, required: string[] = []): SchemaNode =>
  ({ ...meta, kind: "object", additionalProperties: "unspecified", properties: Object.entries(properties).map(([name, schema]): ObjectProperty => ({ name, required: required.includes(name), schema })) }) as SchemaNode;
export const id = (name: string) => `#/components/schemas/${name}`;
export const component = (name: string, schema: SchemaNode): ComponentSchema => ({ id: id(name), specName: name, schema });

/** An operation taking `body` (when given) and answering 200 with `response` (when given). */
export function operation(operationId: string, method: Operation["method"], path: string, parts: { body?: SchemaNode; response?: SchemaNode; tags?: string[] } = {}): Operation {
  return {
    operationId,
    operationIdDeclared: true,
    method,
    path,
    tags: parts.tags ?? [],
    deprecated: false,
    parameters: [],
    ...(parts.body ? { requestBody: { required: true, content: [{ contentType: "application/json", schema: parts.body }] } } : {}),
    responses: [{ status: "200", description: "ok", headers: [], content: parts.response ? [{ contentType: "application/json", schema: parts.response }] : [] }],
    idempotent: false,
    pointer: `#/paths/${path.replace(/\//g, "~1")}/${method}`,
  } as unknown as Operation;
}

export function api(schemas: ComponentSchema[], operations: Operation[] = []): ApiDocument {
  return { sourceVersion: "3.1", title: "t", version: "1", servers: [], schemas, operations, webhooks: [], securitySchemes: [] };
}
