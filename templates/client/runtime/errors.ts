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
}

/** What the runtime knows about an error response when it builds an ApiError. */
export interface ApiErrorInit {
  operation: string;
  status: number;
  statusText?: string | undefined;
  headers: Headers;
  body: unknown;
  problem?: ProblemDetailsLike | undefined;
  requestId?: string | undefined;
  rateLimit?: RateLimitInfo | undefined;
  /** Replaces the detail in the message (e.g. "response body is not valid JSON"). */
  note?: string | undefined;
  /** The body arrived with a JSON media type and parsed. */
  bodyIsJson?: boolean | undefined;
}

/** A response the client could not use: any non-2xx status, or a 2xx whose JSON is malformed. */
export class ApiError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  readonly requestId?: string | undefined;
  /** The parsed JSON body, or its text when it is not JSON (or not valid JSON). */
  readonly body: unknown;
  /** Set when the body is a problem details object. */
  readonly problem?: ProblemDetailsLike | undefined;
  readonly rateLimit: RateLimitInfo;
  /** Whether `body` is parsed JSON (a JSON media type that parsed), not text, bytes or nothing. */
  readonly bodyIsJson: boolean;

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
    this.bodyIsJson = init.bodyIsJson === true;
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
    super(`${operation}: network error: ${cause instanceof Error ? cause.message : String(cause)}`);
    // What `new Error(message, { cause })` does, without needing lib ES2022 (the minimum is ES2020).
    Object.defineProperty(this, "cause", { value: cause, writable: true, enumerable: false, configurable: true });
    this.name = "ApiNetworkError";
    this.operation = operation;
  }
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
