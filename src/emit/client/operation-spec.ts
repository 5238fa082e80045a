import type { ApiDocument } from "../../ir/document.js";
import { defaultExplode, defaultStyle, isJsonMediaType, mediaTypeEssence, type Operation, type ParameterLocation } from "../../ir/operation.js";
import type { JsonValue, SchemaNode } from "../../ir/schema.js";
import { jsonLiteral } from "../escape.js";

/**
 * The runtime's description of one operation (templates/client/runtime/types.ts OperationSpec)
 * as a TypeScript literal. Every string in it came from the spec, so it goes through jsonLiteral.
 */
export function operationSpecLiteral(op: Operation, id: string, headerKind: (schema: SchemaNode) => string): string {
  const spec: Record<string, JsonValue | undefined> = {
    id,
    method: op.method.toUpperCase(),
    path: op.path,
    params: op.parameters.map((p) => {
      const param: Record<string, JsonValue> = { name: p.name, in: p.in, ...styleFields(p.in, p.style, p.explode) };
      if (p.contentType !== undefined) param.json = true;
      if (p.allowReserved && p.in === "query") param.allowReserved = true;
      return param;
    }),
    requestMediaTypes: op.requestBody ? op.requestBody.content.map((m) => m.contentType) : undefined,
    partTypes: multipartPartTypes(op),
    bodyRequired: op.requestBody?.required || undefined,
    responses: Object.fromEntries(op.responses.map((r) => [r.status, r.content.map((m) => m.contentType)])),
    accept: acceptHeader(op) || undefined,
    responseHeaders: responseHeadersOf(op, headerKind),
    security: op.security?.map((req) => req.schemes.map((s) => ({ scheme: s.scheme, scopes: s.scopes }))),
    idempotencyKey: op.idempotencyHeader ?? (op.idempotent ? true : undefined),
    deprecated: op.deprecated ? (op.sunset ? { sunset: op.sunset } : {}) : undefined,
    pagination: op.pagination ? (stripUndefined(op.pagination as unknown as Record<string, JsonValue | undefined>) as JsonValue) : undefined,
  };
  return jsonLiteral(stripUndefined(spec));
}

/**
 * A parameter's `style` and `explode` as the runtime reads them: OpenAPI's defaults are the
 * runtime's too (runtime/client/types.ts ParamSpec), so only what differs from them is written.
 */
export function styleFields(location: ParameterLocation, style: string, explode: boolean): { style?: string; explode?: boolean } {
  const fields: { style?: string; explode?: boolean } = {};
  if (style !== defaultStyle(location)) fields.style = style;
  if (explode !== defaultExplode(style)) fields.explode = explode;
  return fields;
}

/**
 * The Accept header of a call that does not pick a media type: for the success responses, their
 * JSON media types where a status declares JSON, else what it declares; then the error responses'
 * types, so that a server can still say what went wrong. A non-JSON alternative of a JSON success
 * is not offered at a lower q either: the result's type is what was asked for (client-view.ts
 * types the default call by the same rule, `Preferred`).
 */
export function acceptHeader(op: Operation): string {
  const success: string[] = [];
  const errors: string[] = [];
  const hasSuccess = op.responses.some((r) => r.status.startsWith("2"));
  for (const r of op.responses) {
    const types = r.content.map((m) => m.contentType);
    if (r.status.startsWith("2") || (r.status === "default" && !hasSuccess)) {
      const json = types.filter((t) => isJsonMediaType(t));
      success.push(...(json.length > 0 ? json : types));
    } else errors.push(...types);
  }
  return [...new Set([...success, ...errors])].join(", ");
}

/** The headers each success response declares, with how to read each (its schema's kind). */
function responseHeadersOf(op: Operation, headerKind: (schema: SchemaNode) => string): JsonValue | undefined {
  const entries = op.responses
    .filter((r) => /^2/.test(r.status) || r.status === "default")
    .filter((r) => r.headers.length > 0)
    .map((r) => [r.status, r.headers.map((h) => ({ name: h.name, type: headerKind(h.schema) }))] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The `encoding.contentType` of each multipart body property that has one (the runtime sends that part with it). */
function multipartPartTypes(op: Operation): JsonValue | undefined {
  const multipart = op.requestBody?.content.find((m) => mediaTypeEssence(m.contentType) === "multipart/form-data");
  const entries = Object.entries(multipart?.encoding ?? {}).filter(([, e]) => e.contentType !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries.map(([name, e]) => [name, e.contentType!])) : undefined;
}

/** The security schemes the runtime needs to apply credentials. */
export function securitySchemesLiteral(api: ApiDocument): string {
  const schemes: Record<string, JsonValue> = {};
  for (const s of api.securitySchemes) {
    if (s.type === "http") schemes[s.name] = { type: "http", scheme: s.scheme ?? "bearer" };
    else if (s.type === "apiKey" && s.in && s.parameterName) schemes[s.name] = { type: "apiKey", in: s.in, name: s.parameterName };
    else if (s.type === "oauth2" || s.type === "openIdConnect") schemes[s.name] = { type: s.type };
  }
  return jsonLiteral(schemes);
}

/** The first server URL with each `{variable}` replaced by its default. */
export function defaultBaseUrl(api: ApiDocument): string {
  const server = api.servers[0];
  if (!server) return "";
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name] ?? whole).replace(/\/+$/, "");
}

function stripUndefined(record: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
