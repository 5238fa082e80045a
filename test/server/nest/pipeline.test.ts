/**
 * The Nest pack over a hand-built contract: every class of answer, and each one byte for byte
 * what the runtime's own `handle` answers (status, headers but Date/Connection/Keep-Alive, body).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Booted, bootFixtureReference, bootNest, type Logged, memoryLogger, prepareFixture, sameAnswer } from "./harness.js";

const logs: Logged[] = [];
const options = { bodyLimit: 256, validateResponses: true, logger: memoryLogger(logs) };
let nest: Booted;
let reference: Booted;

beforeAll(async () => {
  const dir = prepareFixture("pipeline");
  nest = await bootNest(dir, options);
  reference = await bootFixtureReference(dir, options);
});

afterAll(async () => {
  await nest?.close();
  await reference?.close();
});

const READER = { authorization: "Bearer reader" };
const WRITER = { authorization: "Bearer writer", "x-api-key": "k1" };
const JSON_TYPE = { "content-type": "application/json" };

/** Sends the same request to Nest and to the reference; expects equal answers and returns Nest's. */
const both = (path: string, init: RequestInit = {}) => sameAnswer(nest, reference, path, init);

describe("Nest pack: answers equal to the runtime's handle", () => {
  it("serves a valid call with the handler's headers and the request id, and nothing Express adds", async () => {
    const res = await both("/items/7?verbose=true", { headers: READER });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: 7, name: "thing", qty: 1 });
    expect(res.headers).toMatchObject({ etag: '"v1"', "x-request-id": "req-1", "content-type": "application/json" });
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("400 with pointers for bad path and query parameters", async () => {
    const res = await both("/items/abc?verbose=maybe", { headers: READER });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.json.code).toBe("VALIDATION_ERROR");
    expect(res.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/path/itemId", "/query/verbose"]);
    expect(res.json).toMatchObject({ request_id: "req-1", instance: "/items/abc" });
  });

  it("401 with a challenge per scheme of an OR requirement; either scheme passes", async () => {
    const res = await both("/items/1");
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="api", ApiKey realm="api", in="header", name="X-API-Key"');
    expect(res.json.code).toBe("AUTHENTICATION_REQUIRED");
    expect((await both("/items/1", { headers: { "x-api-key": "k1" } })).status).toBe(200);
    expect((await both("/items/1", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });

  it("AND requirement: 403 for a missing scope, 401 when one scheme of the AND is missing", async () => {
    const body = JSON.stringify({ name: "ab", qty: 1 });
    const forbidden = await both("/items", { method: "POST", headers: { ...JSON_TYPE, authorization: "Bearer reader", "x-api-key": "k1" }, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers["www-authenticate"]).toBeUndefined();
    expect(forbidden.json.code).toBe("INSUFFICIENT_SCOPE");
    expect((await both("/items", { method: "POST", headers: { ...JSON_TYPE, authorization: "Bearer writer" }, body })).status).toBe(401);
  });

  it("201 with Location for a valid body; 400 for invalid fields and unknown properties", async () => {
    const created = await both("/items", { method: "POST", headers: { ...JSON_TYPE, ...WRITER }, body: JSON.stringify({ name: "abc", qty: 2 }) });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe("/items/3");
    const invalid = await both("/items", { method: "POST", headers: { ...JSON_TYPE, ...WRITER }, body: JSON.stringify({ name: "", qty: 1.5, extra: true }) });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/body/extra", "/body/name", "/body/qty"]);
  });

  it("400 for malformed JSON, 415 for another content type, 406 for an unacceptable Accept", async () => {
    const malformed = await both("/items", { method: "POST", headers: { ...JSON_TYPE, ...WRITER }, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe("MALFORMED_REQUEST_BODY");
    const text = await both("/items", { method: "POST", headers: { "content-type": "text/plain", ...WRITER }, body: "hi" });
    expect(text.status).toBe(415);
    expect((await both("/items/1", { headers: { ...READER, accept: "text/html" } })).status).toBe(406);
  });

  it("413 past the body limit, with Connection: close; an unauthenticated caller gets 401 before the size is looked at", async () => {
    const big = JSON.stringify({ name: "x".repeat(1000), qty: 1 });
    const response = await fetch(`${nest.url}/items`, { method: "POST", headers: { ...JSON_TYPE, ...WRITER, "x-request-id": "req-1" }, body: big });
    expect(response.headers.get("connection")).toBe("close");
    const tooLarge = await both("/items", { method: "POST", headers: { ...JSON_TYPE, ...WRITER }, body: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await both("/items", { method: "POST", headers: JSON_TYPE, body: big })).status).toBe(401);
  });

  it("404 for unknown routes, 405 with Allow for other methods (also on an @All route), strict paths", async () => {
    const unknown = await both("/nope?x=1");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: "NOT_FOUND", instance: "/nope", request_id: "req-1" });
    const wrongMethod = await both("/items/1", { method: "PUT" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("DELETE, GET, HEAD");
    const allRoute = await both("/locked", { method: "POST" });
    expect(allRoute.status).toBe(405);
    expect(allRoute.headers.allow).toBe("GET, HEAD");
    expect((await both("/items/1/", { headers: READER })).status).toBe(404);
    expect((await both("/ITEMS/1", { headers: READER })).status).toBe(404);
    expect((await both("/items", { method: "OPTIONS" })).status).toBe(405);
  });

  it("a handler's ProblemError renders as declared; a thrown Error is a 500 without internals, logged with the request id", async () => {
    const notFound = await both("/items/404", { headers: READER });
    expect(notFound.status).toBe(404);
    expect(notFound.json).toMatchObject({ code: "ITEM_NOT_FOUND", detail: "No such item." });
    expect((await both("/locked")).json).toMatchObject({ status: 409, code: "ITEM_LOCKED" });
    logs.length = 0;
    const boom = await both("/boom", { headers: { "x-request-id": "boom-1" } });
    expect(boom.status).toBe(500);
    expect(boom.json).toMatchObject({ code: "INTERNAL_ERROR", request_id: "boom-1" });
    expect(boom.body).not.toContain("secret");
    const logged = logs.filter((entry) => entry.details.requestId === "boom-1");
    expect(logged).toHaveLength(2);
    expect(String((logged[0]?.details.error as Error).message)).toContain("secret");
  });

  it("idempotency: replay, 422 for another body under the same key", async () => {
    const headers = { ...JSON_TYPE, ...WRITER, "idempotency-key": "k-1" };
    const first = await both("/items", { method: "POST", headers, body: JSON.stringify({ name: "abcd", qty: 1 }) });
    expect(first.status).toBe(201);
    const replay = await both("/items", { method: "POST", headers, body: JSON.stringify({ name: "abcd", qty: 1 }) });
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.body).toBe(first.body);
    const reused = await both("/items", { method: "POST", headers, body: JSON.stringify({ name: "other", qty: 1 }) });
    expect(reused.status).toBe(422);
  });

  it("304 for If-None-Match, 204 without a body and Deprecation/Sunset on a deprecated operation, HEAD", async () => {
    const notModified = await both("/items/1", { headers: { ...READER, "if-none-match": '"v1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe("");
    const deleted = await both("/items/1", { method: "DELETE", headers: READER });
    expect(deleted.status).toBe(204);
    expect(deleted.headers).toMatchObject({ deprecation: "true", sunset: "Tue, 01 Jan 2030 00:00:00 GMT" });
    const head = await both("/items/1", { method: "HEAD", headers: READER });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("request ids: a well-formed incoming id is kept, anything else replaced by a UUID in header and body", async () => {
    const response = await fetch(`${nest.url}/items/1`, { headers: { "x-request-id": "bad id with spaces" } });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await response.json()).request_id).toBe(id);
    const kept = await fetch(`${nest.url}/nope`, { headers: { "request-id": "abc.123" } });
    expect(kept.headers.get("x-request-id")).toBe("abc.123");
  });

  it("probes: /livez and /readyz", async () => {
    const live = await both("/livez");
    expect(live).toMatchObject({ status: 200, json: { status: "ok" } });
    expect((await both("/readyz")).status).toBe(200);
    expect((await both("/livez", { method: "POST" })).status).toBe(404);
    expect((await both("/livez/")).status).toBe(404);
    expect((await both("/LIVEZ")).status).toBe(404);
  });

  it("an undecodable path parameter is a 400 problem, not Express's page", async () => {
    const response = await fetch(`${nest.url}/items/%E0%A4%A`, { headers: READER });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
