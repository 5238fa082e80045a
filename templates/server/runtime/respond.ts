/**
 * Turning a handler's result into the response to write: the declared media type, headers as
 * strings, no body on 204/304, ETag/304 for conditional reads, deprecation headers, and
 * (optionally) a check that the result is one the spec declares.
 */
import { essenceOf, isJsonMediaType } from "./body.js";
import { ifNoneMatchMatches } from "./conditional.js";
import type { HandlerResponse, OperationContract, RawRequest, RawResponse, ResponseContract } from "./types.js";
import { zodOf } from "./validate.js";

/** The declared response for a status: exact (`404`), then its range (`4XX`), then `default`. */
export function declaredResponse(contract: OperationContract, status: number): ResponseContract | undefined {
  const { responses } = contract;
  return responses[status] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses["default"];
}

const notJson = (type: string) => !isJsonMediaType(type);
const isBytes = (body: unknown): body is Uint8Array => body instanceof Uint8Array;

/**
 * The media type to send: the handler's choice, else the first declared JSON type for values
 * and the first declared non-JSON type for strings and bytes (falling back to the first
 * declared type, then text/plain or application/octet-stream or application/json).
 */
export function contentTypeFor(declared: ResponseContract | undefined, result: HandlerResponse): string {
  if (result.contentType) return result.contentType;
  const types = declared?.contentTypes ?? [];
  const { body } = result;
  if (typeof body === "string" || isBytes(body)) return types.find(notJson) ?? types[0] ?? (typeof body === "string" ? "text/plain" : "application/octet-stream");
  return types.find(isJsonMediaType) ?? types[0] ?? "application/json";
}

/** Serialises a body for its media type: JSON types are JSON-encoded (even strings), bytes stay bytes. */
export function serializeBody(body: unknown, contentType: string, pretty: boolean): string | Uint8Array {
  if (isBytes(body)) return body;
  if (isJsonMediaType(contentType)) return (pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body)) ?? "null";
  if (typeof body === "string") return body;
  if (essenceOf(contentType) === "application/x-www-form-urlencoded" && typeof body === "object" && body !== null)
    return new URLSearchParams(body as Record<string, string>).toString();
  return typeof body === "object" ? JSON.stringify(body) : String(body);
}

/** Why a result does not match the contract (undefined when it does); zod issues included. */
export function checkResult(declared: ResponseContract | undefined, result: HandlerResponse, contentType: string): { reason: string; issues?: unknown } | undefined {
  if (!declared) return { reason: `status ${result.status} is not declared` };
  if (declared.contentTypes.length === 0) return result.body === undefined || result.status === 204 ? undefined : { reason: "a body on a response declared without content" };
  if (declared.schema && isJsonMediaType(contentType)) {
    const parsed = zodOf(declared.schema).safeParse(result.body);
    if (!parsed.success) return { reason: "the body does not match the declared schema", issues: parsed.error.issues };
  }
  return undefined;
}

/** Headers a 304 keeps from the 200 it replaces (RFC 9110 section 15.4.5). */
const NOT_MODIFIED_HEADERS = ["etag", "cache-control", "content-location", "date", "expires", "vary", "deprecation", "sunset"];

/**
 * The response for a result that passed validation. `fixed` holds the headers every response
 * of the operation carries (deprecation), already lower-case.
 */
export function buildResponse(
  raw: RawRequest,
  requestId: string,
  result: HandlerResponse,
  contentType: string,
  fixed: readonly [string, string][],
  pretty: boolean,
): RawResponse {
  const headers: Record<string, string> = { "x-request-id": requestId };
  for (const [name, value] of fixed) headers[name] = value;
  const extra = result.headers;
  if (extra)
    for (const name in extra) {
      const value = extra[name];
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      // A handler's Link (pagination) joins the operation's `rel="deprecation"` one instead of replacing it.
      headers[lower] = lower === "link" && headers[lower] !== undefined ? `${String(value)}, ${headers[lower]}` : String(value);
    }
  headers["x-request-id"] = requestId;
  const { status } = result;
  if (status >= 200 && status < 300 && headers["etag"] !== undefined && (raw.method === "GET" || raw.method === "HEAD")) {
    const condition = raw.headers["if-none-match"];
    if (condition !== undefined && ifNoneMatchMatches(Array.isArray(condition) ? condition.join(", ") : condition, headers["etag"])) {
      const kept: Record<string, string> = { "x-request-id": requestId };
      for (const name of NOT_MODIFIED_HEADERS) if (headers[name] !== undefined) kept[name] = headers[name] as string;
      return { status: 304, headers: kept };
    }
  }
  if (status === 204 || status === 304 || result.body === undefined) {
    delete headers["content-type"];
    return { status, headers };
  }
  headers["content-type"] = essenceOf(contentType).startsWith("text/") && !/;\s*charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
  return { status, headers, body: serializeBody(result.body, contentType, pretty) };
}
