/**
 * The behaviour both framework adapters must show over real HTTP, run once per pack by
 * express/adapter.test.ts and fastify/adapter.test.ts: bodies, params, responses, errors.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TSC7 } from "../../helpers/paths.js";
import { upload } from "../conformance/unread-body.js";
import { seen } from "./fixture-api.js";
import { type Pack, prepareRuntime, rawRequest, type Running, startServer } from "./harness.js";

const json = { "content-type": "application/json" };
const auth = { authorization: "Bearer good" };

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

export function adapterSuite(pack: Pack): void {
  let server: Running;
  let runtimeDir: string;
  const lifecycle = { ready: true };
  const url = (pathname: string) => `${server.base}${pathname}`;

  beforeAll(async () => {
    runtimeDir = prepareRuntime(`server-${pack}-test`, [pack]);
    server = await startServer(pack, runtimeDir, { lifecycle });
  });
  afterAll(() => server?.close());

  it(`${pack} adapter compiles under tsc --strict as erasable TypeScript (runs under Node's type stripping)`, () => {
    const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noUncheckedIndexedAccess: true, noUnusedLocals: true, erasableSyntaxOnly: true, verbatimModuleSyntax: true, noEmit: true, skipLibCheck: true, types: ["node"] };
    const config = path.join(runtimeDir, "..", "tsconfig.json");
    writeFileSync(config, JSON.stringify({ compilerOptions, include: [`runtime/${pack}/*.ts`] }));
    const tsc = spawnSync(process.execPath, [TSC7, "-p", config, "--pretty", "false"], { encoding: "utf8" });
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe("");
  });

  describe(`${pack} adapter: bodies reach the runtime untouched`, () => {
    it("parses and validates a JSON body in the runtime, after authentication", async () => {
      const created = await fetch(url("/items"), { method: "POST", headers: { ...json, ...auth }, body: '{"name":"pen"}' });
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toBe("/items/i1");
      expect(created.headers.get("content-type")).toBe("application/json");
      expect(await created.json()).toEqual({ id: "i1", name: "pen", qty: 1 });

      const invalid = await fetch(url("/items"), { method: "POST", headers: { ...json, ...auth }, body: '{"name":""}' });
      expect(invalid.status).toBe(400);
      expect((await problemOf(invalid)).errors).toEqual([expect.objectContaining({ pointer: "/body/name" })]);

      const malformed = await fetch(url("/items"), { method: "POST", headers: { ...json, ...auth }, body: "{nope" });
      expect((await problemOf(malformed)).code).toBe("MALFORMED_REQUEST_BODY");
    });

    it("leaves non-JSON bodies to the runtime (text stays text, bytes stay bytes)", async () => {
      const text = await fetch(url("/echo"), { method: "POST", headers: { "content-type": "text/plain" }, body: "héllo" });
      expect(await text.text()).toBe("text:5");
      expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      const bytes = await fetch(url("/echo"), { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([0, 1, 2, 255]) });
      expect(await bytes.text()).toBe("bytes:4");
      const none = await fetch(url("/echo"), { method: "POST" });
      expect(await none.text()).toBe("");
    });

    it("applies the runtime's body limit (413, connection closed), and never reads the body of an unauthenticated call", async () => {
      const big = "x".repeat(5000);
      const tooLarge = await rawRequest(server.base, "POST", "/items", { ...json, ...auth }, JSON.stringify({ name: big }));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers).toContainEqual(["connection", "close"]);
      const anonymous = await fetch(url("/items"), { method: "POST", headers: json, body: JSON.stringify({ name: big }) });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    });

    it("reads the body of an operation without security within the same limit (413 closing the connection, chunked, 415)", async () => {
      const text = { "content-type": "text/plain" };
      const declared = await rawRequest(server.base, "POST", "/echo", text, "x".repeat(2000));
      expect([declared.status, (await problemOf(new Response(new Uint8Array(declared.body), { headers: declared.headers }))).code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
      expect(declared.headers).toContainEqual(["connection", "close"]);
      const chunks = [Buffer.alloc(600, 120), Buffer.alloc(600, 120)];
      const streamed = new ReadableStream({ pull: (controller) => (chunks.length ? controller.enqueue(chunks.shift()) : controller.close()) });
      const overflowing = await fetch(url("/echo"), { method: "POST", headers: text, body: streamed, duplex: "half" } as RequestInit);
      expect(overflowing.status).toBe(413);
      const small = [Buffer.from("he"), Buffer.from("llo")];
      const fits = new ReadableStream({ pull: (controller) => (small.length ? controller.enqueue(small.shift()) : controller.close()) });
      expect(await (await fetch(url("/echo"), { method: "POST", headers: text, body: fits, duplex: "half" } as RequestInit)).text()).toBe("text:5");
      const unsupported = await fetch(url("/echo"), { method: "POST", headers: json, body: "{}" });
      expect((await problemOf(unsupported)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    });

    it("reads chunked bodies (no Content-Length) through the same path", async () => {
      const chunks = [Buffer.from('{"na'), Buffer.from('me":"streamed"}')];
      const body = new ReadableStream({ pull: (controller) => (chunks.length ? controller.enqueue(chunks.shift()) : controller.close()) });
      const init = { method: "POST", headers: { ...json, ...auth }, body, duplex: "half" } as RequestInit;
      const created = await fetch(url("/items"), init);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ name: "streamed" });
    });

    it("has no framework body limit of its own: the runtime's limit decides, even above Fastify's 1 MiB default", async () => {
      const roomy = await startServer(pack, prepareRuntime(`server-${pack}-test-limit`, [pack]), { options: { bodyLimit: 3 * 1024 * 1024 } });
      try {
        const big = Buffer.alloc(2 * 1024 * 1024, 7);
        const echoed = await fetch(`${roomy.base}/echo`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: big });
        expect(await echoed.text()).toBe(`bytes:${big.length}`);
      } finally {
        await roomy.close();
      }
    });

    it("does not read a body the operation cannot take (415 before the body; Fastify reads other bodies of open operations early)", async () => {
      const roomy = await startServer(pack, prepareRuntime(`server-${pack}-test-415`, [pack]), { options: { bodyLimit: 3 * 1024 * 1024 } });
      try {
        const outcome = await upload(roomy.http, roomy.base, { method: "POST", path: "/echo", headers: { "content-type": "application/json" }, declared: 2 * 1024 * 1024, send: 2 * 1024 * 1024 });
        expect(outcome.status).toBe(415);
        expect(outcome.headers["connection"]).toBe("close");
        expect(outcome.serverRead).toBeLessThan(512 * 1024);
      } finally {
        await roomy.close();
      }
    });

    it("gives 415 from the runtime for an undeclared or malformed content type, only once authenticated", async () => {
      const xml = await fetch(url("/items"), { method: "POST", headers: { "content-type": "application/xml", ...auth }, body: "<a/>" });
      expect((await problemOf(xml)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
      const malformed = await fetch(url("/items"), { method: "POST", headers: { "content-type": "nonsense", ...auth }, body: "{}" });
      expect(malformed.status).toBe(415);
      const anonymous = await fetch(url("/items"), { method: "POST", headers: { "content-type": "nonsense" }, body: "{}" });
      expect(anonymous.status).toBe(401);
    });
  });

  describe(`${pack} adapter: routes, params and responses`, () => {
    it("hands decoded route params (keyed by route key) and the query to the runtime", async () => {
      const found = await fetch(url("/items/a-b%2D1?verbose=1"));
      expect(await found.json()).toEqual({ id: "a-b-1", name: "verbose", qty: 1 });
      expect(found.headers.get("deprecation")).toBeTruthy();
      expect(found.headers.get("sunset")).toBe("Wed, 01 Jul 2026 00:00:00 GMT");
      const bad = await fetch(url("/items/NOT_VALID"));
      expect((await problemOf(bad)).errors).toEqual([expect.objectContaining({ pointer: "/path/item-id" })]);
    });

    it("accepts path parameters longer than Fastify's default limit", async () => {
      const id = "a".repeat(500);
      const found = await fetch(url(`/items/${id}`));
      expect(found.status).toBe(200);
      expect(((await found.json()) as { id: string }).id).toBe(id);
    });

    it("sends HEAD to the spec's HEAD operation where the path declares one, even after its GET", async () => {
      const head = await rawRequest(server.base, "HEAD", "/items/abc");
      expect(head.status).toBe(200);
      expect(head.headers).toContainEqual(["x-head", "own operation"]);
    });

    it("writes 204 without body, content type or length, and HEAD like GET without body on /readyz", async () => {
      const deleted = await rawRequest(server.base, "DELETE", "/items/i1");
      expect(deleted.status).toBe(204);
      expect(deleted.body.length).toBe(0);
      expect(deleted.headers.map(([n]) => n.toLowerCase())).not.toContain("content-type");
      expect(deleted.headers.map(([n]) => n.toLowerCase())).not.toContain("content-length");
      const get = await rawRequest(server.base, "GET", "/readyz");
      const head = await rawRequest(server.base, "HEAD", "/readyz");
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers).toContainEqual(["content-length", String(get.body.length)]);
    });

    it("answers a throwing handler with a 500 problem that leaks nothing", async () => {
      const failed = await fetch(url("/boom"), { headers: { "x-request-id": "req-boom" } });
      expect(failed.status).toBe(500);
      const body = await problemOf(failed);
      expect(body.request_id).toBe("req-boom");
      expect(JSON.stringify(body)).not.toContain("secret");
    });

    it("answers a result Node cannot write (a header value with CR LF) with a 500 problem, never a split header", async () => {
      const failed = await rawRequest(server.base, "GET", "/bad-header");
      expect(failed.status).toBe(500);
      expect(failed.headers.map(([name]) => name.toLowerCase())).not.toContain("injected");
      expect(JSON.parse(failed.body.toString())).toMatchObject({ status: 500, code: "INTERNAL_ERROR" });
    });

    it("aborts the handler's signal when the client goes away", async () => {
      const before = seen.aborted;
      const controller = new AbortController();
      const pending = fetch(url("/slow"), { signal: controller.signal }).catch(() => "aborted");
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      expect(await pending).toBe("aborted");
      await expect.poll(() => seen.aborted).toBe(before + 1);
    });
  });
}
