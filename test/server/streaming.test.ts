/**
 * Streamed responses (issue 15) in every pack, end to end: a handler answers a streaming operation
 * with an async iterable of its typed item, and the shared runtime writes server-sent events or
 * JSON Lines. One conformance suite over the 3.2 fixture's two streams: the same bytes from every
 * pack; the generated client reading them typed; a client that goes away mid-stream (the handler's
 * signal aborts and its generator's `finally` runs); a client that stops reading while the handler
 * produces as fast as it can (the handler is held back: what it produced stays within the socket
 * buffers); idle keep-alive comments; an item that is not what the spec says (an SSE `error` event
 * carrying the problem, a cut JSON Lines connection); and graceful shutdown during a stream (the
 * handler's last event goes out, the stream ends cleanly, the drain completes).
 */
import { writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { boot, NEST_COMPILER_OPTIONS, PACKS, type BootedServer, type Pack } from "./conformance/harness.js";
import { SECURITY_3_2, SPEC_3_2 } from "./fixture-3-2.js";
import { ALICE, call, recorded } from "./conformance/http.js";

const SPEC = SPEC_3_2;

/** What the handlers report to the test (one server per pack at a time: the suites of a file run in order). */
interface Probe {
  produced: number;
  finallyRan: boolean;
  signalAborted: boolean;
}

/**
 * The streaming handlers. The product id picks the behaviour: `p1` a fixed stream, `flood` items as
 * fast as the stream takes them, `endless` one event per 20 ms until the signal aborts (then a last
 * `bye` event), `idle` nothing until the signal aborts, `bad` one valid item then one the spec
 * refuses, `broken` one item then a throw.
 */
const CATALOG_HANDLERS = `import type { ProductEventsResponse200Item } from "../models.gen.js";
import type { CatalogHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

type Probe = { produced: number; finallyRan: boolean; signalAborted: boolean };
const probe = ((globalThis as { streamProbe?: Probe }).streamProbe ??= { produced: 0, finallyRan: false, signalAborted: false });

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
});

export const catalogHandlers: CatalogHandlers<Principal> = {
  async listProducts() {
    return { status: 200, body: [] };
  },
  async getProduct() {
    return { status: 404, body: { title: "Not Found", status: 404 } };
  },
  async productHistory({ path }) {
    if (path.id === "bad") return { status: 200, body: [{ id: "bad", name: "ok", price: 1 }, { id: "bad", name: "", price: -1 }] };
    return { status: 200, body: (async function* () {
      for (let version = 1; version <= 3; version++) yield { id: path.id, name: \`version \${version}\`, price: version * 10 };
    })() };
  },
  async productEvents({ path, signal }) {
    const id = path.id;
    async function* events(): AsyncGenerator<ProductEventsResponse200Item> {
      try {
        if (id === "p1") {
          yield { id: "1", data: { kind: "price", price: 30 } };
          yield { id: "2", event: "rename", data: { kind: "rename", name: "kettle\\nred" } };
          yield { data: { kind: "price", price: 0.5 }, retry: 2500 };
          return;
        }
        if (id === "bad") {
          yield { id: "1", data: { kind: "price", price: 1 } };
          yield { id: "2", data: { kind: "price" } } as never;
          return;
        }
        if (id === "broken") {
          yield { id: "1", data: { kind: "price", price: 1 } };
          throw new Error("the database went away");
        }
        if (id === "flood") {
          const name = "x".repeat(1000);
          for (;;) {
            probe.produced++;
            yield { data: { kind: "rename", name } };
          }
        }
        if (id === "idle") {
          await sleep(60_000, signal);
          return;
        }
        // endless
        for (let n = 1; !signal.aborted; n++) {
          probe.produced++;
          yield { id: String(n), data: { kind: "price", price: n } };
          await sleep(20, signal);
        }
        yield { event: "bye", data: { kind: "rename", name: "shutting down" } };
      } finally {
        probe.finallyRan = true;
        probe.signalAborted = signal.aborted;
      }
    }
    return { status: 200, body: events() };
  },
};
`;

const SEARCH_HANDLERS = `import type { SearchHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

export const searchHandlers: SearchHandlers<Principal> = {
  async searchProducts() {
    return { status: 200, body: { items: [], total: 0 } };
  },
};
`;


function prepare(pack: Pack): string {
  const dir = path.join(SCRATCH, "streaming", pack);
  const result = runCli(["generate", SPEC, "--out", dir, "--server", pack, "--client", "--force", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(dir, "handlers", "search.ts"), SEARCH_HANDLERS);
  writeFileSync(path.join(dir, "handlers", "catalog.ts"), CATALOG_HANDLERS);
  writeFileSync(path.join(dir, "security.ts"), SECURITY_3_2);
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
  return dir;
}

const probe = (): Probe => ((globalThis as { streamProbe?: Probe }).streamProbe ??= { produced: 0, finallyRan: false, signalAborted: false });
const resetProbe = () => Object.assign(probe(), { produced: 0, finallyRan: false, signalAborted: false });

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A GET over node:http whose response is not read (paused) until `read` is called: the client that stops reading. */
function pausedGet(url: string): Promise<{ response: http.IncomingMessage; destroy(): void }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { authorization: ALICE } }, (response) => {
      response.pause();
      resolve({ response, destroy: () => request.destroy() });
    });
    request.on("error", reject);
  });
}

