/**
 * The contract between generated server code and the server runtime. The generator describes
 * each operation as an OperationContract (server/contract.gen.ts); everything that does not
 * vary with the spec lives in this folder, is copied verbatim into the output
 * (`<out>/runtime/server/`) and is shared by the Express, Fastify and Nest packs, so the three
 * answer every request the same way.
 */
/**
 * A zod schema as a contract holds it: typed by one member only. Checking GitHub's 1,200
 * generated contracts against zod's whole `ZodType` cost tsc 7 three of its seconds (each
 * schema's declared type compared member by member); the runtime reads it as the zod schema it
 * is (`zodOf` in ./validate.ts).
 */
export type ContractSchema = { readonly "~standard": unknown };

/** A fixed method, or one of the 3.2 `additionalOperations` methods apigen generates (PURGE, LINK...), upper-case as sent. */
export type HttpMethod =
  | "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY"
  | "CHECKOUT" | "COPY" | "LINK" | "LOCK" | "M-SEARCH" | "MERGE" | "MKACTIVITY" | "MKCOL" | "MOVE" | "NOTIFY" | "PROPFIND" | "PROPPATCH" | "PURGE" | "REPORT" | "SEARCH" | "SUBSCRIBE" | "UNLINK" | "UNLOCK" | "UNSUBSCRIBE";

/** How a security scheme's credentials travel (the spec's `components.securitySchemes`). */
export type SecuritySchemeSpec =
  | { type: "http"; scheme: string }
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  /** OAuth2 and OpenID Connect: a bearer access token in `Authorization`. */
  | { type: "oauth2" | "openIdConnect" };

/** One way of being authorised: every scheme listed, each with the scopes it needs. */
export type SecurityRequirement = { scheme: string; scopes: string[] }[];

/** Credentials as taken from the request, by scheme type. */
export type BearerCredentials = { type: "bearer"; token: string };
export type BasicCredentials = { type: "basic"; username: string; password: string };
export type ApiKeyCredentials = { type: "apiKey"; key: string };
export type Credentials = BearerCredentials | BasicCredentials | ApiKeyCredentials;

/**
 * What a verifier answers: the principal and the scopes it holds, or nothing when the
 * credentials are not valid (a 401). Missing scopes are a 403.
 */
export type Verified<P> = { principal: P; scopes?: readonly string[] } | undefined | null | false;

export interface VerifyContext {
  requestId: string;
  operationId: string;
  /** The scheme's name in the spec (`bearerAuth`). */
  scheme: string;
}

/** The user's check of one scheme's credentials. */
export type Verifier<C extends Credentials, P> = (credentials: C, context: VerifyContext) => Verified<P> | Promise<Verified<P>>;

/** A declared response: what the runtime needs to send it and, optionally, validate it. */
export interface ResponseContract {
  /** Media types in spec order; the first JSON one is used for object bodies. */
  contentTypes: string[];
  /** Zod schema of the JSON body, for response validation. */
  schema?: ContractSchema;
  /** Declared header names, as the spec spells them. */
  headers?: string[];
  /** What the JSON body may carry (project.ts): writeOnly and undeclared properties are stripped. */
  projection?: import("./project.js").Projection | undefined;
  /** A media type that is a stream of items (stream.ts): the handler answers it with an (async) iterable of them. */
  stream?: import("./stream.js").StreamContract | undefined;
}

