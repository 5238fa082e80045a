import { describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import { ApiError, ApiNetworkError, ApiTimeoutError, toProblem } from "../../../templates/client/runtime/errors.js";
import { ResponseValidationError, toPointer } from "../../../templates/client/runtime/response-validation-error.js";
import type { OperationSpec } from "../../../templates/client/runtime/types.js";

const spec: OperationSpec = { id: "createOrder", method: "POST", path: "/orders", params: [], responses: { "201": ["application/json"] } };

/** The error a runtime throws for one canned response. */
async function errorFor(response: Response, s: OperationSpec = spec): Promise<unknown> {
  const runtime = createRuntime({ fetch: async () => response, retry: false }, { baseUrl: "http://api.test", securitySchemes: {} });
  return runtime.call(s, { body: {} }).then(
    () => "resolved",
    (e: unknown) => e,
  );
}

describe("error responses", () => {
  it("problem+json becomes ApiError with the problem, request id and message", async () => {
    const body = { type: "https://e.test/not-found", title: "Not Found", status: 404, detail: "no order 7", request_id: "req-1" };
    const error = await errorFor(new Response(JSON.stringify(body), { status: 404, statusText: "Not Found", headers: { "content-type": "application/problem+json" } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: "NotFoundError", status: 404, operation: "createOrder", body, problem: body, requestId: "req-1", rateLimit: {} });
    expect((error as ApiError).message).toBe("createOrder: 404 Not Found — no order 7");
  });

  it("plain text errors keep the text and have no problem", async () => {
    const error = (await errorFor(new Response("upstream down", { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/plain", "x-request-id": "r2" } }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toBe("upstream down");
    expect(error.problem).toBeUndefined();
    expect(error.requestId).toBe("r2");
    expect(error.headers.get("content-type")).toBe("text/plain");
    expect(error.message).toBe("createOrder: 502 Bad Gateway — upstream down");
  });

  it("malformed JSON error bodies become their raw text, not a crash", async () => {
    const error = (await errorFor(new Response("{oops", { status: 500, headers: { "content-type": "application/json" } }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toBe("{oops");
    expect(error.problem).toBeUndefined();
    expect(error.message).toBe("createOrder: 500 — {oops");
  });

  it("JSON errors are problems only when they carry a standard member", async () => {
    const plain = (await errorFor(new Response('{"error":"bad","message":"name is required"}', { status: 400, headers: { "content-type": "application/json" } }))) as ApiError;
    expect(plain.problem).toBeUndefined();
    expect(plain.body).toEqual({ error: "bad", message: "name is required" });
    expect(plain.message).toBe("createOrder: 400 — name is required");
    const titled = (await errorFor(new Response('{"title":"Conflict","code":"DUP"}', { status: 409, statusText: "Conflict", headers: { "content-type": "application/json" } }))) as ApiError;
    expect(titled.problem).toEqual({ title: "Conflict", code: "DUP" });
    expect(titled.message).toBe("createOrder: 409 Conflict — Conflict");
  });

  it("a 2xx with malformed JSON is an ApiError with that status and the raw text", async () => {
    const error = (await errorFor(new Response("not json", { status: 201, statusText: "Created", headers: { "content-type": "application/json" } }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(201);
    expect(error.body).toBe("not json");
    expect(error.message).toBe("createOrder: 201 Created — response body is not valid JSON");
  });

  it("toProblem and toPointer", () => {
    expect(toProblem({ detail: "x" }, "application/json")).toEqual({ detail: "x" });
    expect(toProblem({ other: 1 }, "application/problem+json")).toEqual({ other: 1 });
    expect(toProblem({ other: 1 }, "application/json")).toBeUndefined();
    expect(toProblem("text", "application/problem+json")).toBeUndefined();
    expect(toPointer(["items", 0, "id"])).toBe("/items/0/id");
    expect(toPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
    expect(toPointer([])).toBe("");
  });

  it("the other errors carry their operation and a readable message", () => {
    const cause = new TypeError("fetch failed");
    expect(new ApiNetworkError("getOrder", cause)).toMatchObject({ name: "ApiNetworkError", operation: "getOrder", cause, message: "getOrder: network error: fetch failed" });
    expect(new ApiTimeoutError("getOrder", 50)).toMatchObject({ name: "ApiTimeoutError", timeoutMs: 50, message: "getOrder: no response within 50 ms" });
    const issues = [{ pointer: "/items/0/id", message: "Invalid UUID" }];
    expect(new ResponseValidationError("getOrder", 200, issues).message).toBe("getOrder: response 200 does not match its schema: /items/0/id: Invalid UUID");
  });
});
