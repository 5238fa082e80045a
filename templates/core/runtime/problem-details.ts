/**
 * RFC 9457 problem details with apigen's extension members (`code`, `errors`, `request_id`).
 * Copied verbatim into every output by apigen; the original is unit-tested in apigen's repo.
 */
import { z } from "zod";

/** One field-level failure: a JSON Pointer into the request (`/body/email`, `/query/limit`). */
export interface ProblemFieldError {
  pointer: string;
  message: string;
}

/** An `application/problem+json` body (RFC 9457), open to further extension members. */
export interface ProblemDetails {
  /** URI reference identifying the problem type; `about:blank` when it has no further meaning. */
  type?: string;
  /** Short, human-readable summary of the problem type. */
  title?: string;
  /** The HTTP status code of this occurrence. */
  status?: number;
  /** Explanation specific to this occurrence. */
  detail?: string;
  /** URI reference identifying this occurrence. */
  instance?: string;
  /** Stable machine-readable id in UPPER_SNAKE case, e.g. `VALIDATION_ERROR`. */
  code?: string;
  /** Field-level failures, for validation problems. */
  errors?: ProblemFieldError[];
  /** The request id of the response, to quote when reporting the problem. */
  request_id?: string;
  [extension: string]: unknown;
}

export const ProblemFieldErrorSchema = z.object({
  pointer: z.string(),
  message: z.string(),
});

export const ProblemDetailsSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().gte(100).lte(599).optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(ProblemFieldErrorSchema).optional(),
  request_id: z.string().optional(),
});

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * An error that carries a problem: thrown by handlers to answer with that problem, and by
 * clients when a response is one. `status` always agrees with `problem.status` when both exist.
 */
export class ProblemError<
  P extends ProblemDetails = ProblemDetails,
> extends Error {
  readonly status: number;
  readonly problem: P & { status: number };

  constructor(problem: P & { status: number }) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = "ProblemError";
    this.status = problem.status;
    this.problem = problem;
  }
}

/** Builds a ProblemError from the usual members, defaulting `type` to `about:blank`. */
export function problem(
  status: number,
  init: Omit<ProblemDetails, "status"> = {},
): ProblemError {
  return new ProblemError({ type: "about:blank", ...init, status });
}

/** Whether a value looks like a problem details body (for narrowing unknown error bodies). */
export function isProblemDetails(value: unknown): value is ProblemDetails {
  return ProblemDetailsSchema.safeParse(value).success;
}