/** Reads a response's text for `ms` milliseconds (a stream that does not end), then drops the connection. */
async function textFor(url: string, ms: number): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: ALICE }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // aborted
  }
  clearTimeout(timer);
  return text;
}

describe.each(PACKS)("%s server: streamed responses", (pack: Pack) => {
  let srv: BootedServer;
  let lifecycle: unknown;
  let runtimeIndex: any;
  /** What the runtime logged: errors, and the access lines. */
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    const dir = prepare(pack);
    runtimeIndex = await import(path.join(dir, "runtime", "server", "index.ts"));
    lifecycle = runtimeIndex.createLifecycle();
    const logger = { error: (message: string, details: Record<string, unknown>) => lines.push({ level: "error", message, details }), warn: () => undefined, info: (message: string, details: Record<string, unknown>) => lines.push({ level: "info", message, details }) };
    srv = await boot(pack, dir, { lifecycle, options: { logger, streams: { keepAliveMs: 100, shutdownGraceMs: 400 } } });
  }, 180_000);
  afterAll(() => srv?.close().catch(() => undefined));

  it("writes server-sent events and JSON Lines as the spec frames them, with the stream headers", async () => {
    const events = await call(srv.url, pack, "sse: p1", "GET", "/products/p1/events");
    expect(events.status).toBe(200);
    expect(events.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(events.headers.get("cache-control")).toBe("no-store");
    expect(events.headers.get("x-accel-buffering")).toBe("no");
    expect(events.headers.get("content-length")).toBeNull();
    expect(events.text).toBe(
      'id: 1\ndata: {"kind":"price","price":30}\n\n' + 'event: rename\nid: 2\ndata: {"kind":"rename","name":"kettle\\nred"}\n\n' + 'retry: 2500\ndata: {"kind":"price","price":0.5}\n\n',
    );
    const lines = await call(srv.url, pack, "jsonl: p1", "GET", "/products/p1/history");
    expect(lines.headers.get("content-type")).toBe("application/jsonl");
    expect(lines.text).toBe('{"id":"p1","name":"version 1","price":10}\n{"id":"p1","name":"version 2","price":20}\n{"id":"p1","name":"version 3","price":30}\n');
    const head = await call(srv.url, pack, "sse: head", "HEAD", "/products/p1/events");
    expect([head.status, head.text, head.headers.get("content-type")]).toEqual([200, "", "text/event-stream; charset=utf-8"]);
  });

  it("logs a stream's access line when the stream ends, with its whole duration", async () => {
    const start = Date.now();
    const text = await textFor(`${srv.url}/products/idle/events`, 300);
    expect(text).toContain(": keep-alive");
    await until(() => lines.some((line) => line.message === "HTTP request" && line.details["route"] === "/products/{id}/events" && Number(line.details["durationMs"]) >= 250));
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it("the generated client reads the items typed, as they come", async () => {
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false });
    const received: unknown[] = [];
    for await (const event of api.catalog.productEvents({ path: { id: "p1" } })) received.push(event);
    expect(received).toEqual([
      { id: "1", data: { kind: "price", price: 30 } },
      { id: "2", event: "rename", data: { kind: "rename", name: "kettle\nred" } },
      { retry: 2500, data: { kind: "price", price: 0.5 } },
    ]);
    const versions: unknown[] = [];
    for await (const product of api.catalog.productHistory({ path: { id: "p7" } })) versions.push(product);
    expect(versions).toEqual([1, 2, 3].map((v) => ({ id: "p7", name: `version ${v}`, price: v * 10 })));
  });

  it("stops the handler when the client goes away mid-stream: its signal aborts, its generator's finally runs", async () => {
    resetProbe();
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false });
    let seen = 0;
    for await (const event of api.catalog.productEvents({ path: { id: "endless" } })) {
      expect(event.data.kind).toBe("price");
      if (++seen === 3) break;
    }
    await until(() => probe().finallyRan);
    expect(probe().signalAborted).toBe(true);
    const producedAtEnd = probe().produced;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(probe().produced).toBe(producedAtEnd);
  });

  it("holds a fast handler back while the client does not read: what it produced stays within the socket buffers", async () => {
    resetProbe();
    const { destroy } = await pausedGet(`${srv.url}/products/flood/events`);
    // Long enough for an unbounded producer to make hundreds of thousands of 1 KB events.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const produced = probe().produced;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Stalled: nothing more was produced while nothing was read.
    expect(probe().produced - produced).toBeLessThan(50);
    // Loopback socket buffers (a few MB at most) over ~1.05 KB frames.
    expect(produced).toBeGreaterThan(10);
    expect(produced).toBeLessThan(12_000);
    destroy();
    await until(() => probe().finallyRan);
  });

  it("sends keep-alive comments on an idle event stream", async () => {
    const text = await textFor(`${srv.url}/products/idle/events`, 450);
    expect(text.split(": keep-alive\n\n").length - 1).toBeGreaterThanOrEqual(3);
    expect(text.replaceAll(": keep-alive\n\n", "")).toBe("");
  });

  it("ends an event stream whose item the spec refuses with an error event carrying the problem", async () => {
    const before = lines.length;
    const answer = await call(srv.url, pack, "sse: invalid item", "GET", "/products/bad/events");
    const [first, error, ...rest] = answer.text.split("\n\n");
    expect(first).toBe('id: 1\ndata: {"kind":"price","price":1}');
    expect(rest).toEqual([""]);
    expect(error!.startsWith("event: error\ndata: ")).toBe(true);
    const problem = JSON.parse(error!.slice("event: error\ndata: ".length));
    expect(problem).toMatchObject({ status: 500, code: "RESPONSE_VALIDATION_FAILED", request_id: "case-sse-invalid-item", instance: "/products/bad/events" });
    expect(lines.slice(before).map((entry) => entry.message).join("\n")).toContain("A streamed item does not match the spec");
    // The generated client delivers the valid events, then throws the problem.
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false });
    const received: unknown[] = [];
    const failure = await (async () => {
      for await (const event of api.catalog.productEvents({ path: { id: "bad" } })) received.push(event);
    })().catch((error: unknown) => error);
    expect(received).toEqual([{ id: "1", data: { kind: "price", price: 1 } }]);
    expect(failure).toBeInstanceOf(srv.client.StreamProblemError);
    expect((failure as { problem: { code: string } }).problem.code).toBe("RESPONSE_VALIDATION_FAILED");
    const thrown = await call(srv.url, pack, "sse: handler throws", "GET", "/products/broken/events");
    expect(thrown.text).toMatch(/^id: 1\ndata: \{"kind":"price","price":1\}\n\nevent: error\ndata: \{.*"code":"INTERNAL_ERROR".*\}\n\n$/);
  });

  it("cuts a JSON Lines stream whose item the spec refuses after the valid items: no client takes it as whole", async () => {
    // On the wire: the valid line, then the connection ends without the chunked body's last chunk.
    const raw = await pausedGet(`${srv.url}/products/bad/history`);
    raw.response.resume();
    let text = "";
    raw.response.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const ending = await new Promise<string>((resolve) => {
      raw.response.on("end", () => resolve("end"));
      raw.response.on("error", () => resolve("error"));
      raw.response.on("aborted", () => resolve("aborted"));
    });
    expect(ending).not.toBe("end");
    expect(text).toBe('{"id":"bad","name":"ok","price":1}\n');
    // The generated client fails the loop (fetch may drop the last bytes it had with the break).
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false });
    const received: unknown[] = [];
    const failure = await (async () => {
      for await (const product of api.catalog.productHistory({ path: { id: "bad" } })) received.push(product);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect([{ id: "bad", name: "ok", price: 1 }]).toEqual(expect.arrayContaining(received));
  });

  it("on graceful shutdown, lets the handler send a last event and ends the stream cleanly, and the drain completes", async () => {
    resetProbe();
    const exits: number[] = [];
    const shutdown = runtimeIndex.installGracefulShutdown(srv.server, lifecycle, { readinessDelayMs: 0, drainTimeoutMs: 5000, signals: [], exit: (code: number) => exits.push(code) });
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false });
    const received: { event?: string }[] = [];
    let shutdownDone: Promise<void> | undefined;
    for await (const event of api.catalog.productEvents({ path: { id: "endless" } })) {
      received.push(event);
      if (received.length === 2) shutdownDone = shutdown();
    }
    expect(received.at(-1)).toEqual({ event: "bye", data: { kind: "rename", name: "shutting down" } });
    expect(probe().signalAborted).toBe(true);
    await shutdownDone;
    expect(exits).toEqual([0]);
  });
});

describe("all packs: streamed responses", () => {
  it("answer every recorded stream with the same status, headers and bytes", () => {
    const names = [...recorded.keys()];
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
