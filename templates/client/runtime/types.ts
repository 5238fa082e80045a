/**
 * The contract between generated clients (client.gen.ts) and the client runtime. Generated code
 * describes each operation as an OperationSpec and calls `runtime.call(spec, input, options)`;
 * everything that does not vary with the spec lives in this folder and is copied verbatim.
 */

/** A fixed method, or one of the 3.2 `additionalOperations` methods apigen generates (PURGE, LINK...), upper-case as sent. */
export type HttpMethod =
  | "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY"
  | "CHECKOUT" | "COPY" | "LINK" | "LOCK" | "M-SEARCH" | "MERGE" | "MKACTIVITY" | "MKCOL" | "MOVE" | "NOTIFY" | "PROPFIND" | "PROPPATCH" | "PURGE" | "REPORT" | "SEARCH" | "SUBSCRIBE" | "UNLINK" | "UNLOCK" | "UNSUBSCRIBE";

/** How one parameter travels (OpenAPI `style`/`explode`, or `content` for JSON-encoded values). */
export interface ParamSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  /**
   * form, simple, label, matrix, spaceDelimited, pipeDelimited, deepObject. Left out when it is
   * OpenAPI's default for the location (form in query and cookie, simple in path and header), and
   * `explode` when it is the style's default (true for form only): GitHub's client is 640 KB smaller.
   */
  style?: string;
  explode?: boolean;
  /** Set when the parameter is declared with `content`: the value is serialised as JSON. */
  json?: boolean;
  /** `allowReserved` (query only): reserved characters are not percent-encoded. */
  allowReserved?: boolean;
}

/** One way the spec lets a request be authorised; `[]` of these means no auth at all. */
export type SecurityRequirement = { scheme: string; scopes: string[] }[];

export type SecuritySchemeSpec =
  | { type: "http"; scheme: string }
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "oauth2" | "openIdConnect" };

/** How a paginated operation's next page is found. */
export type PaginationSpec =
  | {
      kind: "cursor";
      /** Query parameter that carries the cursor. */
      cursorParam: string;
      /** Where the items are in the response body (property name). */
      itemsField: string;
      /** Property holding the next cursor (null/absent/empty when done). */
      nextCursorField: string;
      /** Property that says whether more pages exist, if the API has one. */
      hasMoreField?: string;
    }
  | {
      kind: "page";
      pageParam: string;
      /** The first page number (1 unless the parameter's default says otherwise). */
      firstPage: number;
      itemsField?: string;
      /** Total page count property, if any; otherwise stop on an empty or short page. */
      totalPagesField?: string;
      sizeParam?: string;
    }
  | {
      kind: "link";
      /** Items field in the body; absent when the body itself is the array. */
      itemsField?: string;
    };

export interface OperationSpec {
  /** The operation's name in the generated client, e.g. `createOrder` (for errors and warnings). */
  id: string;
  method: HttpMethod;
  /** Path template as in the spec: `/orders/{orderId}`. */
  path: string;
  params: ParamSpec[];
  /** Request body media types in spec order; the first is the default. */
  requestMediaTypes?: string[];
  /** Multipart parts' media types by property (`encoding.contentType`), where the spec gives one. */
  partTypes?: Record<string, string>;
  bodyRequired?: boolean;
  /** Declared response statuses (`200`, `2XX`, `default`) and their media types. */
  responses: Record<string, string[]>;
  /** The Accept header of a call without the `accept` option (the generator writes it: JSON first). */
  accept?: string;
  /** Headers the success responses declare, by status: name and the JSON type to read the value as. */
  responseHeaders?: Record<string, { name: string; type: "string" | "number" | "integer" | "boolean" | "array" }[]>;
  /** OR of ANDs. Undefined or `[[]]`-like empty list: no auth. */
  security?: SecurityRequirement[];
  /** Header name when the operation declares an idempotency key (e.g. `Idempotency-Key`), or true for `x-idempotent`. */
  idempotencyKey?: string | true;
  deprecated?: { sunset?: string };
  pagination?: PaginationSpec;
}