export interface OperationContract {
  /** The operation's name in generated code (`createOrder`). */
  id: string;
  method: HttpMethod;
  /** Path template as in the spec: `/orders/{orderId}`. */
  path: string;
  /**
   * Route parameter key (what the framework route calls it, always an identifier) to the
   * spec's parameter name, for every `{param}` of the path.
   */
  pathParams: Record<string, string>;
  /** Zod schemas of each parameter location, keyed by the spec's parameter names (wire coercion included). */
  params: {
    path?: ContractSchema;
    query?: ContractSchema;
    headers?: ContractSchema;
    cookies?: ContractSchema;
  };
  /** Declared header parameter names as the spec spells them (incoming headers are lower-cased). */
  headerNames: string[];
  /** Locations whose parameters need decoding by style before validation (./params.ts); absent: none. */
  wire?: import("./params.js").OperationWire;
  body?: {
    required: boolean;
    /** Media types in spec order. */
    contentTypes: string[];
    /** Zod schema per media type (JSON and form bodies); absent: the body is passed as it came. */
    schemas: Record<string, ContractSchema | undefined>;
    /** Per form or multipart media type, how its fields are decoded before validation (./form.ts). */
    forms?: Record<string, import("./form.js").FormPlan>;
  };
  /** By status key as the spec writes it: `200`, `4XX`, `default`. */
  responses: Record<string, ResponseContract>;
  /** OR of ANDs; undefined or empty: no authentication. An empty alternative allows anonymous calls. */
  security?: SecurityRequirement[];
  /** Set when the operation declares an idempotency key header (or `x-idempotent: true`, then `Idempotency-Key`). */
  idempotency?: { header: string };
  /** Deprecated operations answer with `Deprecation` (and `Sunset`, `Link rel="deprecation"` when known). */
  deprecated?: { sunset?: string; link?: string };
  /** The spec's `x-ratelimit` (operation or document level); `ServerOptions.rateLimit` may replace it. */
  rateLimit?: RateLimitPolicy;
}

/**
 * A rate limit: at most `limit` requests per caller in each window of `windowSeconds` (a fixed
 * window, started by the caller's first request; ./rate-limit.ts). The draft's quota policy:
 * `RateLimit-Policy: "<name>";q=<limit>;w=<windowSeconds>`.
 */
export interface RateLimitPolicy {
  /** Requests allowed per window (the policy's `q`), an integer of at least 1. */
  limit: number;
  /** The window in seconds (the policy's `w`), an integer of at least 1. */
  windowSeconds: number;
  /**
   * The policy's name in the headers (default: the operation's id). Operations that name the same
   * policy share one quota per caller.
   */
  name?: string;
}

/** A request as a framework adapter hands it to the runtime. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as received (`/orders?limit=5`). */
  url: string;
  /** Node's incoming headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Route parameters as the framework decoded them, keyed by route parameter key. */
  pathParams: Record<string, string | undefined>;
  /** The query as `parseQueryString` parsed it, when the framework did already (else parsed from `url`). */
  query?: Record<string, string | string[]> | undefined;
  /**
   * Reads the raw body (undefined when the request has none), failing with the 413 problem past
   * `limit` bytes. Called by the runtime after authentication, so an unauthenticated caller
   * never gets its body read. Adapters implement it with `readBody` from ./body.js; one that read
   * the body already (Fastify's parser, for operations without security) answers synchronously.
   */
  readBody(limit: number): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** The body as a stream not read yet, for parsers that work while it arrives (multipart); absent or undefined: `readBody`. */
  bodyStream?(): AsyncIterable<Uint8Array | string> | undefined;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /**
   * The address of the peer that sent the request (Node's `socket.remoteAddress`), undefined where
   * the runtime does not tell (Hono off Node). Behind a proxy it is the proxy's: see `trustProxy`.
   */
  clientAddress?: string | undefined;
  /** `http` or `https`, where the adapter knows (telemetry's `url.scheme`; default `http`). */
  readonly scheme?: string | undefined;
  /** The HTTP version (`1.1`), where the adapter knows (telemetry's `network.protocol.version`). */
  readonly protocolVersion?: string | undefined;
}

/** A response as the runtime hands it back to the adapter, to be written as it is. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /**
   * A streamed body (no `body` then): the adapter writes the head, then `stream.pipe(sink)` over
   * its connection, and calls `stream.cancel()` when the client goes away (stream.ts).
   */
  stream?: import("./stream.js").ResponseStream | undefined;
}

/** What a handler returns: one of the operation's declared responses (the generated type narrows it). */
export interface HandlerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number | boolean | undefined>;
  /** Which declared media type to send when a response declares several. */
  contentType?: string;
}

