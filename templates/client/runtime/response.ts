/**
 * What the client runtime makes of a response (core.ts sends the requests): its body read by
 * media type, then an ApiResponse, or the error the response stands for.
 */
import { ApiError, toProblem } from "./errors.js";
import { declaredResponseKey } from "./declared.js";
import { rateLimitOf } from "./retry.js";
import { isJsonMediaType, mediaTypeOf } from "./serialize.js";
import type { ApiResponse, OperationSpec, ResponseSchemas } from "./types.js";

/** Puts work on a response under its attempt's timeout and signal (core.ts exchange). */
export type Guard = <T>(work: Promise<T>) => Promise<T>;

interface ParsedBody {
  value: unknown;
  mediaType: string;
  invalidJson?: boolean;
}

/**
 * The body by media type: JSON parsed, text as a string, anything else a Blob; empty → undefined.
 * Without a Content-Type the body is read as the spec declares that response: JSON when it
 * declares only JSON (so the value has the type the client claims), else as text.
 */
async function readBody(response: Response, spec: OperationSpec): Promise<ParsedBody> {
  let mediaType = mediaTypeOf(response.headers.get("content-type"));
  const declared = spec.responses[declaredResponseKey(spec.responses, response.status) ?? ""];
  if (!mediaType && declared?.[0] && declared.every(isJsonMediaType)) mediaType = mediaTypeOf(declared[0]);
  if (spec.method === "HEAD" || [204, 205, 304].includes(response.status)) return { value: undefined, mediaType };
  const json = isJsonMediaType(mediaType);
  if (mediaType && !json && !mediaType.startsWith("text/")) {
    const blob = await response.blob();
    return { value: blob.size > 0 ? blob : undefined, mediaType };
  }
  const text = await response.text();
  if (!text || !json) return { value: text || undefined, mediaType };
  try {
    return { value: JSON.parse(text), mediaType };
  } catch {
    return { value: text, mediaType, invalidJson: true };
  }
}

/**
 * An ApiResponse for a usable 2xx, its body read under the attempt's timeout (`guard`); otherwise
 * throws ApiError (a subclass by status) or ResponseValidationError (when `schemas` are given).
 * Those classes live in modules of their own (error-classes.ts, response-validation-error.ts),
 * loaded when the first such error happens: most calls never need them.
 */
export async function readResponse(spec: OperationSpec, response: Response, guard: Guard, schemas: ResponseSchemas | undefined): Promise<ApiResponse> {
  const parsed = await guard(readBody(response, spec));
  const { status, headers } = response;
  const operation = spec.id;
  const requestId = headers.get("x-request-id") ?? headers.get("request-id") ?? undefined;
  const ok = status >= 200 && status < 300;
  if (!ok || parsed.invalidJson) {
    const problem = ok ? undefined : toProblem(parsed.value, parsed.mediaType);
    const note = ok ? "response body is not valid JSON" : undefined;
    const bodyIsJson = !parsed.invalidJson && parsed.value !== undefined && isJsonMediaType(parsed.mediaType);
    const init = { operation, status, statusText: response.statusText, headers, body: parsed.value, problem, requestId, rateLimit: rateLimitOf(headers), note, bodyIsJson };
    // An error status gets the class of its family (NotFoundError, ...); a broken 2xx body is a plain ApiError.
    throw ok ? new ApiError(init) : (await import("./error-classes.js")).statusError(init);
  }
  let data = parsed.value;
  // The response the spec declares for this status (exact, then 2XX, then default), as OpenAPI
  // resolves it: a declared 204 without content is not checked against `default`'s schema.
  const key = declaredResponseKey(spec.responses, status);
  const schema = key === undefined || !isJsonMediaType(parsed.mediaType) ? undefined : schemas?.[key];
  if (schema) {
    const result = schema.safeParse(data);
    if (!result.success) {
      const { issues } = result.error;
      const m = await import("./response-validation-error.js");
      throw new m.ResponseValidationError(operation, status, issues.map((i) => ({ pointer: m.toPointer(i.path), message: i.message })));
    }
    data = result.data;
  }
  const result = { status, data, mediaType: data === undefined ? "" : parsed.mediaType, declaredHeaders: {}, headers, requestId, etag: headers.get("etag") ?? undefined } as ApiResponse;
  // Read on first use: most callers never look, and each header lookup costs on the hot path.
  let rateLimit: ApiResponse["rateLimit"] | undefined;
  Object.defineProperty(result, "rateLimit", { enumerable: true, get: () => (rateLimit ??= rateLimitOf(headers)) });
  // The headers the spec declares for this response, typed (declared-headers.ts loads then).
  const declared = spec.responseHeaders?.[key ?? ""];
  if (declared) result.declaredHeaders = (await import("./declared-headers.js")).readDeclaredHeaders(response.headers, declared);
  return result;
}
