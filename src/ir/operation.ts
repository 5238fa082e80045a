import type { SchemaNode } from "./schema.js";

/** The methods of a path item's fixed fields. */
export type FixedHttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query";
/**
 * An operation's method, lower-case: a fixed field's, or one of 3.2's `additionalOperations`
 * (`purge`, `m-search`: see ADDITIONAL_METHODS).
 */
export type HttpMethod = FixedHttpMethod | (string & {});

/**
 * The `additionalOperations` methods apigen generates: those Node's HTTP parser accepts (it refuses
 * any other method with a 400 before a server sees it) and that every server pack can route (each
 * has a route method for them; CONNECT opens a tunnel, it is no route). Others are a warning. The
 * runtimes' HttpMethod types list the same.
 */
export const ADDITIONAL_METHODS: ReadonlySet<string> = new Set(["CHECKOUT", "COPY", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCOL", "MOVE", "NOTIFY", "PROPFIND", "PROPPATCH", "PURGE", "REPORT", "SEARCH", "SUBSCRIBE", "UNLINK", "UNLOCK", "UNSUBSCRIBE"]);
/**
 * The operation keys of an OpenAPI path item, in the order the spec lists them. `query` (the
 * QUERY method: safe and idempotent like GET, with a request body) is an operation key from 3.2
 * on; in a 3.0/3.1 document it is an unknown key, which the structure check reports.
 */
export const HTTP_METHODS: readonly FixedHttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** OpenAPI's default `style` of a parameter in this location (the normaliser and the client runtime both apply it). */
export function defaultStyle(location: ParameterLocation): string {
  return location === "query" || location === "cookie" ? "form" : "simple";
}

/** OpenAPI's default `explode` for a style: true for form only. */
export function defaultExplode(style: string): boolean {
  return style === "form";
}

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  deprecated: boolean;
  description?: string;
  style: string;
  explode: boolean;
  /** Set when the parameter is described by `content` (e.g. JSON in a query string). */
  contentType?: string;
  /** `allowReserved: true` (query): reserved characters are sent as they are, not percent-encoded. */
  allowReserved?: boolean;
  schema: SchemaNode;
  pointer: string;
}

/** A form or multipart body property's `encoding` entry. */
export interface PropertyEncoding {
  /** The part's media type (multipart), e.g. `image/png` or `application/json`. */
  contentType?: string;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
}

/** How a streamed body's items are framed: server-sent events, JSON Lines, JSON text sequences. */
export type StreamFormat = "sse" | "jsonl" | "json-seq";

/** A body that is a stream of items (3.2 `itemSchema`, or `x-apigen-stream: true` beside a 3.0/3.1 `schema`). */
export interface ItemStream {
  format: StreamFormat;
  /** What each item is: for SSE the event object (`data`, `event`, `id`, `retry`), `data` typed as its contentSchema when it is JSON. */
  item: SchemaNode;
  /** SSE: each event's `data` is JSON (contentMediaType application/json): the client parses it. */
  jsonData?: boolean;
}

export interface MediaType {
  contentType: string;
  /** The whole body's schema (unknown for a stream described by its items only). */
  schema: SchemaNode;
  /** Set when the body is a stream of items. */
  stream?: ItemStream;
  /** `encoding` by property name (form and multipart bodies), when the spec gives one. */
  encoding?: Record<string, PropertyEncoding>;
}

export interface RequestBody {
  required: boolean;
  description?: string;
  content: MediaType[];
  pointer: string;
}

export interface ResponseHeader {
  name: string;
  required: boolean;
  description?: string;
  schema: SchemaNode;
}

export interface Response {
  /** `200`, `4XX`, `default`: exactly as the spec keys it. */
  status: string;
  description?: string;
  headers: ResponseHeader[];
  content: MediaType[];
  /** The component response it came from (`#/components/responses/NotFound`), if any. */
  componentRef?: string;
  pointer: string;
}

/** One alternative of an operation's security: every scheme listed must be satisfied. */
export interface SecurityRequirement {
  schemes: { scheme: string; scopes: string[] }[];
}

/** How a list operation pages, detected from the spec or declared with `x-pagination`. */
export type Pagination =
  | { kind: "cursor"; cursorParam: string; itemsField: string; nextCursorField: string; hasMoreField?: string }
  | { kind: "page"; pageParam: string; firstPage: number; itemsField?: string; totalPagesField?: string; sizeParam?: string }
  | { kind: "link"; itemsField?: string };

export interface Operation {
  /** operationId when given; otherwise derived from method and path (and flagged by lint). */
  operationId: string;
  operationIdDeclared: boolean;
  method: HttpMethod;
  path: string;
  tags: string[];
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** `x-sunset` as written, when the operation is deprecated with a date. */
  sunset?: string;
  /** `x-deprecation-link` as written: where the deprecation is explained (`Link rel="deprecation"`, RFC 9745). */
  deprecationLink?: string;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** OR of ANDs; `[]` means no auth (explicit `security: []`); undefined means none declared anywhere. */
  security?: SecurityRequirement[];
  /** Declares an `Idempotency-Key` header or `x-idempotent: true`. */
  idempotent: boolean;
  /** The declared idempotency header's name as the spec spells it, when there is one. */
  idempotencyHeader?: string;
  pagination?: Pagination;
  /** `x-ratelimit` of the operation, else of the document (src/normalize/rate-limit.ts). */
  rateLimit?: RateLimit;
  pointer: string;
}

/** A rate limit as `x-ratelimit` declares it: `limit` requests per caller per window of `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
  /** The policy's name; operations naming the same one share a quota. */
  name?: string;
}

export interface SecurityScheme {
  name: string;
  type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** http: `bearer`, `basic`, ... */
  scheme?: string;
  bearerFormat?: string;
  /** apiKey */
  in?: "query" | "header" | "cookie";
  parameterName?: string;
  description?: string;
  /** oauth2: the flows declared, by name (implicit, password, clientCredentials, authorizationCode). */
  flows?: string[];
}

/** Whether a parameter is the operation's idempotency key (which clients fill in themselves). */
export function isIdempotencyHeader(op: Pick<Operation, "idempotencyHeader">, p: Parameter): boolean {
  return p.in === "header" && p.name === op.idempotencyHeader;
}

/** A Content-Type's media type alone: lower case, without parameters (`text/plain; charset=utf-8` -> `text/plain`). */
export function mediaTypeEssence(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/**
 * Whether a media type carries JSON: `application/json`, any `+json` suffix (problem+json,
 * vnd.api+json), with or without parameters. The one test every stage uses.
 */
export function isJsonMediaType(contentType: string): boolean {
  const type = mediaTypeEssence(contentType);
  return type === "application/json" || type.endsWith("+json");
}

/** The first JSON media type of a response or body, if any. */
export function firstJson(content: MediaType[]): MediaType | undefined {
  return content.find((m) => isJsonMediaType(m.contentType));
}