/** Conditional-request helpers a handler receives. */
export interface Preconditions {
  /**
   * Throws the 412 problem unless the request's `If-Match` matches the resource's current
   * ETag (or is `*`). Call it before changing anything.
   */
  ifMatch(currentEtag: string): void;
}

/** What every handler receives besides its typed inputs. */
export interface HandlerContextBase<P> {
  requestId: string;
  principal: P;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  preconditions: Preconditions;
}

/**
 * Where the runtime writes: `error` and `warn` for what went wrong, `info` for one access line
 * per request (observe.ts). `info` is optional: a logger without it gets no access lines. No
 * line holds a request's or response's body or a credential.
 */
export interface Logger {
  error(message: string, details: Record<string, unknown>): void;
  warn(message: string, details: Record<string, unknown>): void;
  info?(message: string, details: Record<string, unknown>): void;
}

/** Options every pack's server takes. */
export interface ServerOptions {
  /** Request bodies larger than this are a 413 problem (default 1 MiB). */
  bodyLimit?: number | undefined;
  /** Validate handlers' responses against the spec (default: on when NODE_ENV is development or test). */
  validateResponses?: boolean | undefined;
  /**
   * Strip writeOnly and undeclared properties from JSON response bodies, in every mode (default:
   * on). Turn off only when every handler already returns exactly what the spec declares.
   */
  filterResponses?: boolean | undefined;
  /** Where idempotent requests are remembered (default: in memory, 24 h). */
  idempotencyStore?: import("./idempotency.js").IdempotencyStore | undefined;
  /** How long an idempotency key is remembered (default 24 h). */
  idempotencyTtlMs?: number | undefined;
  /**
   * How long a running request's claim on its idempotency key lasts unless renewed (default 10 s;
   * renewed every third of it while the handler runs). After a crash, retries get 409 this long.
   */
  idempotencyLeaseMs?: number | undefined;
  /** Where unexpected errors are logged, with the request id, and the access lines go (`info`; default: console, errors only). */
  logger?: Logger | undefined;
  /** One `logger.info` line per request (observe.ts: AccessRecord); default: on when the logger has `info`. */
  accessLog?: boolean | undefined;
  /** The access line's `principalId` for an authenticated principal (default: none logged). */
  principalId?: ((principal: any) => string | undefined) | undefined;
  /**
   * OpenTelemetry's API (`import * as api from "@opentelemetry/api"`): a server span per request
   * and the HTTP server metrics, through the SDK the application registers (telemetry.ts).
   * Absent: no telemetry work at all.
   */
  telemetry?: import("./telemetry.js").TelemetryApi | undefined;
  /** Pretty-print JSON responses (default: compact). */
  prettyJson?: boolean | undefined;
  /** Realm named in `WWW-Authenticate` challenges (default: "api"). */
  realm?: string | undefined;
  /** CORS for browser clients on other origins (default: off, no CORS headers); see cors.ts. */
  cors?: import("./cors.js").CorsOptions | undefined;
  /** Limits on multipart/form-data bodies (parts, field and file sizes), within `bodyLimit`. */
  multipart?: import("./multipart.js").MultipartLimits | undefined;
  /** Rate limits (default: the spec's `x-ratelimit` only, counted in memory); see rate-limit.ts. */
  rateLimit?: import("./rate-limit.js").RateLimitOptions | undefined;
  /**
   * Take the client's address from `X-Forwarded-For` (default: off, the peer's address): `true`
   * trusts every hop (the leftmost address), a number trusts that many proxies in front of the
   * server (the address that many hops from the right). Only behind a proxy that sets the header:
   * otherwise any caller picks its own address, and its own rate-limit quota.
   */
  trustProxy?: boolean | number | undefined;
  /** Streamed responses: SSE keep-alive interval and the shutdown grace (stream.ts). */
  streams?: import("./stream.js").StreamOptions | undefined;
}

export type { UploadedFile, WithUploads } from "./uploaded-file.js";
