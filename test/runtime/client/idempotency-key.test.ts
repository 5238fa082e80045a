/**
 * The idempotencyKey call option on an operation whose spec declares no key, through the real
 * runtime against a local server: the key is sent as Idempotency-Key and makes the POST retryable
 * (the same key on every attempt); without it a failed POST is not retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import type { OperationSpec } from "../../../templates/client/runtime/types.js";
import { sendJson, TestServer } from "../../helpers/test-server.js";

const server = new TestServer();
let baseUrl: string;
beforeAll(async () => (baseUrl = await server.start()));
afterAll(() => server.stop());

const charge: OperationSpec = { id: "createCharge", method: "POST", path: "/charges", params: [], requestMediaTypes: ["application/json"], responses: { "201": ["application/json"] } };
const runtime = () => createRuntime({ baseUrl, retry: { retries: 2, baseDelayMs: 1 } }, { baseUrl, securitySchemes: {} });

describe("idempotencyKey on an operation that declares none", () => {
  it("is sent as Idempotency-Key, and a 503 is retried with the same key", async () => {
    server.respond((_req, res, attempt) => (attempt === 1 ? sendJson(res, 503, { title: "busy" }) : sendJson(res, 201, { id: "ch_1" })));
    expect(await runtime().call(charge, { body: { amount: 5 } }, { idempotencyKey: "key-42" })).toMatchObject({ status: 201, data: { id: "ch_1" } });
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["key-42", "key-42"]);
  });

  it("without it, no key is invented and the POST is not retried", async () => {
    server.respond((_req, res) => sendJson(res, 503, { title: "busy" }));
    await expect(runtime().call(charge, { body: { amount: 5 } })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["idempotency-key"]).toBeUndefined();
  });
});
