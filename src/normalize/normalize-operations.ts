import { escapePointerToken } from "../load/json-pointer.js";
import { ADDITIONAL_METHODS, defaultExplode, defaultStyle, HTTP_METHODS, type HttpMethod, isJsonMediaType, type ItemStream, type MediaType, mediaTypeEssence, type StreamFormat, type Operation, type Parameter, type ParameterLocation, type PropertyEncoding, type RequestBody, type Response, type ResponseHeader, type SecurityRequirement } from "../ir/operation.js";
import { isObject, type NormalizeContext, type RawObject } from "./context.js";
import { normalizeSchema } from "./normalize-schema.js";
import { rateLimitOf } from "./rate-limit.js";

const METHODS = HTTP_METHODS;
const LOCATIONS = new Set<ParameterLocation>(["path", "query", "header", "cookie"]);

/** Every operation of a `paths` (or 3.1 `webhooks`) object, in document order. */
export function normalizeOperations(ctx: NormalizeContext, pathItems: unknown, base: "paths" | "webhooks"): Operation[] {
  if (!isObject(pathItems)) return [];
  const operations: Operation[] = [];
  for (const path of Object.keys(pathItems)) {
    const itemPointer = `#/${base}/${escapePointerToken(path)}`;
    if (base === "paths") warnUnroutable(ctx, path, itemPointer);
    const { value: item } = ctx.deref(pathItems[path]);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op) || (method === "query" && ctx.version !== "3.2")) continue;
      operations.push(normalizeOperation(ctx, { path, method, op, shared, pointer: `${itemPointer}/${method}`, itemPointer }));
    }
    if (ctx.version === "3.2") operations.push(...additionalOperations(ctx, item.additionalOperations, { path, shared, itemPointer }));
  }
  return operations;
}

/**
 * 3.2's `additionalOperations`: operations of methods other than the nine fixed ones (PURGE,
 * LINK...), keyed by the method as it is sent (case-sensitive). Those of ADDITIONAL_METHODS are
 * generated like any operation; any other is a warning at its place (Node's HTTP parser would
 * refuse it before a server sees it), and the rest of the path item still is.
 */
function additionalOperations(ctx: NormalizeContext, raw: unknown, at: { path: string; shared: unknown[]; itemPointer: string }): Operation[] {
  if (!isObject(raw)) return [];
  const operations: Operation[] = [];
  for (const method of Object.keys(raw)) {
    const pointer = `${at.itemPointer}/additionalOperations/${escapePointerToken(method)}`;
    const { value: op } = ctx.deref(raw[method]);
    if (!isObject(op)) continue;
    if (!ADDITIONAL_METHODS.has(method)) {
      const fixed = (HTTP_METHODS as readonly string[]).includes(method.toLowerCase());
      ctx.warn(
        "APIGEN_UNSUPPORTED_METHOD",
        fixed
          ? `additionalOperations.${method}: ${method.toUpperCase()} is a fixed field of the path item (\`${method.toLowerCase()}\`), which the specification keeps out of additionalOperations: this one is skipped`
          : `additionalOperations.${method}: apigen generates the methods Node's HTTP parser accepts and every pack routes (${[...ADDITIONAL_METHODS].join(", ")}; upper-case, as sent): this one is skipped`,
        pointer,
        fixed ? `move it to the path item's \`${method.toLowerCase()}\`` : "serve it with a route of your own next to the generated app, or describe it with one of those methods",
      );
      continue;
    }
    operations.push(normalizeOperation(ctx, { path: at.path, method: method.toLowerCase(), op, shared: at.shared, pointer, itemPointer: at.itemPointer }));
  }
  return operations;
}

/**
 * A path with `?` or `#` in its template cannot be called as written: a URL's query starts at
 * `?` and its fragment at `#`, which fetch never sends, so the client's request and the server's
 * route disagree. The spec is kept as it is; the warning says why those operations fail.
 */
