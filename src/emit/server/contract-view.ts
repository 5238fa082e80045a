import type { ApiDocument } from "../../ir/document.js";
import { isJsonMediaType, mediaTypeEssence, type MediaType, type Operation, type Response } from "../../ir/operation.js";
import type { OperationNames } from "../../resolve/resolve-names.js";
import type { ServerOperationNames } from "../../resolve/server-names.js";
import { jsonLiteral, stringLiteral, typePropertyKey, valuePropertyKey } from "../escape.js";
import type { PrintContext } from "../print-context.js";
import { unionOf } from "../print-type.js";
import { paramWireLiteral } from "./param-wire.js";
import type { ProjectionTable } from "./projection.js";
import { formPlanOf, isFormMediaType, isMultipartMediaType } from "./form-plan.js";
import { pathParts } from "./path-parts.js";

/** One operation in server/contract.gen.ts: its contract value and its handler's types. */
export interface ContractOperationView {
  doc: string;
  key: string;
  contractName: string;
  contract: string;
  requestType: string;
  request: string;
  resultType: string;
  result: string;
  handlerType: string;
}

const LOCATIONS = [
  ["path", "path", "path"],
  ["query", "query", "query"],
  ["header", "headers", "headers"],
  ["cookie", "cookies", "cookies"],
] as const;

/** The OperationContract literal (templates/server/runtime/types.ts) of one operation. */
export function contractLiteral(op: Operation, opNames: OperationNames, ctx: PrintContext, projections?: ProjectionTable): string {
  const { pathParams } = pathParts(op.path);
  const params = LOCATIONS.flatMap(([location, key]) => {
    const pair = opNames.params[location];
    return pair ? [`${key}: Z.${pair.schema}`] : [];
  });
  const lines = [
    `id: ${stringLiteral(opNames.value)}`,
    `method: ${stringLiteral(op.method.toUpperCase())}`,
    `path: ${stringLiteral(op.path)}`,
    `pathParams: ${jsonLiteral(pathParams)}`,
    `params: { ${params.join(", ")} }`,
    `headerNames: ${jsonLiteral(op.parameters.filter((p) => p.in === "header").map((p) => p.name))}`,
  ];
  const wire = paramWireLiteral(op, ctx);
  if (wire) lines.push(wire);
  if (op.requestBody && op.requestBody.content.length > 0) {
    const schemas = op.requestBody.content.map((m, i) => `${valuePropertyKey(m.contentType)}: ${hasParsedBody(m) ? `Z.${opNames.bodies[i]!.schema}` : "undefined"}`);
    const forms = op.requestBody.content.flatMap((m) => {
      const plan = formPlanOf(m, (node) => ctx.target(node));
      return plan === undefined ? [] : [[m.contentType, plan] as const];
    });
    const formsPart = forms.length > 0 ? `, forms: ${jsonLiteral(Object.fromEntries(forms))}` : "";
    lines.push(`body: { required: ${op.requestBody.required}, contentTypes: ${jsonLiteral(op.requestBody.content.map((m) => m.contentType))}, schemas: { ${schemas.join(", ")} }${formsPart} }`);
  }
  const responses = op.responses.map((r, i) => {
    const m = r.content.findIndex((media) => isJsonMediaType(media.contentType));
    const parts = [`contentTypes: ${jsonLiteral(r.content.map((c) => c.contentType))}`];
    if (m >= 0) parts.push(`schema: Z.${opNames.responses[i]![m]!.schema}`);
    const projection = m >= 0 && projections ? projections.refOf(r.content[m]!.schema) : 0;
    if (projection > 0) parts.push(`projection: P[${projection - 1}]`);
    if (r.headers.length > 0) parts.push(`headers: ${jsonLiteral(r.headers.map((h) => h.name))}`);
    const s = r.content.findIndex((media) => media.stream !== undefined);
    if (s >= 0) parts.push(`stream: ${streamLiteral(r.content[s]!, opNames.responses[i]![s]!.item?.schema)}`);
    return `${stringLiteral(r.status)}: { ${parts.join(", ")} }`;
  });
  lines.push(`responses: { ${responses.join(", ")} }`);
  if (op.security && op.security.length > 0) {
    lines.push(`security: ${jsonLiteral(op.security.map((req) => req.schemes.map((s) => ({ scheme: s.scheme, scopes: s.scopes }))))}`);
  }
  if (op.idempotent) lines.push(`idempotency: { header: ${stringLiteral(op.idempotencyHeader ?? "Idempotency-Key")} }`);
  if (op.deprecated) lines.push(`deprecated: ${deprecationLiteral(op)}`);
  if (op.rateLimit) lines.push(`rateLimit: ${jsonLiteral({ ...op.rateLimit })}`);
  return `{\n  ${lines.join(",\n  ")},\n}`;
}

