/**
 * Streaming operations in the generated client (issue 15): the 3.2 fixture's server-sent events
 * (data typed and parsed as JSON by its contentSchema) and JSON Lines (items typed by itemSchema),
 * and a 3.1 spec's `x-apigen-stream`, read from a hand-written Node server over real HTTP:
 * - items arrive typed, as the server writes them; `.withResponse` gives status and headers first;
 * - an error status throws the ApiError a plain call throws;
 * - a broken event stream of a GET resumes with Last-Event-ID after the server's `retry`;
 * - leaving the loop, or aborting through the signal, ends the connection (the server sees it);
 * - a slow consumer holds the server back (backpressure): nothing buffers the stream unboundedly.
 * The output compiles under tsc --strict with a user file whose types must hold.
 */
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const SPEC = path.join(FIXTURES, "specs", "3.2", "openapi-3-2.yaml");
const DIR = path.join(SCRATCH, "client-streams");

const USER_FILE = `import { createClient } from "./api/client.gen.js";
import type * as M from "./api/models.gen.js";

const api = createClient({ baseUrl: "http://localhost", auth: { device: "t" } });

export async function prices(): Promise<number[]> {
  const out: number[] = [];
  for await (const event of api.catalog.productEvents({ path: { id: "p1" } })) {
    const change: M.Change = event.data;
    if (change.kind === "price" && "price" in change) out.push(change.price);
    const id: string | undefined = event.id;
    void id;
    // @ts-expect-error data is a Change, not a string
    const text: string = event.data;
    void text;
  }
  const history = await api.catalog.productHistory.withResponse({ path: { id: "p1" } });
  const status: number = history.status;
  void status;
  for await (const product of history.items) {
    const name: string = product.name;
    void name;
  }
  // @ts-expect-error productEvents needs its path
  api.catalog.productEvents();
  return out;
}
`;

/** What the hand-written server did: requests by URL, closes seen, bytes written to the slow stream. */
const seen = { lastEventIds: [] as (string | undefined)[], closed: [] as string[], slowBytes: 0, slowBlocked: false };

function sse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", "x-request-id": "req-1" });
  res.flushHeaders();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "";
  req.socket.on("close", () => seen.closed.push(url));
  if (url === "/products/p1/events") {
    sse(res);
    res.write(": hello\n\n");
    res.write('event: price\nid: 1\ndata: {"kind":"price","price":31}\n\n');
    res.write('id: 2\ndata: {"kind":"rename",\ndata: "name":"tea kettle"}\n\n');
    res.end();
  } else if (url === "/products/p1/history") {
    res.writeHead(200, { "content-type": "application/jsonl" });
    res.write('{"id":"p1","name":"kettle","price":30}\n');
    setTimeout(() => res.end('{"id":"p1","name":"red kettle","price":31}\n'), 20);
  } else if (url === "/products/silent/events") {
    // Never answers: the head timeout must end the wait.
  } else if (url === "/products/bad/history") {
    res.writeHead(200, { "content-type": "application/jsonl" });
    res.end('{"id":"p1","name":"kettle","price":30}\n{"id":"p1","name":"","price":-1}\n');
  } else if (url === "/products/broken/history") {
    res.writeHead(200, { "content-type": "application/jsonl" });
    res.write('{"id":"p1","name":"kettle","price":30}\n');
    setTimeout(() => res.socket?.destroy(), 30);
  } else if (url === "/products/gone/events") {
    res.writeHead(404, { "content-type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", title: "Not Found", status: 404, detail: "no product gone" }));
  } else if (url === "/products/flaky/events") {
    // The first connection breaks after event 2; the reconnection must say where it was.
    seen.lastEventIds.push(req.headers["last-event-id"] as string | undefined);
    sse(res);
    if (seen.lastEventIds.length === 1) {
      res.write('retry: 20\nid: 1\ndata: {"kind":"price","price":1}\n\nid: 2\ndata: {"kind":"price","price":2}\n\n');
      setTimeout(() => res.socket?.destroy(), 50);
    } else {
      res.end('id: 3\ndata: {"kind":"price","price":3}\n\n');
    }
  } else if (url === "/products/slow/events") {
    // As fast as the connection takes it, waiting for drain: what the client does not read stays unsent.
    sse(res);
    const event = `data: {"kind":"rename","name":"${"x".repeat(1000)}"}\n\n`;
    const pump = () => {
      while (!res.destroyed) {
        seen.slowBytes += event.length;
        if (!res.write(event)) {
          seen.slowBlocked = true;
          res.once("drain", pump);
          return;
        }
      }
    };
    pump();
  } else if (url === "/products/endless/events") {
    sse(res);
    const timer = setInterval(() => res.write('data: {"kind":"price","price":5}\n\n'), 5);
    res.on("close", () => clearInterval(timer));
  } else {
    res.writeHead(404).end();
  }
}

let server: Server;
let api: any;
let client: any;