function warnUnroutable(ctx: NormalizeContext, path: string, pointer: string): void {
  const literal = path.replace(/\{[^}]*\}/g, "");
  const mark = ["?", "#"].find((c) => literal.includes(c));
  if (mark === undefined) return;
  const meaning = mark === "?" ? "in a URL it starts the query string" : "in a URL it starts a fragment, which clients never send";
  ctx.warn("APIGEN_PATH_NOT_ROUTABLE", `path ${JSON.stringify(path)} contains "${mark}" (${meaning}): no request can reach this path as written`, pointer, `percent-encode it in the path template (${mark === "?" ? "%3F" : "%23"}) or move it into a parameter`);
}

/**
 * GET and HEAD operations have no request body in the IR, whatever the spec declares: fetch
 * refuses to send one (the client's call would throw), HTTP gives it no meaning, and PRACTICES
 * types GET/HEAD handlers so that they cannot take one. A declared body is a warning at its
 * place; lint's no-get-request-body reads the document itself. Decided here, once, so that
 * every reader of the IR (emit, names, the corpus and oracle tests) sees the API as generated.
 */
function warnGetBody(ctx: NormalizeContext, method: HttpMethod, path: string, pointer: string): void {
  const verb = method.toUpperCase();
  ctx.warn("APIGEN_GET_REQUEST_BODY", `${verb} ${path} declares a request body, which a ${verb} request cannot carry (fetch refuses to send it): generated without it`, `${pointer}/requestBody`, "send its fields as query parameters, or make the operation a POST");
}

interface OperationInput {
  path: string;
  method: HttpMethod;
  op: RawObject;
  shared: unknown[];
  pointer: string;
  itemPointer: string;
}

function normalizeOperation(ctx: NormalizeContext, input: OperationInput): Operation {
  const { op, method, path, pointer } = input;
  const parameters = mergeParameters(ctx, input);
  const declaredId = typeof op.operationId === "string" && op.operationId.trim() !== "";
  const bodyless = method === "get" || method === "head";
  if (bodyless && op.requestBody !== undefined) warnGetBody(ctx, method, path, pointer);
  const requestBody = op.requestBody === undefined || bodyless ? undefined : normalizeRequestBody(ctx, op.requestBody, `${pointer}/requestBody`);
  const deprecated = op.deprecated === true;
  return {
    operationId: declaredId ? (op.operationId as string) : `${method} ${path}`,
    operationIdDeclared: declaredId,
    method,
    path,
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [],
    summary: typeof op.summary === "string" ? op.summary : undefined,
    description: typeof op.description === "string" ? op.description : undefined,
    deprecated,
    sunset: typeof op["x-sunset"] === "string" ? op["x-sunset"] : undefined,
    deprecationLink: typeof op["x-deprecation-link"] === "string" ? op["x-deprecation-link"] : undefined,
    parameters,
    requestBody,
    responses: normalizeResponses(ctx, op.responses, `${pointer}/responses`),
    security: normalizeSecurity(op.security ?? ctx.document.security),
    ...idempotencyOf(op, parameters),
    rateLimit: rateLimitOf(ctx, op, pointer),
    pointer,
  };
}

/** Path-item parameters apply to every operation; an operation's own parameter of the same name and location wins. */
function mergeParameters(ctx: NormalizeContext, input: OperationInput): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const add = (list: unknown[], base: string) =>
    list.forEach((raw, i) => {
      const pointer = `${base}/parameters/${i}`;
      const { value, ref } = ctx.deref(raw);
      // 3.2's `in: querystring` is the whole query string: its fields become query parameters.
      const params = isObject(value) && value.in === "querystring" && ctx.version === "3.2" ? querystringParameters(ctx, value, ref ?? pointer) : [normalizeParameter(ctx, raw, pointer)];
      for (const param of params) if (param) byKey.set(`${param.in}:${param.in === "header" ? param.name.toLowerCase() : param.name}`, param);
    });
  add(input.shared, input.itemPointer);
  add(Array.isArray(input.op.parameters) ? input.op.parameters : [], input.pointer);
  return [...byKey.values()];
}

