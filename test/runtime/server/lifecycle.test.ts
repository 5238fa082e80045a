import "./copy-runtime.js";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import { json, recordingLogger } from "./helpers.js";

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server whose /slow requests wait until `release()`; everything else answers at once. */
async function start() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  const lifecycle = rt.createLifecycle();
  const server = rt.configureHttpServer(
    http.createServer(async (req, res) => {
      if (req.url === "/slow") {
        arrived();
        await released;
      }
      const out = req.url === "/readyz" ? rt.probes.readyz(lifecycle, req.headers) : { status: 200, headers: { "content-type": "text/plain" }, body: "done" };
      res.writeHead(out.status, out.headers).end(out.body);
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, lifecycle, port, release, slowArrived };
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("probes and server settings", () => {
  it("livez is always 200; readyz flips to a 503 problem when not ready", () => {
    const lifecycle = rt.createLifecycle();
    expect(rt.probes.livez().status).toBe(200);
    const ready = rt.probes.readyz(lifecycle, { "x-request-id": "r1" });
    expect([ready.status, ready.headers["x-request-id"]]).toEqual([200, "r1"]);
    lifecycle.ready = false;
    const failing = rt.probes.readyz(lifecycle, { "x-request-id": "r2" });
    expect(failing.status).toBe(503);
    expect(failing.headers["content-type"]).toBe("application/problem+json");
    expect(json(failing)).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", instance: "/readyz", request_id: "r2" });
    expect(rt.probes.livez().status).toBe(200);
  });

  it("sets keep-alive above load balancers' idle timeout", () => {
    const server = rt.configureHttpServer(http.createServer());
    expect([server.keepAliveTimeout, server.headersTimeout]).toEqual([65_000, 66_000]);
  });
});

describe("graceful shutdown", () => {
  it("fails readiness, refuses new connections, lets the in-flight request finish, then exits 0", async () => {
    const { server, lifecycle, port, release, slowArrived } = await start();
    expect((await get(port, "/readyz")).status).toBe(200);
    const exit = vi.fn();
    const onClose = vi.fn();
    const shutdown = rt.installGracefulShutdown(server, lifecycle, { signals: [], exit, onClose, readinessDelayMs: 0, drainTimeoutMs: 5_000 });
    const slow = get(port, "/slow");
    await slowArrived;
    const done = shutdown();
    expect(lifecycle.ready).toBe(false);
    await vi.waitFor(() => expect(server.listening).toBe(false));
    await expect(get(port, "/readyz")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(exit).not.toHaveBeenCalled();
    release();
    expect(await slow).toEqual({ status: 200, body: "done" });
    await done;
    expect(onClose).toHaveBeenCalledOnce();
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
    expect(shutdown()).toBe(done);
  });

  it("closes remaining connections and exits 1 when the drain times out", async () => {
    const { server, lifecycle, port, slowArrived } = await start();
    const exit = vi.fn();
    const logger = recordingLogger();
    const shutdown = rt.installGracefulShutdown(server, lifecycle, { signals: [], exit, logger, readinessDelayMs: 0, drainTimeoutMs: 100 });
    const slow = get(port, "/slow");
    await slowArrived;
    const started = Date.now();
    await shutdown();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(logger.entries[0]?.message).toMatch(/timed out/);
  });

  it("runs on the configured signals and exits 0 at once when idle", async () => {
    const { server, lifecycle } = await start();
    const exit = vi.fn();
    rt.installGracefulShutdown(server, lifecycle, { signals: ["SIGUSR2"], exit, readinessDelayMs: 0 });
    process.emit("SIGUSR2");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(lifecycle.ready).toBe(false);
    expect(server.listening).toBe(false);
  });

  it("keeps accepting for the readiness delay with readiness failing and Connection: close, then stops; a second signal ends the wait", async () => {
    const { server, lifecycle, port } = await start();
    const exit = vi.fn();
    const shutdown = rt.installGracefulShutdown(server, lifecycle, { signals: ["SIGUSR2"], exit, readinessDelayMs: 60_000 });
    process.emit("SIGUSR2");
    expect(lifecycle.ready).toBe(false);
    // Still listening during the delay: new connections are served, readiness says 503, and
    // every response asks the client to reconnect elsewhere.
    const during = await getWithHeaders(port, "/readyz");
    expect([during.status, during.headers.connection]).toEqual([503, "close"]);
    const served = await getWithHeaders(port, "/other");
    expect([served.status, served.headers.connection]).toEqual([200, "close"]);
    expect(server.listening).toBe(true);
    expect(exit).not.toHaveBeenCalled();
    process.emit("SIGUSR2");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledExactlyOnceWith(0));
    expect(server.listening).toBe(false);
    expect(shutdown()).toBe(shutdown());
  });
});

function getWithHeaders(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path }, (res) => {
        res.resume().on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on("error", reject);
  });
}
