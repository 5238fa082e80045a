import type { ApiDocument } from "../../ir/document.js";
import type { ItemStream, MediaType, Operation, Parameter, Response } from "../../ir/operation.js";
import type { SchemaNode } from "../../ir/schema.js";
import { groupOf, UNTAGGED_GROUP } from "../../resolve/groups.js";
import { camelCase, NameAllocator } from "../../resolve/identifiers.js";
import type { OperationNames, ResolvedNames } from "../../resolve/resolve-names.js";
import { commentText, jsDocLines, stringLiteral, typePropertyKey } from "../escape.js";
import { docBlock } from "../jsdoc.js";
import { firstJson, isIdempotencyHeader, isJsonMediaType, mediaTypeEssence } from "../../ir/operation.js";
import type { SymbolUses } from "../symbol-uses.js";
import { PrintContext } from "../print-context.js";
import { printType, unionOf, wrapUnion } from "../print-type.js";
import { printParamsType } from "../core/operation-schemas.js";
import { defaultBaseUrl, operationSpecLiteral, securitySchemesLiteral } from "./operation-spec.js";

export interface ClientOperationView {
  /** `GET` */
  method: string;
  /** The client detected the operation's pagination: it has `.pages()` and `.all()`. */
  paginated: boolean;
  /** Its success response is a stream of items: the call gives an async iterable of them (a StreamOperation). */
  streaming: boolean;
  /** The input type's doc: the summary and which operation it is. */
  doc: string;
  /** The operation's whole doc, indented for the Client interface. */
  memberDoc: string;
  key: string;
  specName: string;
  spec: string;
  inputType: string;
  input: string;
  responseType: string;
  response: string;
  errorType: string;
  error: string;
  fnType: string;
  factory: string;
  schemaEntries: string;
}

export interface ClientView {
  client: {
    header: string;
    baseUrl: string;
    securitySchemes: string;
    usesModels: boolean;
    /** Some operation streams: the stream errors are exported too. */
    streams: boolean;
    /** The body of the ClientAuth type: one optional credential per security scheme, typed by its kind. */
    auth: string;
    /** Only what the file uses: projects with noUnusedLocals compile it too. */
    valueImports: string;
    typeImports: string;
    operations: ClientOperationView[];
    /** Operations by first tag; `key` is the Client's property, `tag` the tag (escaped for a comment). */
    groups: { key: string; tag: string; operations: ClientOperationView[] }[];
  };
  schemas: { header: string; operations: { key: string; entries: string }[] };
}

/** The runtime values client.gen.ts always imports (`{{valueImports}}`), and those it imports when an operation uses them. */
const RUNTIME_VALUES = ["createRuntime", "isOperationError"];
const RUNTIME_VALUES_WHEN_USED = ["operation", "paginated", "streamed"];
/** Every runtime value client.gen.ts may import: operation names keep clear of them (emit/template-names.ts). */
export const CLIENT_RUNTIME_VALUES = [...RUNTIME_VALUES, ...RUNTIME_VALUES_WHEN_USED];
/** The runtime types client.gen.ts may import (`{{typeImports}}`). */
export const CLIENT_RUNTIME_TYPES = ["ApiError", "ApiResponse", "BasicCredential", "ClientConfig", "OperationFunction", "OperationSpec", "PaginatedOperation", "ResponseSchemas", "StreamOperation", "TokenCredential"];

/** Everything the client templates print: operation specs, input and response types, groups by tag. */
export function buildClientView(api: ApiDocument, names: ResolvedNames, header: string): ClientView {
  const ctx = new PrintContext(api, names, { typePrefix: "M." });
  const groupNames = new NameAllocator();
  const groups = new Map<string, { key: string; tag: string; operations: ClientOperationView[] }>();
  const operations = api.operations.map((op) => {
    const opNames = names.operations.get(op.pointer)!;
    const view = operationView(op, opNames, ctx);
    // Untagged operations go to `default`, as on the server (handlers/default.ts). A group's key
    // is a property key, where a reserved word is fine: `api.default.ping()`, not `default_`.
    const tag = groupOf(op);
    if (!groups.has(tag)) groups.set(tag, { key: groupNames.allocate(tag === UNTAGGED_GROUP ? UNTAGGED_GROUP : camelCase(tag)), tag: commentText(tag), operations: [] });
    groups.get(tag)!.operations.push(view);
    return view;
  });
  const auth = authType(api, ctx.uses);
  return {
    client: {
      header,
      baseUrl: stringLiteral(defaultBaseUrl(api)),
      securitySchemes: securitySchemesLiteral(api),
      usesModels: ctx.uses.has("M"),
      streams: ctx.uses.has("streamed"),
      auth,
      valueImports: [...RUNTIME_VALUES, ...RUNTIME_VALUES_WHEN_USED.filter((f) => ctx.uses.has(f))].join(", "),
      // The template itself uses ClientConfig, OperationSpec and ResponseSchemas, and ApiError once there is an operation.
      typeImports: CLIENT_RUNTIME_TYPES
        .filter((t) => t === "ClientConfig" || t === "ResponseSchemas" || t === "OperationSpec" || (t === "ApiError" && operations.length > 0) || ctx.uses.has(t))
        .join(", "),
      operations,
      groups: [...groups.values()],
    },
    schemas: {
      header,
      operations: operations.filter((o) => o.schemaEntries !== "").map((o) => ({ key: o.key, entries: o.schemaEntries })),
    },
  };
}