/** A credential: a fixed value or a function that returns one (called per request, may be async). */
export type CredentialValue = string | { username: string; password: string };
export type Credential = CredentialValue | (() => CredentialValue | undefined | Promise<CredentialValue | undefined>);
/** A token or key (bearer, API key, OAuth2, OpenID Connect): the string, or a provider of it. */
export type TokenCredential = string | (() => string | undefined | Promise<string | undefined>);
/** HTTP basic: a username and password, or a provider of them. */
export type BasicCredential = { username: string; password: string } | (() => { username: string; password: string } | undefined | Promise<{ username: string; password: string } | undefined>);

export interface RetryOptions {
  /** Attempts after the first; 0 disables retries. Default 2. */
  retries?: number | undefined;
  /** First backoff delay in ms; doubles each attempt, with full jitter. Default 250. */
  baseDelayMs?: number | undefined;
  /** Longest wait between attempts, including a server's Retry-After. Default 30 000. */
  maxDelayMs?: number | undefined;
  /** Statuses retried (only for idempotent methods or requests with an idempotency key). Default 408, 429, 502, 503, 504. */
  statuses?: number[] | undefined;
}

export interface RequestContext {
  operation: string;
  /** The URL this attempt goes to; middleware may change it. */
  url: string;
  /** What goes to fetch (method, headers, body); middleware may change it. The call's signal is added after. */
  init: RequestInit & { headers: Headers };
  /** 0 for the first attempt. */
  attempt: number;
}

/**
 * One link of `ClientConfig.middleware`. The chain is an onion: `onRequest` runs in array
 * order before each attempt, `onResponse` in reverse order after it, so the first middleware
 * sees the request first and the response last (put tracing/timing first, request signing last).
 */
export interface Middleware {
  /**
   * Before each attempt (retries included). Change `context.url` / `context.init` (headers,
   * body) in place, or return a Response to answer without the network: the later middleware
   * and fetch are skipped, the earlier middleware's `onResponse` still see it.
   */
  onRequest?: (context: RequestContext) => void | Response | Promise<void | Response>;
  /** After each attempt's response (any status), before the status check and parsing; return a Response to replace it. */
  onResponse?: (context: RequestContext, response: Response) => void | Response | Promise<void | Response>;
  /** When the call fails for good (after retries), in reverse order; return an error to throw it instead. */
  onError?: (context: RequestContext, error: unknown) => void | Error | Promise<void | Error>;
}

/** Progress of a body: bytes so far, and the total when it is known. */
export type ProgressCallback = (loaded: number, total: number | undefined) => void;

/** The older form of middleware: one link at the end of the chain (the closest to fetch). */
export interface Hooks {
  /** Before each attempt; may change the request (add headers for tracing, ...). */
  beforeRequest?: ((context: RequestContext) => void | Promise<void>) | undefined;
  /** After each response arrives, before it is parsed. */
  afterResponse?: ((context: RequestContext, response: Response) => void | Promise<void>) | undefined;
  /** When a call fails for good (after retries). */
  onError?: ((context: RequestContext, error: unknown) => void | Promise<void>) | undefined;
}

