// What the hand-written servers share: the bench spec's zod schemas written by hand, the
// request id rule and the problem+json 400 (same shape, pointers and messages as the generated
// servers' answers, so the bench can check that both answer alike).
import { randomUUID } from "node:crypto";
import { z } from "zod";

const toNumber = (value: unknown) => (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value);

export const ItemStatus = z.enum(["draft", "active", "archived"]);
export const NewItem = z.strictObject({
  name: z.string().min(1).max(100),
  sku: z.string().min(3).max(32).optional(),
  quantity: z.number().int().gte(0).lte(1_000_000),
  status: ItemStatus,
  dimensions: z.strictObject({
    width: z.number().int().gte(1).lte(10_000),
    height: z.number().int().gte(1).lte(10_000),
  }),
});
export const ListQuery = z.object({
  limit: z.preprocess(toNumber, z.number().int().gte(1).lte(100)).default(20),
  status: ItemStatus.optional(),
  q: z.string().max(100).optional(),
});

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The incoming X-Request-Id when well-formed, else a new UUID. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const id = headers["x-request-id"];
  return typeof id === "string" && REQUEST_ID.test(id) ? id : randomUUID();
}

export const PROBLEM = "application/problem+json";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { pointer: string; message: string }[];
  instance: string;
  request_id: string;
}

const TITLES: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 413: "Payload Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error" };

export function problem(status: number, code: string, detail: string, url: string, requestId: string, errors?: Problem["errors"]): Problem {
  const mark = url.indexOf("?");
  const body: Problem = { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, code } as Problem;
  if (errors) body.errors = errors;
  body.instance = mark === -1 ? url : url.slice(0, mark);
  body.request_id = requestId;
  return body;
}

/** The 400 for a zod error under `location` (`query`, `body`). */
export function validationProblem(location: string, error: z.ZodError, url: string, requestId: string): Problem {
  const errors: { pointer: string; message: string }[] = [];
  for (const issue of error.issues) {
    const base = `/${location}${issue.path.map((key) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) errors.push({ pointer: `${base}/${key}`, message: `Unknown property ${JSON.stringify(key)}.` });
    else errors.push({ pointer: base, message: issue.message });
  }
  const detail = errors.length === 1 ? "The request has 1 invalid field." : `The request has ${errors.length} invalid fields.`;
  return problem(400, "VALIDATION_ERROR", detail, url, requestId, errors);
}

/** The problem for an error a framework raised (body parser 400/413/415), else a 500. */
export function errorProblem(error: unknown, url: string, requestId: string): Problem {
  const status = (error as { statusCode?: number; status?: number } | null)?.statusCode ?? (error as { status?: number } | null)?.status;
  if (status === 400) return problem(400, "MALFORMED_REQUEST_BODY", "The request body is not valid JSON.", url, requestId, [{ pointer: "/body", message: "The request body is not valid JSON." }]);
  if (status === 404) return problem(404, "NOT_FOUND", "No such resource.", url, requestId);
  if (status === 413) return problem(413, "PAYLOAD_TOO_LARGE", "The request body is too large.", url, requestId);
  if (status === 415) return problem(415, "UNSUPPORTED_MEDIA_TYPE", "Use application/json.", url, requestId);
  return problem(500, "INTERNAL_ERROR", "An unexpected error occurred.", url, requestId);
}
