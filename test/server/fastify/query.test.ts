/**
 * Fastify parses each query once, with the runtime's parser: createApp installs parseQueryString
 * as Fastify's query parser, and the adapter hands that result to the runtime. The runtime parses
 * the URL itself whenever the two could differ (a parser of the caller's, a `#` in the target).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareRuntime, type Running, startServer } from "../express/harness.js";

describe("fastify adapter: the query is parsed once, by the runtime's parser", () => {
  let runtimeDir: string;
  let adapter: { toRawRequest(request: unknown, reply: unknown): { query?: unknown } };
  let validate: { parseQueryString(query: string): Record<string, string | string[]> };

  beforeAll(async () => {
    runtimeDir = prepareRuntime("server-fastify-query-test", ["fastify"]);
    adapter = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, "fastify", "adapter.ts")).href);
    validate = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, "server", "query.ts")).href);
  });

  const fakeRequest = (url: string, query: unknown) => ({ raw: { url, method: "GET", headers: {} }, params: {}, body: undefined, query });

  it("hands Fastify's parse to the runtime only when it is the runtime's own, for the same query string", () => {
    const parsed = validate.parseQueryString("a=1&a=2");
    expect(adapter.toRawRequest(fakeRequest("/items?a=1&a=2", parsed), { raw: {} }).query).toBe(parsed);
    // Another parser's object, or a target whose `#` the router cuts at: the runtime parses the URL.
    expect(adapter.toRawRequest(fakeRequest("/items?a=1", { a: "1" }), { raw: {} }).query).toBeUndefined();
    expect(adapter.toRawRequest(fakeRequest("/items#x?a=1", parsed), { raw: {} }).query).toBeUndefined();
  });

  describe("over HTTP", () => {
    let own: Running;
    let custom: Running;
    beforeAll(async () => {
      own = await startServer("fastify", runtimeDir);
      custom = await startServer("fastify", prepareRuntime("server-fastify-query-test-custom", ["fastify"]), { fastify: { routerOptions: { querystringParser: () => ({ verbose: undefined, custom: "1" }) } } });
    });
    afterAll(async () => {
      await own?.close();
      await custom?.close();
    });

    it("gives handlers the query as the runtime parses it, with the adapter's parser or a caller's own", async () => {
      for (const server of [own, custom]) {
        const found = await fetch(`${server.base}/items/a1?verbose=1&x=%41+b`);
        expect(await found.json()).toEqual({ id: "a1", name: "verbose", qty: 1 });
      }
      const plain = await fetch(`${custom.base}/items/a1`);
      expect(await plain.json()).toEqual({ id: "a1", name: "plain", qty: 1 });
    });

    it("lets routes of the caller's own read request.query as the runtime parses it", async () => {
      const server = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, "server", "index.ts")).href);
      const app = (adapter as unknown as { createApp(runtime: unknown): any }).createApp(server.createServerRuntime({ schemes: {}, verifiers: {}, contracts: [] }));
      app.get("/mine", (request: { query: unknown }, reply: { send(body: unknown): void }) => reply.send({ ...(request.query as object) }));
      const answer = await app.inject({ method: "GET", url: "/mine?tag=a&tag=b&q=a%20b+c&__proto__=x" });
      expect(answer.json()).toEqual({ tag: ["a", "b"], q: "a b c", ["__proto__"]: "x" });
      await app.close();
    });
  });
});
