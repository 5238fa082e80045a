/**
 * apigen's own problems (RFC 9457, PRACTICES.md section 1). Every answer the runtime makes up
 * itself is one of these, so the three packs cannot drift apart in wording, codes or headers.
 */
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemError, type ProblemFieldError } from "../problem-details.js";
import type { RawResponse } from "./types.js";

/**
 * A ProblemError that also carries response headers (`WWW-Authenticate`, `Allow`,
 * `Retry-After`), which a plain problem body cannot express. Header names are lower-case,
 * like every header in a RawResponse.
 */
export class HttpProblemError extends ProblemError {
  readonly headers: Record<string, string>;

  constructor(problem: ProblemDetails & { status: number }, headers: Record<string, string> = {}) {
    super(problem);
    this.name = "HttpProblemError";
    this.headers = headers;
  }
}

/**
 * Reason phrases as Node's http module spells them (the titles the packs always sent), kept here
 * so that the runtime needs no `node:` module; test/runtime/server-bytes.test.ts compares them.
 */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints", 200: "OK", 201: "Created",
  202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content",
  206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used", 300: "Multiple Choices",
  301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 305: "Use Proxy",
  307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
  402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
  407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
  412: "Precondition Failed", 413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
  416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a Teapot", 421: "Misdirected Request",
  422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required",
  428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected", 509: "Bandwidth Limit Exceeded",
  510: "Not Extended", 511: "Network Authentication Required",
};

/** The status's reason phrase, the `title` of every apigen problem. */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? "Error";
}

function make(status: number, code: string, detail: string, errors?: ProblemFieldError[], headers?: Record<string, string>): HttpProblemError {
  const body: ProblemDetails & { status: number } = { type: "about:blank", title: reasonPhrase(status), status, detail, code };
  if (errors) body.errors = errors;
  return new HttpProblemError(body, headers);
}

/** 400: inputs that do not match the spec; `errors` points at every failing field. */
export const validationError = (errors: ProblemFieldError[]) =>
  make(400, "VALIDATION_ERROR", errors.length === 1 ? "The request has 1 invalid field." : `The request has ${errors.length} invalid fields.`, errors);

/** 400: a body that does not parse as its content type says (bad JSON). */
export const malformedRequestBody = (detail = "The request body is not valid JSON.") => make(400, "MALFORMED_REQUEST_BODY", detail, [{ pointer: "/body", message: detail }]);

/** 400: a pagination cursor that was not issued by this server, or was altered. */
export const invalidCursor = (pointer = "/query/cursor", message = "The cursor is invalid or has been tampered with.") =>
  make(400, "INVALID_CURSOR", "The pagination cursor is not valid; start again from the first page.", [{ pointer, message }]);

/** 401 with one challenge per scheme the operation accepts (`challenge` is the whole header value). */
export const authenticationRequired = (challenge: string) =>
  make(401, "AUTHENTICATION_REQUIRED", "Valid credentials are required for this operation.", undefined, challenge ? { "www-authenticate": challenge } : {});

/** 403: the credentials are valid but lack scopes. No challenge (PRACTICES.md section 1). */
export const insufficientScope = (missing: readonly string[]) =>
  make(403, "INSUFFICIENT_SCOPE", missing.length ? `The credentials lack the required scope(s): ${missing.join(", ")}.` : "The credentials do not permit this operation.");

/** 404: no route matches the path. */
export const notFound = (path: string) => make(404, "NOT_FOUND", `No resource matches ${truncate(path)}.`);

/** 405 with `Allow` listing the path's methods. */
export const methodNotAllowed = (method: string, allow: readonly string[]) =>
  make(405, "METHOD_NOT_ALLOWED", `${truncate(method, 16)} is not allowed here; allowed: ${allow.join(", ")}.`, undefined, { allow: allow.join(", ") });

/** 406: none of the response media types is acceptable. */
export const notAcceptable = (available: readonly string[]) => make(406, "NOT_ACCEPTABLE", `The Accept header allows none of the available media types: ${available.join(", ")}.`);

