/**
 * The Nest pack on the example spec, as a user gets it: generated with --server nest, compiled
 * by tsc 5.9 under --strict with decorators (the tsconfig the README documents), the compiled
 * main.js booted and shut down with SIGTERM; and the generated module in process, answering
 * like the runtime's own `handle` over the generated contracts.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCheckedViews } from "../../../scripts/checked-views.mjs";
import { REPO } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import { type Booted, bootNestModule, bootReference, NEST_COMPILER_OPTIONS, sameAnswer } from "./harness.js";

const OUT = path.join(REPO, ".tmp", "server-nest-gen");
const TSC5 = path.join(REPO, "node_modules", "typescript", "bin", "tsc");

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", path.join(REPO, "examples", "orders-api", "openapi.yaml"), "--out", OUT, "--server", "nest"]);
  expect(result.status, result.stderr).toBe(0);
  // The @ts-nocheck files compile checked too.
  writeCheckedViews(OUT);
  // Also what Vite reads to compile the decorators when the test imports the generated module.
  const config = { compilerOptions: { ...NEST_COMPILER_OPTIONS, outDir: "dist" }, include: ["**/*.ts"], exclude: ["dist"] };
  writeFileSync(path.join(OUT, "tsconfig.json"), JSON.stringify(config, null, 2));
});

/** Waits for the server's "Listening on <url>" line. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no "Listening on" line:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on http:\/\/\S+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe("generated Nest server, compiled", () => {
  it("compiles under tsc --strict with experimentalDecorators and emitDecoratorMetadata", () => {
    const result = spawnSync(process.execPath, [TSC5, "-p", path.join(OUT, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
  });

  it("boots from the compiled JS, answers through the runtime, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(OUT, "dist", "main.js")], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await listening(child);
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const stub = await fetch(`${url}/health`);
      expect(stub.status).toBe(501);
      expect(await stub.json()).toMatchObject({ code: "NOT_IMPLEMENTED", instance: "/health" });
      const unauthenticated = await fetch(`${url}/orders`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get("www-authenticate")).toContain("Bearer");
      expect((await fetch(`${url}/orders`, { method: "PUT" })).headers.get("allow")).toBe("GET, HEAD, POST");
      expect((await fetch(`${url}/nope`)).status).toBe(404);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("generated Nest module in process, equal to the runtime's handle", () => {
  let nest: Booted;
  let reference: Booted;
  const ORDER_ID = "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d";
  const BEARER = { authorization: "Bearer t" };
  const HEALTH = { status: "ok", version: "1.0.0", time: "2026-01-01T00:00:00Z" };

  beforeAll(async () => {
    const { ApiModule } = await import(path.join(OUT, "nest", "api.module.gen.ts"));
    const { handlers: stubs } = await import(path.join(OUT, "server", "handlers.gen.ts"));
    const contract = await import(path.join(OUT, "server", "contract.gen.ts"));
    const handlers = { ...stubs, getHealth: async () => ({ status: 200, body: HEALTH }) };
    const verifiers = { bearerAuth: ({ token }: { token: string }) => (token === "t" ? { principal: { id: "u" }, scopes: [] } : undefined) };
    const options = { validateResponses: true, bodyLimit: 4096, logger: { error() {}, warn() {} } };
    nest = await bootNestModule(ApiModule.forRoot({ handlers, verifiers, options }));
    reference = await bootReference({ root: OUT, contracts: contract.contracts, schemes: contract.securitySchemes, handlers, verifiers, options });
  });

  afterAll(async () => {
    await nest?.close();
    await reference?.close();
  });

  const both = (path: string, init: RequestInit = {}) => sameAnswer(nest, reference, path, init);

  it("valid, unauthenticated, invalid and unimplemented calls", async () => {
    expect((await both("/health")).json).toEqual(HEALTH);
    expect((await both("/orders")).status).toBe(401);
    expect((await both("/orders", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const invalid = await both("/orders?limit=abc&status=nope", { headers: BEARER });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/query/limit", "/query/status"]);
    expect((await both("/orders?limit=5", { headers: BEARER })).status).toBe(501);
    expect((await both("/orders/not-a-uuid", { headers: BEARER })).status).toBe(400);
    expect((await both(`/orders/${ORDER_ID}/invoice`, { headers: BEARER })).status).toBe(501);
  });

  it("bodies: malformed JSON, wrong content type, oversized, invalid fields", async () => {
    const post = (body: string, type = "application/json") => both("/orders", { method: "POST", headers: { ...BEARER, "content-type": type }, body });
    expect((await post("{")).json.code).toBe("MALFORMED_REQUEST_BODY");
    expect((await post("<a/>", "application/xml")).status).toBe(415);
    expect((await post(JSON.stringify({ note: "x".repeat(5000) }))).status).toBe(413);
    const invalid = await post(JSON.stringify({ items: "none" }));
    expect(invalid.status).toBe(400);
    expect(invalid.json.code).toBe("VALIDATION_ERROR");
  });

  it("unknown routes and methods, probes", async () => {
    expect((await both("/nope")).status).toBe(404);
    expect((await both(`/orders/${ORDER_ID}`, { method: "PUT" })).headers.allow).toBe("DELETE, GET, HEAD, PATCH");
    expect((await both("/livez")).status).toBe(200);
  });
});

describe("generated Nest server for hostile names", () => {
  const HOSTILE = path.join(REPO, ".tmp", "server-nest-hostile");
  const spec = `openapi: 3.1.0
info: { title: "Hostile */ title", version: "1" }
paths:
  /a/{id}:
    get:
      operationId: constructor
      tags: ["probes"]
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: ok } }
  /b:
    trace:
      operationId: handlers
      tags: ["Security Scheme"]
      security: [{ "security-scheme": [] }]
      responses: { "204": { description: ok } }
components:
  securitySchemes:
    security-scheme: { type: http, scheme: basic }
`;

  it("compiles (names clear of the pack's own: ProbesController, SecuritySchemeGuard, constructor) and serves an @All (TRACE) route", async () => {
    rmSync(HOSTILE, { recursive: true, force: true });
    mkdirSync(HOSTILE, { recursive: true });
    writeFileSync(path.join(HOSTILE, "spec.yaml"), spec);
    const out = path.join(HOSTILE, "out");
    const result = runCli(["generate", path.join(HOSTILE, "spec.yaml"), "--out", out, "--server", "nest"]);
    expect(result.status, result.stderr).toBe(0);
    writeCheckedViews(out);
    writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...NEST_COMPILER_OPTIONS, noEmit: true }, include: ["**/*.ts"] }));
    const tsc = spawnSync(process.execPath, [TSC5, "-p", path.join(out, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe("");
    const { ApiModule } = await import(path.join(out, "nest", "api.module.gen.ts"));
    const { handlers } = await import(path.join(out, "server", "handlers.gen.ts"));
    const { verifiers } = await import(path.join(out, "security.ts"));
    const server = await bootNestModule(ApiModule.forRoot({ handlers, verifiers, options: { logger: { error() {}, warn() {} } } }));
    try {
      expect((await fetch(`${server.url}/a/1`)).status).toBe(501);
      // fetch refuses TRACE; node:http sends it.
      const trace = await new Promise<IncomingMessage>((resolve, reject) => request(`${server.url}/b`, { method: "TRACE" }, resolve).on("error", reject).end());
      trace.resume();
      expect(trace.statusCode).toBe(401);
      expect(trace.headers["www-authenticate"]).toBe('Basic realm="api"');
      const get = await fetch(`${server.url}/b`);
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("TRACE");
      expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