/**
 * `{ bearerAuth?: TokenCredential; basicAuth?: BasicCredential }`: a misspelt scheme name, or a
 * username and password for a bearer scheme, does not compile. HTTP basic takes a username and
 * password; every other scheme (bearer and other HTTP schemes, API keys, OAuth2 and OpenID
 * Connect tokens) a string. Mutual TLS is configured on the fetch, not here.
 */
function authType(api: ApiDocument, uses: SymbolUses): string {
  const lines = api.securitySchemes
    .filter((s) => s.type !== "mutualTLS")
    .map((s) => `  ${typePropertyKey(s.name)}?: ${uses.use(s.type === "http" && s.scheme?.toLowerCase() === "basic" ? "BasicCredential" : "TokenCredential")} | undefined;`);
  return lines.length === 0 ? "{}" : `{\n${lines.join("\n")}\n}`;
}

function operationView(op: Operation, opNames: OperationNames, ctx: PrintContext): ClientOperationView {
  const { input: inputType, response: responseType, error: errorType, spec: specName } = opNames.client;
  const successes = successResponses(op);
  const streamed = streamOfSuccess(op, opNames);
  const stream = streamed?.stream;
  const itemType = stream ? undefined : paginationItemType(op, ctx);
  const typeArgs = itemType ? `${inputType}, ${responseType}, ${itemType}, ${errorType}` : `${inputType}, ${responseType}, ${errorType}`;
  let fnType = `${ctx.uses.use(itemType ? "PaginatedOperation" : "OperationFunction")}<${typeArgs}>`;
  let factory = `${ctx.uses.use(itemType ? "paginated" : "operation")}<${typeArgs}>(runtime, ${specName}, schemas.${opNames.value})`;
  if (stream) {
    // A streaming operation: its items, typed by the item schema, as they arrive.
    const streamArgs = `${inputType}, ${ctx.typeRef(streamed.item)}, ${errorType}`;
    fnType = `${ctx.uses.use("StreamOperation")}<${streamArgs}>`;
    const format = stream.jsonData ? `{ format: "sse", jsonData: true }` : `{ format: ${stringLiteral(stream.format)} }`;
    // The client's timeoutMs too: the runtime keeps its config to itself (startup bytes).
    factory = `${ctx.uses.use("streamed")}<${streamArgs}>(runtime, ${specName}, ${format}, schemas.${opNames.value}, config.timeoutMs)`;
  }
  const lines: string[] = [];
  if (op.summary) lines.push(...jsDocLines(op.summary));
  if (op.description && op.description !== op.summary) lines.push(...jsDocLines(op.description));
  lines.push(...jsDocLines(`${op.method.toUpperCase()} ${op.path}`));
  if (op.deprecated) lines.push(`@deprecated${op.sunset ? ` Sunset: ${jsDocLines(op.sunset).join(" ")}` : ""}`);
  // The full description goes on the Client member, where a call's hover shows it; the input
  // type names its operation only (a second copy was 0.5 MB of GitHub's client, parsed on every open).
  const inputLines = [...(op.summary ? jsDocLines(op.summary) : []), ...jsDocLines(`Input of ${opNames.value}: ${op.method.toUpperCase()} ${op.path}`)];
  return {
    method: op.method.toUpperCase(),
    paginated: itemType !== undefined,
    streaming: stream !== undefined,
    doc: docBlock(op.deprecated ? [...inputLines, "@deprecated"] : inputLines),
    memberDoc: docBlock(lines, "    ").trimStart(),
    key: opNames.value,
    specName,
    spec: operationSpecLiteral(op, opNames.value, (schema) => responseHeaderKind(schema, ctx)),
    inputType,
    input: printInput(op, opNames, ctx),
    responseType,
    errorType,
    error: errorVariants(op, opNames, ctx),
    response: successes.length === 0 ? `${ctx.uses.use("ApiResponse")}<number, unknown>` : unionOf(successes.map((r) => responseVariants(r, opNames.responses[op.responses.indexOf(r)]!, ctx))),
    fnType,
    factory,
    schemaEntries: responseSchemaEntries(op, opNames),
  };
}