/** 409 with `Retry-After: 1`: the first request with this idempotency key is still running. */
export const idempotentRequestInProgress = () =>
  make(409, "IDEMPOTENT_REQUEST_IN_PROGRESS", "A request with this idempotency key is still being processed; retry later.", undefined, { "retry-after": "1" });

/** 412: `If-Match` does not match the resource's current ETag. */
export const preconditionFailed = () => make(412, "PRECONDITION_FAILED", "The If-Match header does not match the current version of the resource.");

/**
 * 413. `Connection: close` because the rest of the body is left unread: the connection cannot
 * carry another request, and closing it is how the server stops receiving the upload.
 */
export const payloadTooLarge = (limit: number) =>
  make(413, "PAYLOAD_TOO_LARGE", `The request body exceeds the limit of ${limit} bytes.`, undefined, { connection: "close" });

/** 415: the body's content type is not one the operation declares. */
export const unsupportedMediaType = (received: string, supported: readonly string[]) =>
  make(415, "UNSUPPORTED_MEDIA_TYPE", `Content type ${truncate(received, 100)} is not supported${supported.length ? `; use ${supported.join(", ")}` : ""}.`);

/** 422: the idempotency key was already used with a different request. */
export const idempotencyKeyReused = () => make(422, "IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used with a different request.");

/**
 * 429 with `Retry-After` (seconds until the caller's window resets): the operation's rate limit
 * is used up (./rate-limit-step.ts). The generated client waits that long and retries.
 */
export const tooManyRequests = (retryAfterSeconds: number, limit: number, windowSeconds: number) =>
  make(429, "RATE_LIMIT_EXCEEDED", `The rate limit of ${limit} requests per ${windowSeconds} seconds is used up; retry after ${retryAfterSeconds} seconds.`, undefined, { "retry-after": String(retryAfterSeconds) });

/** 500: an unexpected error. The error itself is only logged, never sent. */
export const internalError = () => make(500, "INTERNAL_ERROR", "An unexpected error occurred. Quote the request id when reporting it.");

/** 500: the handler answered something the spec does not declare (details in the log). */
export const responseValidationFailed = () =>
  make(500, "RESPONSE_VALIDATION_FAILED", "The server produced a response that does not match its API contract. Quote the request id when reporting it.");

/**
 * 503 with `Retry-After: 1`: the idempotency store (Redis) cannot be reached, so a keyed request
 * cannot be claimed and is not run. A client retries it with the same key (the generated client
 * does, honouring Retry-After) and it runs once the store is back.
 */
export const idempotencyStoreUnavailable = () =>
  make(503, "IDEMPOTENCY_STORE_UNAVAILABLE", "Requests with an idempotency key cannot be processed right now; retry later with the same key.", undefined, { "retry-after": "1" });

/** 503 from `/readyz` while the server shuts down. */
export const serviceUnavailable = () => make(503, "SERVICE_UNAVAILABLE", "The server is shutting down.");

/**
 * The 501 problem scaffolded handlers throw until they are implemented:
 * `throw notImplemented("createOrder")`.
 */
export function notImplemented(operationId: string): ProblemError {
  return make(501, "NOT_IMPLEMENTED", `Operation ${operationId} is not implemented yet.`);
}

/** Keeps echoed request text short (paths can be long). */
function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The response for a problem: its status, `application/problem+json`, the request id in the
 * header and body, `instance` (the path without query) unless the thrower set one, and the
 * error's headers when it carries some.
 */
export function renderProblem(error: ProblemError, requestId: string, instance: string, pretty = false): RawResponse {
  const source = error.problem;
  const body: ProblemDetails = { ...source, status: error.status };
  if (body.title === undefined) body.title = reasonPhrase(error.status);
  if (body.instance === undefined) body.instance = instance;
  if (body.request_id === undefined) body.request_id = requestId;
  const headers: Record<string, string> = {};
  const extra = (error as Partial<HttpProblemError>).headers;
  if (extra) for (const name in extra) headers[name.toLowerCase()] = extra[name] as string;
  headers["content-type"] = PROBLEM_CONTENT_TYPE;
  headers["x-content-type-options"] = "nosniff";
  headers["x-request-id"] = requestId;
  return { status: error.status, headers, body: pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body) };
}