/**
 * 3.2's `in: querystring`: one schema for the whole query string, under `content`. A form-encoded
 * object (`application/x-www-form-urlencoded`, the query string's own format) is its fields: each
 * property becomes a `form` query parameter (its `encoding` entry may set style and explode), so
 * the client writes and the server validates the same query string as the spec's. Other media
 * types (a JSON query string), and objects whose fields are not all named, are a warning and the
 * parameter is left out.
 */
function querystringParameters(ctx: NormalizeContext, param: RawObject, pointer: string): Parameter[] {
  const name = typeof param.name === "string" ? ` ${JSON.stringify(param.name)}` : "";
  const unsupported = (why: string): Parameter[] => {
    ctx.warn("APIGEN_UNSUPPORTED_PARAMETER", `parameter${name} is \`in: querystring\` ${why}, which apigen does not generate: the query string is neither validated nor typed for it`, pointer, "describe the query string as an application/x-www-form-urlencoded object with named properties, or as `in: query` parameters");
    return [];
  };
  const content = isObject(param.content) ? param.content : {};
  const [contentType] = Object.keys(content);
  if (contentType === undefined || mediaTypeEssence(contentType) !== "application/x-www-form-urlencoded") return unsupported(`as ${contentType ?? "no media type"}`);
  const media = isObject(content[contentType]) ? (content[contentType] as RawObject) : {};
  const { value: schema, ref } = ctx.deref(media.schema);
  const at = ref ?? `${pointer}/content/${escapePointerToken(contentType)}/schema`;
  const open = isObject(schema) && (schema.patternProperties !== undefined || (schema.additionalProperties !== undefined && schema.additionalProperties !== false));
  if (!isObject(schema) || !isObject(schema.properties) || open || schema.allOf !== undefined || schema.oneOf !== undefined || schema.anyOf !== undefined) return unsupported("with a schema that is not an object of named properties");
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  const encoding = normalizeEncoding(media.encoding) ?? {};
  return Object.entries(schema.properties).map(([field, raw]) => {
    const style = encoding[field]?.style ?? "form";
    const property = ctx.deref(raw).value;
    return {
      name: field,
      in: "query" as const,
      required: required.has(field),
      deprecated: isObject(property) && property.deprecated === true,
      description: isObject(property) && typeof property.description === "string" ? property.description : undefined,
      style,
      explode: encoding[field]?.explode ?? defaultExplode(style),
      ...(encoding[field]?.allowReserved ? { allowReserved: true } : {}),
      schema: normalizeSchema(ctx, raw, `${at}/properties/${escapePointerToken(field)}`),
      pointer: `${at}/properties/${escapePointerToken(field)}`,
    };
  });
}

function normalizeParameter(ctx: NormalizeContext, raw: unknown, pointer: string): Parameter | undefined {
  const { value, ref } = ctx.deref(raw);
  if (!isObject(value) || typeof value.name !== "string" || !LOCATIONS.has(value.in as ParameterLocation)) return undefined;
  const where = value.in as ParameterLocation;
  const at = ref ?? pointer;
  let style = typeof value.style === "string" ? value.style : defaultStyle(where);
  if (style === "cookie" && where === "cookie") {
    // 3.2's cookie style is form without percent-encoding; the runtimes speak form, which encodes.
    ctx.warn("APIGEN_UNSUPPORTED_STYLE", `cookie parameter ${JSON.stringify(value.name)} has \`style: cookie\` (OpenAPI 3.2), which apigen reads as \`form\`: values are percent-encoded`, `${ref ?? pointer}/style`, "values without characters that need encoding travel the same either way");
    style = "form";
  }
  let schema = normalizeSchema(ctx, value.schema, `${at}/schema`);
  let contentType: string | undefined;
  if (value.schema === undefined && isObject(value.content)) {
    contentType = Object.keys(value.content)[0];
    if (contentType !== undefined) {
      const media = value.content[contentType];
      schema = normalizeSchema(ctx, isObject(media) ? media.schema : undefined, `${at}/content/${escapePointerToken(contentType)}/schema`);
    }
  }
  return {
    name: value.name,
    in: where,
    required: where === "path" ? true : value.required === true,
    deprecated: value.deprecated === true,
    description: typeof value.description === "string" ? value.description : undefined,
    style,
    explode: typeof value.explode === "boolean" ? value.explode : defaultExplode(style),
    contentType,
    ...(value.allowReserved === true ? { allowReserved: true } : {}),
    schema,
    pointer: at,
  };
}