/**
 * `{ path: {...}; query?: {...}; headers?: {...}; body: ... }`, each part optional when nothing in it is required.
 * A part whose caller's view prints as models.gen.ts's (no defaults in it) is that declaration.
 */
function printInput(op: Operation, opNames: OperationNames, ctx: PrintContext): string {
  const parts: string[] = [];
  for (const [location, key] of [["path", "path"], ["query", "query"], ["header", "headers"], ["cookie", "cookies"]] as const) {
    const declared = op.parameters.filter((p) => p.in === location);
    if (declared.length === 0) continue;
    const params = declared.map((p) => callerView(op, p));
    const scratch = ctx.detached();
    const same = printParamsType(params, scratch, "input") === printParamsType(declared, scratch, "write");
    const type = sharedOrInline(same ? opNames.params[location]?.type : undefined, (c) => printParamsType(params, c, "input", "  "), ctx);
    // An optional part also takes an explicit undefined (projects with exactOptionalPropertyTypes).
    const required = params.some((p) => p.required);
    parts.push(`  ${key}${required ? "" : "?"}: ${type}${required ? "" : " | undefined"};`);
  }
  if (op.requestBody && op.requestBody.content.length > 0) {
    const bodies = op.requestBody.content.map((m, i) => {
      const scratch = ctx.detached();
      const same = printsAsSchema(m) && printType(m.schema, scratch, "input") === printType(m.schema, scratch, "write");
      return sharedOrInline(same ? opNames.bodies[i]?.type : undefined, (c) => bodyType(m, c, "input"), ctx);
    });
    parts.push(`  body${op.requestBody.required ? "" : "?"}: ${unionOf([...bodies, ...(op.requestBody.required ? [] : ["undefined"])])};`);
  }
  // No parameters and no body: every part can only be undefined, so `{ query: { anything: true } }`
  // does not compile (an empty `{}` would take any object), while leaving the input out still does.
  if (parts.length === 0) return "{\n  path?: undefined;\n  query?: undefined;\n  headers?: undefined;\n  cookies?: undefined;\n  body?: undefined;\n}";
  return `{\n${parts.join("\n")}\n}`;
}

/**
 * models.gen.ts declares every parameter group, body and response of an operation
 * (core/operation-schemas.ts, printed by the same printers), so the client can name the
 * declaration (`M.ReposCreateInOrgBody`) instead of printing the type again: a second copy of
 * those types was 0.4 MB of GitHub's client.gen.ts, parsed on every editor open. A type printed
 * on one line (`string[]`, `M.Repository`, `{ [key: string]: unknown }`) stays as it is: it
 * reads better in a hover than a name, and costs nothing.
 */
function sharedOrInline(declared: string | undefined, inline: (c: PrintContext) => string, ctx: PrintContext): string {
  if (declared !== undefined && inline(ctx.detached()).includes("\n")) return ctx.typeRef(declared);
  return inline(ctx);
}

/** The client fills the idempotency key itself when the caller gives none. */
function callerView(op: Operation, p: Parameter): Parameter {
  return isIdempotencyHeader(op, p) ? { ...p, required: false } : p;
}

/** The item stream of the operation's first success response that is one (its other media types are not read as streams), and its item type's name. */
function streamOfSuccess(op: Operation, opNames: OperationNames): { stream: ItemStream; item: string; status: string; itemSchema: string } | undefined {
  const successes = new Set(successResponses(op));
  for (const [r, response] of op.responses.entries()) {
    if (!successes.has(response)) continue;
    for (const [m, media] of response.content.entries()) {
      const item = opNames.responses[r]![m]!.item;
      if (media.stream && item) return { stream: media.stream, item: item.type, status: response.status, itemSchema: item.schema };
    }
  }
  return undefined;
}

function successResponses(op: Operation): Response[] {
  const ok = op.responses.filter((r) => /^2/.test(r.status));
  return ok.length > 0 ? ok : op.responses.filter((r) => r.status === "default");
}

/** One variant per declared media type, tagged with it (so `accept` and the JSON preference can pick). */
function responseVariants(r: Response, declared: { type: string }[], ctx: PrintContext): string {
  const status = /^\d+$/.test(r.status) ? r.status : "number";
  const noBody = r.content.length === 0 || r.status === "204" || r.status === "205";
  const headers = r.headers.length === 0 ? "" : `, ${declaredHeadersType(r, ctx)}`;
  const apiResponse = ctx.uses.use("ApiResponse");
  if (noBody) return `${apiResponse}<${status}, undefined, ""${headers}>`;
  return unionOf(
    r.content.map((m, i) => {
      const body = sharedOrInline(printsAsSchema(m) ? declared[i]?.type : undefined, (c) => bodyType(m, c, "read"), ctx);
      return `${apiResponse}<${status}, ${body}, ${stringLiteral(mediaTypeEssence(m.contentType))}${headers}>`;
    }),
  );
}