/** `A`: the credentials a generated client takes, one optional property per security scheme (ClientAuth). */
export interface ClientConfig<A extends { [scheme: string]: Credential | undefined } = Record<string, Credential | undefined>> {
  /** Default: the spec's first server URL (with its variables' defaults). */
  baseUrl?: string | undefined;
  /** Default: the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Credentials by security scheme name. */
  auth?: A | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Per-attempt timeout in ms (until the body is read). Default 30 000; 0 for none. */
  timeoutMs?: number | undefined;
  /** A deadline in ms for the whole call: every attempt and every backoff wait. Default none. */
  totalTimeoutMs?: number | undefined;
  /** Retry policy; false turns retries off. */
  retry?: RetryOptions | false | undefined;
  /** Request, response and error middleware, run as an onion (see Middleware). */
  middleware?: Middleware[] | undefined;
  /** Runs after `middleware`, as its last link. */
  hooks?: Hooks | undefined;
  /**
   * One line per attempt: operation, method, URL, status or error, duration, attempt. Never
   * credentials: no headers are printed, credential query parameters are redacted and any
   * credential value that shows up in a message is replaced. true prints with console.debug.
   */
  debug?: boolean | ((line: string) => void) | undefined;
  /**
   * Who is calling: the generated SDK's `<package>/<version> apigen/<version>` by default, sent
   * as User-Agent, or in browsers (which do not let a page set User-Agent) as X-Client on
   * same-origin requests only. A string replaces it; false sends neither header.
   */
  userAgent?: string | false | undefined;
  /** Validate response bodies with the generated zod schemas. Default false. */
  validateResponses?: boolean | undefined;
  /** Where deprecation warnings go. Default console.warn. */
  warn?: ((message: string) => void) | undefined;
  /**
   * A server-supplied URL (pagination's Link rel="next") on another origin than `baseUrl`:
   * "refuse" (default) throws CrossOriginLinkError; "without-credentials" follows it with no
   * `auth` credentials, no `headers` from this config, no cookies, and no Authorization, Cookie
   * or Proxy-Authorization header from the call.
   */
  crossOriginLinks?: "refuse" | "without-credentials" | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** A deadline for this call across all its attempts and backoff waits (overrides the client's). */
  totalTimeoutMs?: number | undefined;
  /** Send this call to another base URL than the client's. */
  baseUrl?: string | undefined;
  /** Credentials for this call, by scheme; they replace the client's for the schemes named (undefined removes one). */
  auth?: Record<string, Credential | undefined> | undefined;
  /** Bytes of the request body handed to the network (see README for browsers). */
  onUploadProgress?: ProgressCallback | undefined;
  /** Bytes of the response body read. */
  onDownloadProgress?: ProgressCallback | undefined;
  retry?: RetryOptions | false | undefined;
  headers?: Record<string, string> | undefined;
  /**
   * The idempotency key for this call (every retry sends the same one). Operations that declare
   * one get a generated key without it; on any other operation it is sent as `Idempotency-Key`
   * and makes a POST or PATCH retryable.
   */
  idempotencyKey?: string | undefined;
  /** Conditional requests. */
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  /** Request media type, for operations that accept several. */
  contentType?: string | undefined;
  /**
   * The response media type to ask for, one the operation declares (`application/xml`); the
   * result is typed by it. Default: JSON where the operation declares JSON, else what it declares.
   */
  accept?: string | undefined;
}

/** A JSON media type, as the type of a response variant. */
export type JsonMediaType = "application/json" | `${string}+json` | `${string}/json`;

/**
 * The variants a call without `accept` gets: for each status, its JSON variants when it has any
 * (the client asks for JSON first), else all of its variants. `All` is the whole union.
 */
export type Preferred<R, All = R> = R extends { status: infer S }
  ? R extends { mediaType: JsonMediaType }
    ? R
    : [Extract<All, { status: S; mediaType: JsonMediaType }>] extends [never]
      ? R
      : never
  : never;

/** The media types an operation's responses declare (for the `accept` option). */
export type MediaTypeOf<R> = R extends { mediaType: infer M extends string } ? (string extends M ? never : M) : never;

/** The response a call gets: by its `accept` option, else the preferred variants. */
export type Accepted<R, O> = O extends { accept: infer A extends string } ? ([Extract<R, { mediaType: A }>] extends [never] ? R : Extract<R, { mediaType: A }>) : Preferred<R>;

/** What a generated operation function passes to the runtime. */
export interface CallInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
}

/** `RateLimit-*` / `X-RateLimit-*` and `Retry-After` headers, as numbers where present. */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  reset?: number;
  /** Milliseconds the server asked to wait. */
  retryAfterMs?: number;
}

/** A successful response: status, parsed body and the headers callers usually need. */
export interface ApiResponse<Status = number, Data = unknown, MediaType extends string = string, DeclaredHeaders = Record<string, unknown>> {
  status: Status;
  data: Data;
  /** The response's media type (lower case, no parameters); "" when it had no body. */
  mediaType: MediaType;
  /**
   * The headers the spec declares for this response, read as their schema types (numbers,
   * booleans, comma-separated arrays), by the spec's names; absent when not sent or unreadable.
   */
  declaredHeaders: DeclaredHeaders;
  headers: Headers;
  requestId?: string;
  etag?: string;
  rateLimit: RateLimitInfo;
}

/** Response validation: a zod-like schema per status (or `default`/`2XX`) for the runtime to check. */
export type ResponseSchemas = Record<string, { safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }>;