function normalizeRequestBody(ctx: NormalizeContext, raw: unknown, pointer: string): RequestBody | undefined {
  const { value, ref } = ctx.deref(raw);
  if (!isObject(value)) return undefined;
  const at = ref ?? pointer;
  return {
    required: value.required === true,
    description: typeof value.description === "string" ? value.description : undefined,
    content: normalizeContent(ctx, value.content, `${at}/content`, "request"),
    pointer: at,
  };
}

function normalizeContent(ctx: NormalizeContext, content: unknown, pointer: string, side: "request" | "response"): MediaType[] {
  if (!isObject(content)) return [];
  return Object.keys(content).map((contentType) => {
    // A media type may be a $ref (3.2's components/mediaTypes): pointers then lead into its target.
    const { value: media, ref } = ctx.deref(content[contentType]);
    const at = ref ?? `${pointer}/${escapePointerToken(contentType)}`;
    const encoding = isObject(media) ? normalizeEncoding(media.encoding) : undefined;
    const stream = isObject(media) ? streamOf(ctx, contentType, media, at, side) : undefined;
    if (isObject(media) && ctx.version === "3.2") warnPositionalEncoding(ctx, media, at);
    return {
      contentType,
      // A 3.0/3.1 response stream's `schema` (with x-apigen-stream) describes its items, not the body.
      schema: normalizeSchema(ctx, isObject(media) && !(stream && media.itemSchema === undefined) ? media.schema : undefined, `${at}/schema`),
      ...(encoding ? { encoding } : {}),
      ...(stream ? { stream } : {}),
    };
  });
}

/**
 * 3.2's `itemEncoding` and `prefixEncoding` say how the parts of a positional multipart body
 * (multipart/mixed, ...) are encoded: apigen sends and parses multipart/form-data by field name
 * only (`encoding`), so each is a warning at its place.
 */
function warnPositionalEncoding(ctx: NormalizeContext, media: RawObject, at: string): void {
  for (const keyword of Object.keys(media)) {
    if (keyword !== "itemEncoding" && keyword !== "prefixEncoding") continue;
    ctx.warn("APIGEN_UNSUPPORTED_KEYWORD", `${keyword} (OpenAPI 3.2, parts of a positional multipart body) is not read: apigen encodes multipart/form-data by field name (\`encoding\`) and reads other multipart bodies as bytes`, `${at}/${keyword}`, "describe the parts as named fields with `encoding`");
  }
}

const STREAM_FORMATS: Record<string, StreamFormat> = {
  "text/event-stream": "sse",
  "application/jsonl": "jsonl",
  "application/x-ndjson": "jsonl",
  "application/json-seq": "json-seq",
};

/**
 * A stream of items: 3.2's `itemSchema`, or in any version `x-apigen-stream: true` beside a
 * `schema` that then describes each item (3.0 and 3.1 have no itemSchema). Of another media type
 * (multipart/mixed, ...) an itemSchema is a warning: the body is read whole.
 */
