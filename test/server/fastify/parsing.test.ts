/**
 * The two ways the Fastify adapter saves work per request, checked at the adapter, where they
 * could silently stop happening while every HTTP answer stayed the same:
 * - the query is parsed once, by the runtime's parser: createApp installs parseQueryString as
 *   Fastify's query parser and hands that result to the runtime, which parses the URL itself
 *   whenever the two could differ (a parser of the caller's, a `#` in the target);
 * - the body of an operation without security is read by the content-type parser, so the runtime
 *   answers without a promise; a secured operation's body waits for authentication.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, handlers, securitySchemes, verifiers } from "../express/fixture-api.js";
import { prepareRuntime, type Running, startServer } from "../express/harness.js";

interface Adapter {
  toRawRequest(request: unknown, reply: unknown): { query?: unknown };
  createApp(runtime: unknown, options?: object): any;
  route(runtime: unknown, contract: unknown, handler: unknown): object;
}

describe("fastify adapter: parsing done once", () => {
  let runtimeDir: string;
  let adapter: Adapter;
  let query: { parseQueryString(query: string): Record<string, string | string[]>; isParsedQuery(value: unknown): boolean };
  let server: { createServerRuntime(config: object): any };

  beforeAll(async () => {
    runtimeDir = prepareRuntime("server-fastify-parsing-test", ["fastify"]);
    const load = (...parts: string[]) => import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, ...parts)).href);
    [adapter, query, server] = await Promise.all([load("fastify", "adapter.ts"), load("server", "query.ts"), load("server", "index.ts")]);
  });

  const fakeRequest = (url: string, parsed: unknown) => ({ raw: { url, method: "GET", headers: {} }, params: {}, body: undefined, query: parsed });

  it("hands Fastify's parse to the runtime only when it is the runtime's own, for the same query string", () => {
    const parsed = query.parseQueryString("a=1&a=2");
    expect(adapter.toRawRequest(fakeRequest("/items?a=1&a=2", parsed), { raw: {} }).query).toBe(parsed);
    // Another parser's object, or a target whose `#` the router cuts at: the runtime parses the URL.
    expect(adapter.toRawRequest(fakeRequest("/items?a=1", { a: "1" }), { raw: {} }).query).toBeUndefined();
    expect(adapter.toRawRequest(fakeRequest("/items#x?a=1", parsed), { raw: {} }).query).toBeUndefined();
  });

  it("installs the runtime's parser for every route of the app, unless the caller brings one", async () => {
    const runtime = server.createServerRuntime({ schemes: {}, verifiers: {}, contracts: [] });
    const own = adapter.createApp(runtime);
    const custom = adapter.createApp(runtime, { routerOptions: { querystringParser: () => ({ custom: "1" }) } });
    for (const app of [own, custom]) app.get("/mine", (request: { query: unknown }, reply: { send(body: unknown): void }) => reply.send({ ours: query.isParsedQuery(request.query), query: { ...(request.query as object) } }));
    expect((await own.inject({ method: "GET", url: "/mine?tag=a&tag=b&q=a%20b+c" })).json()).toEqual({ ours: true, query: { tag: ["a", "b"], q: "a b c" } });
    expect((await custom.inject({ method: "GET", url: "/mine?tag=a" })).json()).toEqual({ ours: false, query: { custom: "1" } });
    await Promise.all([own.close(), custom.close()]);
  });

  it("reads an open operation's body before the handler, so the runtime answers synchronously; a secured one's only after authentication", async () => {
    const runtime = server.createServerRuntime({ schemes: securitySchemes, verifiers, contracts: Object.values(contracts), options: { bodyLimit: 1024 } });
    const synchronous: Record<string, boolean> = {};
    const handle = runtime.handle.bind(runtime);
    runtime.handle = (contract: { id: string }, handler: unknown, raw: unknown) => {
      const response = handle(contract, handler, raw);
      synchronous[contract.id] = !(response instanceof Promise);
      return response;
    };
    const app = adapter.createApp(runtime);
    app.route({ method: "POST", url: "/echo", ...adapter.route(runtime, contracts.echo, handlers.echo) });
    app.route({ method: "POST", url: "/items", ...adapter.route(runtime, contracts.createItem, handlers.createItem) });
    const echoed = await app.inject({ method: "POST", url: "/echo", headers: { "content-type": "text/plain" }, payload: "hello" });
    expect(echoed.body).toBe("text:5");
    const created = await app.inject({ method: "POST", url: "/items", headers: { "content-type": "application/json", authorization: "Bearer good" }, payload: '{"name":"pen"}' });
    expect(created.statusCode).toBe(201);
    expect(synchronous).toEqual({ echo: true, createItem: false });
    await app.close();
  });

  describe("over HTTP", () => {
    let own: Running;
    let custom: Running;
    beforeAll(async () => {
      own = await startServer("fastify", runtimeDir);
      custom = await startServer("fastify", prepareRuntime("server-fastify-parsing-test-custom", ["fastify"]), { fastify: { routerOptions: { querystringParser: () => ({ verbose: undefined, custom: "1" }) } } });
    });
    afterAll(async () => {
      await own?.close();
      await custom?.close();
    });

    it("gives handlers the query as the runtime parses it, with the adapter's parser or a caller's own", async () => {
      for (const running of [own, custom]) {
        const found = await fetch(`${running.base}/items/a1?verbose=1&x=%41+b`);
        expect(await found.json()).toEqual({ id: "a1", name: "verbose", qty: 1 });
      }
      const plain = await fetch(`${custom.base}/items/a1`);
      expect(await plain.json()).toEqual({ id: "a1", name: "plain", qty: 1 });
    });
  });
});
