import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import { ProblemError } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import { json } from "./helpers.js";

describe("problems", () => {
  it("renders apigen problems as problem+json with title, instance, code and request id", () => {
    const response = rt.renderProblem(rt.validationError([{ pointer: "/query/limit", message: "Too big" }]), "req-1", "/orders");
    expect(response.status).toBe(400);
    expect(response.headers).toEqual({ "content-type": "application/problem+json", "x-content-type-options": "nosniff", "x-request-id": "req-1" });
    expect(json(response)).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "The request has 1 invalid field.",
      code: "VALIDATION_ERROR",
      errors: [{ pointer: "/query/limit", message: "Too big" }],
      instance: "/orders",
      request_id: "req-1",
    });
  });

  it("keeps a thrower's instance and request id, fills a missing title, and renders compactly unless asked", () => {
    const response = rt.renderProblem(new ProblemError({ status: 409, instance: "/orders/1", detail: "Taken" }), "req-2", "/x");
    expect(json(response)).toEqual({ status: 409, title: "Conflict", instance: "/orders/1", detail: "Taken", request_id: "req-2" });
    expect(String(response.body)).not.toContain("\n");
    expect(String(rt.renderProblem(rt.notFound("/x"), "r", "/x", true).body)).toContain("\n  ");
  });

  it("gives every code its status, reason phrase and headers", () => {
    const cases: [ProblemError, number, string, string][] = [
      [rt.malformedRequestBody(), 400, "MALFORMED_REQUEST_BODY", "Bad Request"],
      [rt.invalidCursor(), 400, "INVALID_CURSOR", "Bad Request"],
      [rt.authenticationRequired('Bearer realm="api"'), 401, "AUTHENTICATION_REQUIRED", "Unauthorized"],
      [rt.insufficientScope(["orders:write"]), 403, "INSUFFICIENT_SCOPE", "Forbidden"],
      [rt.notFound("/nope"), 404, "NOT_FOUND", "Not Found"],
      [rt.methodNotAllowed("PATCH", ["GET", "HEAD"]), 405, "METHOD_NOT_ALLOWED", "Method Not Allowed"],
      [rt.notAcceptable(["application/json"]), 406, "NOT_ACCEPTABLE", "Not Acceptable"],
      [rt.idempotentRequestInProgress(), 409, "IDEMPOTENT_REQUEST_IN_PROGRESS", "Conflict"],
      [rt.preconditionFailed(), 412, "PRECONDITION_FAILED", "Precondition Failed"],
      [rt.payloadTooLarge(10), 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"],
      [rt.unsupportedMediaType("text/xml", ["application/json"]), 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"],
      [rt.idempotencyKeyReused(), 422, "IDEMPOTENCY_KEY_REUSED", "Unprocessable Entity"],
      [rt.internalError(), 500, "INTERNAL_ERROR", "Internal Server Error"],
      [rt.responseValidationFailed(), 500, "RESPONSE_VALIDATION_FAILED", "Internal Server Error"],
      [rt.notImplemented("createOrder"), 501, "NOT_IMPLEMENTED", "Not Implemented"],
      [rt.idempotencyStoreUnavailable(), 503, "IDEMPOTENCY_STORE_UNAVAILABLE", "Service Unavailable"],
    ];
    for (const [error, status, code, title] of cases) {
      expect(error).toBeInstanceOf(ProblemError);
      expect(error.problem).toMatchObject({ type: "about:blank", status, code, title });
      expect(error.problem.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    }
    const headersOf = (error: ProblemError) => rt.renderProblem(error, "r", "/p").headers;
    expect(headersOf(rt.authenticationRequired('Basic realm="api"'))["www-authenticate"]).toBe('Basic realm="api"');
    expect(headersOf(rt.methodNotAllowed("PATCH", ["GET", "HEAD"])).allow).toBe("GET, HEAD");
    expect(headersOf(rt.idempotentRequestInProgress())["retry-after"]).toBe("1");
    expect(headersOf(rt.idempotencyStoreUnavailable())["retry-after"]).toBe("1");
    expect(headersOf(rt.payloadTooLarge(1)).connection).toBe("close");
    expect(headersOf(rt.insufficientScope(["a"]))["www-authenticate"]).toBeUndefined();
    expect(rt.notImplemented("createOrder").problem.detail).toContain("createOrder");
    expect(rt.internalError().problem.detail).toMatch(/request id/);
  });
});

describe("request ids", () => {
  it("keeps a well-formed X-Request-Id or Request-Id", () => {
    expect(rt.requestIdOf({ "x-request-id": "abc-123:x@y.z" })).toBe("abc-123:x@y.z");
    expect(rt.requestIdOf({ "request-id": "upstream_1" })).toBe("upstream_1");
    expect(rt.requestIdOf({ "x-request-id": "first", "request-id": "second" })).toBe("first");
  });

  it("replaces missing, malformed, over-long or repeated ids with a UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const headers of [{}, { "x-request-id": "has space" }, { "x-request-id": "x".repeat(129) }, { "x-request-id": "" }, { "x-request-id": ["a", "b"] }, { "request-id": "new\nline" }])
      expect(rt.requestIdOf(headers)).toMatch(uuid);
    expect(rt.requestIdOf({})).not.toBe(rt.requestIdOf({}));
  });
});