function streamOf(ctx: NormalizeContext, contentType: string, media: RawObject, at: string, side: "request" | "response"): ItemStream | undefined {
  const format = STREAM_FORMATS[mediaTypeEssence(contentType)];
  const marked = media["x-apigen-stream"] === true && media.schema !== undefined;
  const raw = ctx.version === "3.2" && media.itemSchema !== undefined ? media.itemSchema : marked ? media.schema : undefined;
  if (raw === undefined) return undefined;
  const itemPointer = `${at}/${raw === media.itemSchema ? "itemSchema" : "schema"}`;
  if (side === "request") {
    // Uploading a stream of items is not generated yet: the body stays as `schema` says.
    ctx.warn("APIGEN_STREAM_NOT_SUPPORTED", `a ${contentType} request body is described as a stream of items, which apigen generates for responses only: the body is sent whole, as \`schema\` says (unknown without one)`, itemPointer);
    return undefined;
  }
  if (!format) {
    ctx.warn("APIGEN_STREAM_NOT_SUPPORTED", `${contentType} describes a stream of items, which apigen reads as text/event-stream, application/jsonl, application/x-ndjson or application/json-seq only: this body is read whole`, itemPointer);
    return undefined;
  }
  if (format !== "sse") return { format, item: normalizeSchema(ctx, raw, itemPointer) };
  // SSE: an event's `data` with contentMediaType JSON and a contentSchema is that JSON, parsed.
  const { value: event } = ctx.deref(raw);
  const properties = isObject(event) && isObject(event.properties) ? event.properties : undefined;
  const data = properties ? ctx.deref(properties.data).value : undefined;
  if (isObject(event) && properties && isObject(data) && data.contentSchema !== undefined && typeof data.contentMediaType === "string" && isJsonMediaType(data.contentMediaType)) {
    const typed = { ...event, properties: { ...properties, data: data.contentSchema } };
    return { format, item: normalizeSchema(ctx, typed, itemPointer), jsonData: true };
  }
  return { format, item: normalizeSchema(ctx, raw, itemPointer) };
}

/** A media type's `encoding` map: per property, the fields that change how it travels. */
function normalizeEncoding(raw: unknown): Record<string, PropertyEncoding> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, PropertyEncoding> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isObject(value)) continue;
    const entry: PropertyEncoding = {};
    if (typeof value.contentType === "string") entry.contentType = value.contentType;
    if (typeof value.style === "string") entry.style = value.style;
    if (typeof value.explode === "boolean") entry.explode = value.explode;
    if (value.allowReserved === true) entry.allowReserved = true;
    if (Object.keys(entry).length > 0) out[name] = entry;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function normalizeResponses(ctx: NormalizeContext, responses: unknown, pointer: string): Response[] {
  if (!isObject(responses)) return [];
  return Object.keys(responses)
    .filter((status) => /^([1-5](\d\d|XX)|default)$/i.test(status))
    .map((status) => {
      const { value, ref } = ctx.deref(responses[status]);
      const at = ref ?? `${pointer}/${escapePointerToken(status)}`;
      const response = isObject(value) ? value : {};
      return {
        status: status.toUpperCase() === "DEFAULT" ? "default" : status.toUpperCase(),
        // 3.2 made description optional beside a new one-line summary: either documents the response.
        description: typeof response.description === "string" ? response.description : typeof response.summary === "string" ? response.summary : undefined,
        headers: normalizeHeaders(ctx, response.headers, `${at}/headers`),
        content: normalizeContent(ctx, response.content, `${at}/content`, "response"),
        componentRef: ref,
        pointer: at,
      };
    });
}

function normalizeHeaders(ctx: NormalizeContext, headers: unknown, pointer: string): ResponseHeader[] {
  if (!isObject(headers)) return [];
  return Object.keys(headers)
    .filter((name) => name.toLowerCase() !== "content-type") // the spec says Content-Type headers are ignored
    .map((name) => {
      const { value, ref } = ctx.deref(headers[name]);
      const header = isObject(value) ? value : {};
      const at = ref ?? `${pointer}/${escapePointerToken(name)}`;
      return {
        name,
        required: header.required === true,
        description: typeof header.description === "string" ? header.description : undefined,
        schema: normalizeSchema(ctx, header.schema, `${at}/schema`),
      };
    });
}

function normalizeSecurity(raw: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.filter(isObject).map((req) => ({
    schemes: Object.keys(req).map((scheme) => ({
      scheme,
      scopes: Array.isArray(req[scheme]) ? (req[scheme] as unknown[]).filter((s): s is string => typeof s === "string") : [],
    })),
  }));
}

/** The one place that decides whether an operation is idempotent, and by which header. */
function idempotencyOf(op: RawObject, parameters: Parameter[]): Pick<Operation, "idempotent" | "idempotencyHeader"> {
  const header = parameters.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key")?.name;
  return { idempotent: op["x-idempotent"] === true || header !== undefined, idempotencyHeader: header };
}

