/**
 * The Nest pack around requests: a concurrent idempotent call (409), readiness and graceful
 * shutdown as main.ts wires them (the runtime drains, then app.close() runs Nest's hooks), and
 * the boot refusing Nest's body parsers.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bootNest, prepareFixture } from "./harness.js";

let DIR: string;
beforeAll(() => {
  DIR = prepareFixture("lifecycle");
});

const WRITER = { authorization: "Bearer writer", "x-api-key": "k1", "content-type": "application/json" };
const slowPost = (url: string, key?: string) =>
  fetch(`${url}/items`, { method: "POST", headers: { ...WRITER, ...(key ? { "idempotency-key": key } : {}) }, body: JSON.stringify({ name: "slow", qty: 1 }) });

describe("Nest pack lifecycle", () => {
  it("a second call with the same idempotency key while the first runs is a 409 with Retry-After", async () => {
    const server = await bootNest(DIR, {});
    try {
      const [first, second] = await Promise.all([slowPost(server.url, "same"), new Promise((r) => setTimeout(r, 50)).then(() => slowPost(server.url, "same"))]);
      expect(first.status).toBe(201);
      expect(second.status).toBe(409);
      expect(second.headers.get("retry-after")).toBe("1");
      expect((await second.json()).code).toBe("IDEMPOTENT_REQUEST_IN_PROGRESS");
    } finally {
      await server.close();
    }
  });

  it("graceful shutdown as main.ts wires it: readiness fails, the request in flight completes, then app.close() and exit(0)", async () => {
    const { installGracefulShutdown } = await import(path.join(DIR, "runtime", "server", "index.ts"));
    const lifecycle = { ready: true };
    const server = await bootNest(DIR, {}, lifecycle);
    let closed = false;
    const exited = new Promise<number>((exit) => {
      const shutdown = installGracefulShutdown(server.app.getHttpServer(), lifecycle, {
        signals: [],
        exit,
        onClose: async () => {
          await server.app.close();
          closed = true;
        },
      });
      setTimeout(() => void shutdown(), 100);
    });
    const inFlight = await slowPost(server.url);
    expect(lifecycle.ready).toBe(false);
    expect(inFlight.status).toBe(201);
    expect(await exited).toBe(0);
    expect(closed).toBe(true);
    await expect(fetch(`${server.url}/livez`)).rejects.toThrow();
  });

  it("readiness answers 503 once the lifecycle says so", async () => {
    const lifecycle = { ready: true };
    const server = await bootNest(DIR, {}, lifecycle);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      lifecycle.ready = false;
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect((await response.json()).code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await server.close();
    }
  });

  it("refuses to boot with Nest's body parsers, which would consume bodies before the runtime", async () => {
    await expect(bootNest(DIR, {}, undefined, true)).rejects.toThrow(/bodyParser: false/);
  });
});
