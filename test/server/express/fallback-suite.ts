/**
 * What both framework adapters do outside the operations, over real HTTP, run once per pack by
 * express/adapter.test.ts and fastify/adapter.test.ts: unmatched requests (404/405), framework
 * errors, probes and graceful shutdown.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Pack, prepareRuntime, rawRequest, type Running, startServer } from "./harness.js";

const json = { "content-type": "application/json" };
const auth = { authorization: "Bearer good" };

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

export function fallbackSuite(pack: Pack): void {
  let server: Running;
  let runtimeDir: string;
  const lifecycle = { ready: true };
  const url = (pathname: string) => `${server.base}${pathname}`;

  beforeAll(async () => {
    runtimeDir = prepareRuntime(`server-${pack}-test-fallback`, [pack]);
    server = await startServer(pack, runtimeDir, { lifecycle });
  });
  afterAll(() => server?.close());

  describe(`${pack} adapter: requests no operation takes`, () => {
    it("answers unknown paths with the runtime's 404 problem", async () => {
      const missing = await fetch(url("/nothing?x=1"));
      expect(missing.status).toBe(404);
      expect(await problemOf(missing)).toMatchObject({ code: "NOT_FOUND", instance: "/nothing" });
    });

    it("answers a known path with a wrong method with 405 and Allow, OPTIONS included", async () => {
      for (const method of ["PUT", "PATCH", "OPTIONS"]) {
        const wrong = await fetch(url("/items"), { method });
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get("allow")).toBe("POST");
        expect((await problemOf(wrong)).code).toBe("METHOD_NOT_ALLOWED");
      }
      const wrongWithBody = await fetch(url("/items/i1"), { method: "POST", headers: json, body: "{}" });
      expect(wrongWithBody.headers.get("allow")).toBe("DELETE, GET, HEAD");
    });

    it("matches paths exactly: no trailing-slash or case slack", async () => {
      expect((await fetch(url("/items/"), { method: "POST", headers: { ...json, ...auth }, body: '{"name":"a"}' })).status).toBe(404);
      expect((await fetch(url("/ITEMS"), { method: "POST", headers: { ...json, ...auth }, body: '{"name":"a"}' })).status).toBe(404);
    });

    it("turns an undecodable URL into a 400 problem, not the framework's own page", async () => {
      const bad = await rawRequest(server.base, "GET", "/items/%E0%A4%A");
      expect(bad.status).toBe(400);
      expect(bad.headers).toContainEqual(["content-type", "application/problem+json"]);
      expect(JSON.parse(bad.body.toString())).toMatchObject({ status: 400, instance: "/items/%E0%A4%A" });
    });
  });

  describe(`${pack} adapter: probes`, () => {
    it("answers /livez and /readyz from the lifecycle; readiness fails once shutdown begins", async () => {
      expect(await (await fetch(url("/livez"))).json()).toEqual({ status: "ok" });
      expect((await fetch(url("/readyz"))).status).toBe(200);
      expect((await fetch(url("/readyz"), { method: "HEAD" })).status).toBe(200);
      lifecycle.ready = false;
      try {
        const notReady = await fetch(url("/readyz"));
        expect(notReady.status).toBe(503);
        expect((await problemOf(notReady)).code).toBe("SERVICE_UNAVAILABLE");
        expect((await fetch(url("/livez"))).status).toBe(200);
      } finally {
        lifecycle.ready = true;
      }
    });
  });

  describe(`${pack} adapter: graceful shutdown`, () => {
    it("fails readiness, refuses new connections, lets the in-flight request finish, then exits 0", async () => {
      const lifecycle = { ready: true };
      const own = await startServer(pack, runtimeDir, { lifecycle });
      const { installGracefulShutdown } = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, "server", "index.ts")).href);
      const exits: number[] = [];
      const shutdown = installGracefulShutdown(own.http, lifecycle, { signals: [], exit: (code: number) => exits.push(code), readinessDelayMs: 0, drainTimeoutMs: 5000 });
      try {
        const inFlight = fetch(`${own.base}/wait`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const finished = shutdown();
        expect(lifecycle.ready).toBe(false);
        await expect(fetch(`${own.base}/livez`)).rejects.toThrow();
        const answer = await inFlight;
        expect(answer.status).toBe(200);
        expect(await answer.text()).toBe("done");
        await finished;
        expect(exits).toEqual([0]);
      } finally {
        await own.close().catch(() => {});
      }
    });
  });
}
