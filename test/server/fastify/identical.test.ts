/**
 * The Express, Fastify and Hono packs put the same bytes on the wire for the same contract: status,
 * every header (names, values, order; minus Date, Connection and Keep-Alive, which Node's HTTP
 * server decides) and body, over a spread of requests including errors and unmatched routes.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparable, prepareRuntime, rawRequest, type Running, startServer } from "../express/harness.js";

const json = { "content-type": "application/json" };
const auth = { authorization: "Bearer good" };

/** [method, url, headers, body] */
const cases: [string, string, Record<string, string>, string?][] = [
  ["POST", "/items", { ...json, ...auth }, '{"name":"pen","qty":3}'],
  ["POST", "/items", { ...json, ...auth }, '{"name":""}'],
  ["POST", "/items", { ...json, ...auth }, "{broken"],
  ["POST", "/items", { ...json, ...auth }, JSON.stringify({ name: "x".repeat(3000) })],
  ["POST", "/items", json, '{"name":"pen"}'],
  ["POST", "/items", { ...json, authorization: "Bearer bad" }, '{"name":"pen"}'],
  ["POST", "/items", { "content-type": "application/xml", ...auth }, "<a/>"],
  ["POST", "/items", { "content-type": "nonsense", ...auth }, "{}"],
  ["POST", "/items", { ...auth }, ""],
  ["GET", "/items/abc?verbose=true", {}],
  ["GET", "/items/abc", { accept: "text/html" }],
  ["GET", "/items/NOPE", {}],
  ["GET", "/items/%E0%A4%A", {}],
  ["HEAD", "/items/abc", {}],
  ["DELETE", "/items/abc", {}],
  ["POST", "/echo", { "content-type": "text/plain; charset=utf-8" }, "héllo wörld"],
  ["POST", "/echo", { "content-type": "application/octet-stream" }, "\u0000\u0001"],
  ["POST", "/echo", {}, ""],
  ["GET", "/boom", {}],
  ["GET", "/items/a%2Fb", {}],
  ["GET", "/items/a-b%2Dc?verbose=1&verbose=0", {}],
  ["GET", "/bad-header", {}],
  ["GET", "/nothing", {}],
  ["GET", "/items/", {}],
  ["DELETE", "/items/", {}],
  ["POST", "/it%65ms", { ...json, ...auth }, '{"name":"pen"}'],
  ["GET", "/items/abc/", {}],
  ["GET", "//items/abc", {}],
  ["GET", "/items/abc;x=1", {}],
  ["PUT", "/items", json, "{}"],
  ["OPTIONS", "/items", {}],
  ["OPTIONS", "/items/abc", {}],
  ["PATCH", "/items/abc", { "content-type": "nonsense" }, "{}"],
  ["PROPFIND", "/items", {}],
  ["QUERY", "/items", {}],
  ["QUERY", "/nothing", { "content-type": "application/json" }, "{}"],
  ["GET", "/livez", {}],
  ["GET", "/readyz", {}],
  ["HEAD", "/readyz", {}],
];

describe("Express, Fastify and Hono answer byte for byte alike", () => {
  let express: Running;
  let fastify: Running;
  let hono: Running;

  beforeAll(async () => {
    const runtime = prepareRuntime("server-fastify-test-identical", ["express", "fastify", "hono"]);
    express = await startServer("express", runtime, { lifecycle: { ready: true } });
    fastify = await startServer("fastify", runtime, { lifecycle: { ready: true } });
    hono = await startServer("hono", runtime, { lifecycle: { ready: true } });
  });
  afterAll(async () => {
    await express?.close();
    await fastify?.close();
    await hono?.close();
  });

  it.each(cases)("%s %s", async (method, url, headers, body) => {
    const withId = { "x-request-id": "req-fixed-1", ...headers };
    const fromExpress = comparable(await rawRequest(express.base, method, url, withId, body));
    const fromFastify = comparable(await rawRequest(fastify.base, method, url, withId, body));
    expect(fromFastify).toEqual(fromExpress);
    // Hono answers HEAD by copying the GET answer into a new Response (Fetch's Headers list names
    // sorted): the same headers, in another order. Every other answer keeps the runtime's order.
    const fromHono = comparable(await rawRequest(hono.base, method, url, withId, body));
    if (method === "HEAD") expect({ ...fromHono, headers: fromHono.headers.sort() }, "hono").toEqual({ ...fromExpress, headers: [...fromExpress.headers].sort() });
    else expect(fromHono, "hono").toEqual(fromExpress);
    // Every answer is the runtime's: a request id, and no framework signature.
    const names = fromExpress.headers.map(([name]) => name.toLowerCase());
    expect(names).toContain("x-request-id");
    expect(names).not.toContain("x-powered-by");
  });

  it.each([
    ["a malformed header line", "GET /items HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"],
    ["a malformed request line", "GARBAGE\r\n\r\n"],
    ["oversized headers", `GET /items HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`],
  ])("answers %s like Node does, in every pack", async (_name, bytes) => {
    const send = (base: string) =>
      new Promise<string>((resolve) => {
        const { hostname, port } = new URL(base);
        const socket = connect(Number(port), hostname, () => socket.end(bytes));
        let received = "";
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
        socket.on("close", () => resolve(received));
        socket.on("error", () => {});
      });
    const fromExpress = await send(express.base);
    expect(fromExpress).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(await send(fastify.base)).toBe(fromExpress);
    expect(await send(hono.base)).toBe(fromExpress);
  });
});