/** The StreamContract (templates/server/runtime/stream.ts) of a media type that streams items. */
function streamLiteral(media: MediaType, itemSchema: string | undefined): string {
  const stream = media.stream!;
  const parts = [`contentType: ${stringLiteral(media.contentType)}`, `format: ${stringLiteral(stream.format)}`];
  if (itemSchema) parts.push(`item: Z.${itemSchema}`);
  if (stream.jsonData) parts.push("jsonData: true");
  return `{ ${parts.join(", ")} }`;
}

/** `{ sunset, link }` of a deprecated operation, each when the spec gives it. */
function deprecationLiteral(op: Operation): string {
  const parts: string[] = [];
  if (op.sunset) parts.push(`sunset: ${stringLiteral(op.sunset)}`);
  if (op.deprecationLink) parts.push(`link: ${stringLiteral(op.deprecationLink)}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/** JSON, form, multipart and text bodies are parsed and validated; other media types reach the handler raw. */
function hasParsedBody(m: MediaType): boolean {
  const type = mediaTypeEssence(m.contentType);
  return isJsonMediaType(type) || isFormMediaType(type) || type.startsWith("text/");
}

/**
 * What a handler receives: the validated inputs by location (typed as parsed: defaults applied,
 * wire strings coerced), the body, and the principal. GET and HEAD have no body to read.
 */
export function requestTypeExpression(op: Operation, opNames: OperationNames, anonymousAllowed: boolean): string {
  const lines = LOCATIONS.map(([location, , key]) => {
    const pair = opNames.params[location];
    return `  ${key}: ${pair ? `M.${pair.type}` : "Record<string, never>"};`;
  });
  const content = op.requestBody?.content ?? [];
  if (content.length === 0) lines.push("  body: undefined;");
  else {
    // Multipart files arrive as UploadedFile objects where the models say Blob.
    const types = unionOf(content.map((m, i) => (!hasParsedBody(m) ? "Uint8Array" : isMultipartMediaType(m.contentType) ? `R.WithUploads<M.${opNames.bodies[i]!.type}>` : `M.${opNames.bodies[i]!.type}`)));
    lines.push(`  body: ${types}${op.requestBody!.required ? "" : " | undefined"};`);
    if (content.length > 1) lines.push(`  /** Which declared media type the body came as. */\n  contentType: ${content.map((m) => stringLiteral(m.contentType)).join(" | ")};`);
  }
  const principal = anonymousAllowed ? "P | undefined" : "P";
  return `R.HandlerContextBase<${principal}> & {\n${lines.join("\n")}\n}`;
}

/** Whether an operation can be called without credentials (no security, or an empty alternative). */
export function allowsAnonymous(op: Operation): boolean {
  return !op.security || op.security.length === 0 || op.security.some((req) => req.schemes.length === 0);
}

/**
 * The union of the operation's declared responses. An undeclared status, a body of the wrong
 * shape or a missing required header is a compile error in the handler.
 */
export function resultTypeExpression(op: Operation, opNames: OperationNames, ctx: PrintContext): string {
  if (op.responses.length === 0) return "R.HandlerResponse";
  return op.responses.map((r, i) => `  | ${responseVariant(r, opNames.responses[i]!.map((p) => p.type), opNames.responses[i]!.map((p) => p.item?.type), ctx)}`).join("\n");
}

function responseVariant(r: Response, bodyTypes: string[], itemTypes: (string | undefined)[], ctx: PrintContext): string {
  const status = /^\d{3}$/.test(r.status) ? r.status : "number";
  const parts = [`status: ${status}`];
  const noBody = r.content.length === 0 || r.status === "204" || r.status === "304";
  if (noBody) parts.push("body?: undefined");
  else parts.push(`body: ${unionOf(r.content.map((m, j) => bodyType(m, bodyTypes[j]!, itemTypes[j])))}`);
  // A created resource's Location is sent even where the spec forgot to mark it required (PRACTICES 2).
  const required = (h: Response["headers"][number]) => h.required || (r.status === "201" && h.name.toLowerCase() === "location");
  const declared = r.headers.map((h) => `${typePropertyKey(h.name)}${required(h) ? "" : "?"}: ${headerValueType(h.schema, ctx)}`);
  const extra = "Record<string, string | number | boolean | undefined>";
  if (declared.length === 0) parts.push(`headers?: ${extra}`);
  else parts.push(`headers${r.headers.some(required) ? "" : "?"}: { ${declared.join("; ")} } & ${extra}`);
  if (r.content.length > 1) parts.push(`contentType?: ${r.content.map((m) => stringLiteral(m.contentType)).join(" | ")}`);
  return `{ ${parts.join("; ")} }`;
}

/** A body's type in the handler's result; a stream's is its items, produced as the handler likes (a generator, an array). */
function bodyType(m: MediaType, typeName: string, itemType: string | undefined): string {
  if (m.stream && itemType) return `AsyncIterable<M.${itemType}> | Iterable<M.${itemType}>`;
  const type = mediaTypeEssence(m.contentType);
  if (isJsonMediaType(type)) return `M.${typeName}`;
  if (type.startsWith("text/")) return "string";
  return "Uint8Array | string";
}

function headerValueType(schema: Parameters<PrintContext["target"]>[0], ctx: PrintContext): string {
  const target = ctx.target(schema);
  if (target.kind === "number" || target.kind === "integer") return "number | string";
  if (target.kind === "boolean") return "boolean | string";
  return "string";
}

/** The SecurityVerifiers members: one typed verifier per scheme that some operation uses. */
export function verifierMembers(api: ApiDocument): { key: string; name: string; credentials: "bearer" | "basic" | "apiKey"; spec: string; description: string }[] {
  const used = new Set(api.operations.flatMap((op) => op.security ?? []).flatMap((req) => req.schemes.map((s) => s.scheme)));
  return api.securitySchemes.flatMap((s) => {
    if (!used.has(s.name)) return [];
    let credentials: "bearer" | "basic" | "apiKey";
    let spec: string;
    if (s.type === "apiKey" && s.in && s.parameterName) {
      credentials = "apiKey";
      spec = `{ type: "apiKey", in: ${stringLiteral(s.in)}, name: ${stringLiteral(s.parameterName)} }`;
    } else if (s.type === "http") {
      credentials = (s.scheme ?? "").toLowerCase() === "basic" ? "basic" : "bearer";
      spec = `{ type: "http", scheme: ${stringLiteral((s.scheme ?? "bearer").toLowerCase())} }`;
    } else if (s.type === "oauth2" || s.type === "openIdConnect") {
      credentials = "bearer";
      spec = `{ type: ${stringLiteral(s.type)} }`;
    } else return []; // mutualTLS: verified by the TLS layer, not by HTTP headers
    const description = s.type === "apiKey" ? `API key in ${s.in} ${s.parameterName}` : s.type === "http" ? `HTTP ${s.scheme ?? "bearer"}` : s.type;
    return [{ key: typePropertyKey(s.name), name: s.name, credentials, spec, description }];
  });
}

export type { ServerOperationNames };