/**
 * `{ Location?: string; "X-Rate-Limit"?: number }`: the response's declared headers as the runtime
 * reads them (responseHeaderKind). Every one is optional: a server may leave out even a required
 * header, and the runtime drops a value it cannot read as its type.
 */
function declaredHeadersType(r: Response, ctx: PrintContext): string {
  const members = r.headers.map((h) => {
    const kind = responseHeaderKind(h.schema, ctx);
    const type = kind === "array" ? "string[]" : kind === "integer" ? "number" : kind;
    return `${typePropertyKey(h.name)}?: ${type}`;
  });
  return `{ ${members.join("; ")} }`;
}

/**
 * The ApiError of an operation, as a union over the error statuses it declares, so that
 * checking `status` narrows `body` and `problem` to that response's schema.
 */
function errorVariants(op: Operation, opNames: OperationNames, ctx: PrintContext): string {
  const errors = op.responses.filter((r) => /^[45]/.test(r.status) || r.status === "default");
  if (errors.length === 0) return ctx.uses.use("ApiError");
  const variants = errors.map((r) => {
    const status = /^\d+$/.test(r.status) ? r.status : "number";
    const media = firstJson(r.content);
    const declared = media && opNames.responses[op.responses.indexOf(r)]![r.content.indexOf(media)]!.type;
    const body = media ? sharedOrInline(declared, (c) => printType(media.schema, c, "read"), ctx) : "unknown";
    const problem = media && /problem\+json/i.test(media.contentType) ? `; problem?: ${body}` : "";
    return `{ status: ${status}; body: ${body}${problem} }`;
  });
  return `${ctx.uses.use("ApiError")} & (${variants.join(" | ")})`;
}

/** How the runtime reads a header value: by its schema's kind (enums and other schemas as strings). */
export function responseHeaderKind(schema: SchemaNode, ctx: PrintContext): "string" | "number" | "integer" | "boolean" | "array" {
  const target = ctx.target(schema);
  return target.kind === "number" || target.kind === "integer" || target.kind === "boolean" || target.kind === "array" ? target.kind : "string";
}

/** Whether bodyType prints the media type's schema (as models.gen.ts declares it) rather than a fixed type. */
function printsAsSchema(media: MediaType): boolean {
  const type = mediaTypeEssence(media.contentType);
  return isJsonMediaType(type) || type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

/** JSON and text bodies have their schema's type; anything else arrives as a Blob. */
function bodyType(media: MediaType, ctx: PrintContext, mode: "read" | "input"): string {
  if (printsAsSchema(media)) return printType(media.schema, ctx, mode);
  if (mediaTypeEssence(media.contentType).startsWith("text/")) return "string";
  // The runtime sends a stream as it comes (never retried: it can be read once).
  return mode === "input" ? "Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | string" : "Blob";
}

function paginationItemType(op: Operation, ctx: PrintContext): string | undefined {
  if (!op.pagination) return undefined;
  const ok = op.responses.find((r) => r.status === "200" || r.status === "2XX");
  const body = ok && firstJson(ok.content)?.schema;
  if (!body) return "unknown";
  const field = op.pagination.itemsField;
  const container = field === undefined ? body : propertySchema(ctx, body, field);
  const array = container ? ctx.target(container) : undefined;
  return array?.kind === "array" ? wrapUnion(printType(array.items, ctx, "read")) : "unknown";
}

function propertySchema(ctx: PrintContext, node: SchemaNode, name: string): SchemaNode | undefined {
  const target = ctx.target(node);
  return target.kind === "object" ? target.properties.find((p) => p.name === name)?.schema : undefined;
}

function responseSchemaEntries(op: Operation, opNames: OperationNames): string {
  const entries: string[] = [];
  // A streaming operation's success status validates each item (stream.ts), its errors as any call's.
  const streamed = streamOfSuccess(op, opNames);
  op.responses.forEach((r, i) => {
    if (streamed && r.status === streamed.status) return void entries.push(`${stringLiteral(r.status)}: S.${streamed.itemSchema}`);
    const m = r.content.findIndex((media) => isJsonMediaType(media.contentType));
    if (m >= 0) entries.push(`${stringLiteral(r.status)}: S.${opNames.responses[i]![m]!.schema}`);
  });
  return entries.join(", ");
}

