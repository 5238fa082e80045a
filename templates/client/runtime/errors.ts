/**
 * The errors a generated client throws. Every one names the operation, so a log line says which
 * call failed without a stack trace. Names are set explicitly because minifiers rename classes.
 */
import type { RateLimitInfo } from "./types.js";

/** An RFC 9457 problem details body, as far as the client needs to know it. */
export interface ProblemDetailsLike {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: { pointer: string; message: string }[];
  request_id?: string;
  [key: string]: unknown;
}

/** What the runtime knows about an error response when it builds an ApiError. */
export interface ApiErrorInit {
  operation: string;
  status: number;
  statusText?: string;
  headers: Headers;
  body: unknown;
  problem?: ProblemDetailsLike;
  requestId?: string;
  rateLimit?: RateLimitInfo;
  /** Replaces the detail in the message (e.g. "response body is not valid JSON"). */
  note?: string;
}

/** A response the client could not use: any non-2xx status, or a 2xx whose JSON is malformed. */
export class ApiError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  readonly requestId?: string;
  /** The parsed JSON body, or its text when it is not JSON (or not valid JSON). */
  readonly body: unknown;
  /** Set when the body is a problem details object. */
  readonly problem?: ProblemDetailsLike;
  readonly rateLimit: RateLimitInfo;

  constructor(init: ApiErrorInit) {
    const { operation, status, statusText, body, problem } = init;
    // The best short explanation the response offers; long text (HTML error pages) is cut.
    const message = (body as { message?: unknown } | null)?.message;
    const detail = init.note ?? problem?.detail ?? problem?.title ?? (typeof message === "string" ? message : typeof body === "string" ? body.trim().slice(0, 200) : undefined);
    super(`${operation}: ${status}${statusText ? ` ${statusText}` : ""}${detail ? ` — ${detail}` : ""}`);
    this.name = "ApiError";
    this.operation = operation;
    this.status = status;
    this.headers = init.headers;
    this.requestId = init.requestId ?? problem?.request_id;
    this.body = body;
    this.problem = problem;
    this.rateLimit = init.rateLimit ?? {};
  }
}

/** No response within the per-attempt timeout (`timeoutMs`), or the call not done within `totalTimeoutMs`. */
export class ApiTimeoutError extends Error {
  readonly operation: string;
  readonly timeoutMs: number;
  /** "attempt" for `timeoutMs`, "total" for `totalTimeoutMs` (the deadline across all attempts). */
  readonly scope: "attempt" | "total";

  constructor(operation: string, timeoutMs: number, scope: "attempt" | "total" = "attempt") {
    super(`${operation}: no ${scope === "total" ? "result" : "response"} within ${timeoutMs} ms${scope === "total" ? " (totalTimeoutMs)" : ""}`);
    this.name = "ApiTimeoutError";
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.scope = scope;
  }
}

/** fetch itself failed (DNS, refused or reset connection, CORS); `cause` is what it threw. */
export class ApiNetworkError extends Error {
  readonly operation: string;

  constructor(operation: string, cause: unknown) {
    super(`${operation}: network error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ApiNetworkError";
    this.operation = operation;
  }
}

/**
 * A URL from the server (a Link header's rel="next") that leads to another origin than the
 * client's baseUrl. Not followed: the request would carry the API's credentials there.
 */
export class CrossOriginLinkError extends Error {
  readonly operation: string;
  readonly url: string;

  constructor(operation: string, url: string, baseOrigin: string) {
    super(`${operation}: the server's link leads to ${new URL(url).origin}, not ${baseOrigin}; not followed, so the API's credentials stay with it (crossOriginLinks: "without-credentials" follows such links without them)`);
    this.name = "CrossOriginLinkError";
    this.operation = operation;
    this.url = url;
  }
}

/** One schema violation, located by a JSON Pointer into the response body (`/items/0/id`). */
export interface ValidationIssue {
  pointer: string;
  message: string;
}

/** A response body that does not match its schema (only with `validateResponses`). */
export class ResponseValidationError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly issues: ValidationIssue[];

  constructor(operation: string, status: number, issues: ValidationIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${i.pointer || "(root)"}: ${i.message}`);
    if (issues.length > 3) shown.push(`${issues.length - 3} more`);
    super(`${operation}: response ${status} does not match its schema: ${shown.join("; ")}`);
    this.name = "ResponseValidationError";
    this.operation = operation;
    this.status = status;
    this.issues = issues;
  }
}

/** A JSON Pointer (RFC 6901) from a schema issue path: `["items", 0, "id"]` → `/items/0/id`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/**
 * The body as problem details: always for application/problem+json, and for other JSON objects
 * that carry one of the standard members (many APIs send problems as plain application/json).
 */
export function toProblem(body: unknown, mediaType: string): ProblemDetailsLike | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const standard = ["type", "title", "status", "detail"].some((key) => key in body);
  return mediaType === "application/problem+json" || standard ? (body as ProblemDetailsLike) : undefined;
}