beforeAll(async () => {
  const result = runCli(["generate", SPEC, "--out", path.join(DIR, "api"), "--client", "--force", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(DIR, "user.ts"), USER_FILE);
  expect(typecheck(DIR, ["**/*.ts"])).toBe("");
  server = createServer(handle);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  client = await import(path.join(DIR, "api", "client.gen.ts"));
  api = client.createClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: { device: "t" }, retry: false });
}, 120_000);
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("streaming operations of the generated client", () => {
  it("read server-sent events with their data parsed as the spec's JSON, and JSON Lines as typed items", async () => {
    expect(await collect(api.catalog.productEvents({ path: { id: "p1" } }))).toEqual([
      { event: "price", id: "1", data: { kind: "price", price: 31 } },
      { id: "2", data: { kind: "rename", name: "tea kettle" } },
    ]);
    expect(await collect(api.catalog.productHistory({ path: { id: "p1" } }))).toEqual([
      { id: "p1", name: "kettle", price: 30 },
      { id: "p1", name: "red kettle", price: 31 },
    ]);
  });

  it("withResponse gives status and headers before the first item", async () => {
    const response = await api.catalog.productEvents.withResponse({ path: { id: "p1" } });
    expect([response.status, response.headers.get("content-type"), response.requestId]).toEqual([200, "text/event-stream", "req-1"]);
    expect((await collect(response.items)).length).toBe(2);
  });

  it("throw the ApiError of a plain call for an error status, with its problem", async () => {
    const error: any = await collect(api.catalog.productEvents({ path: { id: "gone" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.ApiError);
    expect([error.status, error.problem?.detail, error.operation]).toEqual([404, "no product gone", "productEvents"]);
  });

  it("fail as a plain call's network error when a JSON Lines connection breaks, after the items that arrived", async () => {
    const read: unknown[] = [];
    const error = await (async () => {
      for await (const product of api.catalog.productHistory({ path: { id: "broken" } })) read.push(product);
    })().catch((e: unknown) => e);
    expect(read).toEqual([{ id: "p1", name: "kettle", price: 30 }]);
    expect(error).toBeInstanceOf(client.ApiNetworkError);
    expect((error as { operation: string }).operation).toBe("productHistory");
  });

  it("check each item against the item schema when the client validates responses (responseSchemas)", async () => {
    const { responseSchemas } = await import(path.join(DIR, "api", "client-schemas.gen.ts"));
    const validating = client.createClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: { device: "t" }, retry: false, responseSchemas });
    const read: unknown[] = [];
    const error = await (async () => {
      for await (const product of validating.catalog.productHistory({ path: { id: "bad" } })) read.push(product);
    })().catch((e: unknown) => e);
    expect(read).toEqual([{ id: "p1", name: "kettle", price: 30 }]);
    expect((error as Error).name).toBe("ResponseValidationError");
    expect((error as { issues: { pointer: string }[] }).issues.map((i) => i.pointer)).toEqual(["/name", "/price"]);
    // Events are checked whole: data parsed from JSON first, then the event object against its schema.
    expect((await collect(validating.catalog.productEvents({ path: { id: "p1" } }))).length).toBe(2);
  });

  it("bound the wait for the response head by timeoutMs (the client's, or the call's), not the stream that follows", async () => {
    const port = (server.address() as AddressInfo).port;
    const quick = client.createClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { device: "t" }, retry: false, timeoutMs: 100 });
    const silent = await collect(quick.catalog.productEvents({ path: { id: "silent" } })).catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(client.ApiTimeoutError);
    const perCall = await collect(api.catalog.productEvents({ path: { id: "silent" } }, { timeoutMs: 50 })).catch((e: unknown) => e);
    expect(perCall).toBeInstanceOf(client.ApiTimeoutError);
    // The endless stream writes every 5 ms: reading it for 300 ms outlives the 100 ms timeout.
    const started = Date.now();
    let read = 0;
    for await (const event of quick.catalog.productEvents({ path: { id: "endless" } })) {
      expect(event.data.price).toBe(5);
      read++;
      if (Date.now() - started > 300) break;
    }
    expect(read).toBeGreaterThan(5);
  });

  it("resume a broken event stream of a GET after the server's retry, sending Last-Event-ID", async () => {
    const prices = (await collect(api.catalog.productEvents({ path: { id: "flaky" } }))).map((e: any) => e.data.price);
    expect(prices).toEqual([1, 2, 3]);
    expect(seen.lastEventIds).toEqual([undefined, "2"]);
  });

  it("end the connection when the loop is left early, and when the signal aborts", async () => {
    for await (const event of api.catalog.productEvents({ path: { id: "endless" } })) {
      expect(event.data.price).toBe(5);
      break;
    }
    await expect.poll(() => seen.closed.filter((u) => u === "/products/endless/events").length).toBe(1);
    const controller = new AbortController();
    const reading = collect(api.catalog.productEvents({ path: { id: "endless" } }, { signal: controller.signal })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect((await reading as Error).name).toBe("AbortError");
    await expect.poll(() => seen.closed.filter((u) => u === "/products/endless/events").length).toBe(2);
  });

  it("are read with for await in the client package's README example", () => {
    const spec = path.join(DIR, "ticks.yaml");
    writeFileSync(spec, ["openapi: 3.2.0", "info: { title: Ticks, version: 1.0.0 }", "paths:", "  /ticks:", "    get:", "      operationId: watchTicks", "      tags: [ticks]", "      responses:", "        '200':", "          description: ok", "          content:", "            application/jsonl:", "              itemSchema: { type: integer }", ""].join("\n"));
    const result = runCli(["generate", spec, "--out", path.join(DIR, "ticks-package"), "--client-package", "@acme/ticks", "--force", "--no-lint", "--format", "none"]);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(path.join(DIR, "ticks-package", "README.md"), "utf8")).toContain("for await (const item of api.ticks.watchTicks()) console.log(item);");
  });

  it("hold a fast server back while the consumer is slow: the stream is not buffered whole", async () => {
    let read = 0;
    for await (const event of api.catalog.productEvents({ path: { id: "slow" } })) {
      expect(event.data.kind).toBe("rename");
      if (++read === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The server filled what the socket buffers take, then waited for a drain that the slow reader never gave.
    expect(seen.slowBlocked).toBe(true);
    expect(seen.slowBytes).toBeLessThan(32 * 1024 * 1024);
    await expect.poll(() => seen.closed.includes("/products/slow/events")).toBe(true);
  });
});
