/**
 * Shared by the Express and Fastify adapter tests: copies the runtime as users get it
 * (`runtime/problem-details.ts`, `runtime/server/`, `runtime/<pack>/adapter.ts`) into a scratch
 * folder inside the repo (so zod, express and fastify resolve), hand-written contracts with
 * zod schemas, handlers, and a raw HTTP client that keeps header order and case.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { REPO } from "../../helpers/paths.js";

export type Pack = "express" | "fastify";

/** Copies the runtime folders for `packs` into `<repo>/.tmp/<name>/runtime/` and returns that folder. */
export function prepareRuntime(name: string, packs: Pack[]): string {
  const root = path.join(REPO, ".tmp", name);
  rmSync(root, { recursive: true, force: true });
  const runtime = path.join(root, "runtime");
  mkdirSync(path.join(runtime, "server"), { recursive: true });
  copyFileSync(path.join(REPO, "templates/core/runtime/problem-details.ts"), path.join(runtime, "problem-details.ts"));
  const serverDir = path.join(REPO, "templates/server/runtime");
  for (const file of readdirSync(serverDir)) if (file.endsWith(".ts")) copyFileSync(path.join(serverDir, file), path.join(runtime, "server", file));
  for (const pack of packs) {
    mkdirSync(path.join(runtime, pack), { recursive: true });
    copyFileSync(path.join(REPO, `templates/${pack}/runtime/adapter.ts`), path.join(runtime, pack, "adapter.ts"));
  }
  return runtime;
}

/** Minimal shapes of what the tests use from the copied runtime (imported dynamically). */
export interface OperationContract {
  id: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Record<string, z.ZodType | undefined>;
  headerNames: string[];
  body?: { required: boolean; contentTypes: string[]; schemas: Record<string, z.ZodType | undefined> };
  responses: Record<string, { contentTypes: string[]; schema?: z.ZodType; headers?: string[] }>;
  security?: { scheme: string; scopes: string[] }[][];
  deprecated?: { sunset?: string };
}

const problem = { contentTypes: ["application/problem+json"] };
const Item = z.object({ id: z.string(), name: z.string(), qty: z.number().int() });

/** The operations every adapter test serves, written by hand the way contract.gen.ts would. */
export const contracts = {
  createItem: {
    id: "createItem",
    method: "POST",
    path: "/items",
    pathParams: {},
    params: {},
    headerNames: [],
    body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ name: z.string().min(1), qty: z.number().int().default(1) }) } },
    responses: { "201": { contentTypes: ["application/json"], schema: Item, headers: ["Location"] }, default: problem },
    security: [[{ scheme: "bearerAuth", scopes: [] }]],
  },
  getItem: {
    id: "getItem",
    method: "GET",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string().regex(/^[a-z0-9-]+$/) }), query: z.object({ verbose: z.coerce.boolean().optional() }) },
    headerNames: [],
    responses: { "200": { contentTypes: ["application/json"], schema: Item }, default: problem },
    deprecated: { sunset: "Wed, 01 Jul 2026 00:00:00 GMT" },
  },
  headItem: {
    id: "headItem",
    method: "HEAD",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string() }) },
    headerNames: [],
    responses: { "200": { contentTypes: [], headers: ["X-Head"] }, default: problem },
  },
  deleteItem: {
    id: "deleteItem",
    method: "DELETE",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string() }) },
    headerNames: [],
    responses: { "204": { contentTypes: [] }, default: problem },
  },
  echo: {
    id: "echo",
    method: "POST",
    path: "/echo",
    pathParams: {},
    params: {},
    headerNames: [],
    body: { required: false, contentTypes: ["text/plain", "application/octet-stream"], schemas: {} },
    responses: { "200": { contentTypes: ["text/plain"] }, default: problem },
  },
  wait: { id: "wait", method: "GET", path: "/wait", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["text/plain"] }, default: problem } },
  slow: { id: "slow", method: "GET", path: "/slow", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["text/plain"] }, default: problem } },
  badHeader: { id: "badHeader", method: "GET", path: "/bad-header", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["application/json"] }, default: problem } },
  boom: { id: "boom", method: "GET", path: "/boom", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["application/json"] }, default: problem } },
} satisfies Record<string, OperationContract>;

export const securitySchemes = { bearerAuth: { type: "http", scheme: "bearer" } };
export const verifiers = { bearerAuth: (c: { token: string }) => (c.token === "good" ? { principal: { id: "u1" } } : undefined) };

/** What the tests observe from handlers. */
export const seen = { aborted: 0, echoBodies: [] as unknown[] };

type Req = { path: Record<string, string>; query: Record<string, unknown>; body: unknown; principal: unknown; signal: AbortSignal };

export const handlers = {
  createItem: (r: Req) => {
    const body = r.body as { name: string; qty: number };
    return { status: 201, body: { id: "i1", ...body }, headers: { location: "/items/i1" } };
  },
  getItem: (r: Req) => ({ status: 200, body: { id: r.path["item-id"], name: r.query.verbose ? "verbose" : "plain", qty: 1 } }),
  headItem: () => ({ status: 200, headers: { "x-head": "own operation" } }),
  deleteItem: () => ({ status: 204 }),
  echo: (r: Req) => {
    seen.echoBodies.push(r.body);
    const body = r.body === undefined ? "" : Buffer.isBuffer(r.body) ? `bytes:${r.body.length}` : `text:${String(r.body).length}`;
    return { status: 200, body };
  },
  wait: () => new Promise<{ status: number; body: string }>((resolve) => setTimeout(() => resolve({ status: 200, body: "done" }), 300)),
  slow: (r: Req) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      r.signal.addEventListener("abort", () => {
        seen.aborted++;
        resolve({ status: 200, body: "aborted" });
      });
    }),
  badHeader: () => ({ status: 200, body: { ok: true }, headers: { "x-note": "line\r\ninjected: yes" } }),
  boom: () => {
    throw new Error("secret database text");
  },
};

/** The operations in registration order, with each framework's route syntax. */
export const routes = [
  { key: "createItem", method: "POST", express: "/items", fastify: "/items" },
  { key: "getItem", method: "GET", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "headItem", method: "HEAD", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "deleteItem", method: "DELETE", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "echo", method: "POST", express: "/echo", fastify: "/echo" },
  { key: "wait", method: "GET", express: "/wait", fastify: "/wait" },
  { key: "slow", method: "GET", express: "/slow", fastify: "/slow" },
  { key: "badHeader", method: "GET", express: "/bad-header", fastify: "/bad-header" },
  { key: "boom", method: "GET", express: "/boom", fastify: "/boom" },
] as const;

export const quietLogger = { error: () => {}, warn: () => {} };

export interface RawResult {
  status: number;
  /** [name, value] pairs as received, in order. */
  headers: [string, string][];
  body: Buffer;
}

/** One request over node:http (rawHeaders keeps names, order and repeats, which fetch would merge). */
export function rawRequest(base: string, method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // `path` as given, unnormalised (`//x`, `%E0`, `;`): the server must see exactly these bytes.
    const req = httpRequest({ hostname, port, method, headers, agent: false, path: url }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Headers minus what the HTTP server itself decides (Date, Connection, Keep-Alive). */
export function comparable(result: RawResult): { status: number; headers: [string, string][]; body: string } {
  const intrinsic = new Set(["date", "connection", "keep-alive"]);
  return { status: result.status, headers: result.headers.filter(([name]) => !intrinsic.has(name.toLowerCase())), body: result.body.toString("latin1") };
}

export interface Running {
  base: string;
  /** The framework app (Express app or Fastify instance). */
  app: unknown;
  /** Node's HTTP server under it. */
  http: Server;
  close(): Promise<void>;
}

export interface StartOptions {
  lifecycle?: { ready: boolean };
  options?: Record<string, unknown>;
}

/**
 * Boots the hand-written operations on one pack, the way app.gen.ts does, on 127.0.0.1:0.
 * The runtime and adapter are imported from the copied folder, as users get them.
 */
export async function startServer(pack: Pack, runtimeDir: string, start: StartOptions = {}): Promise<Running> {
  const server = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, "server", "index.ts")).href);
  const adapter = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, pack, "adapter.ts")).href);
  const runtime = server.createServerRuntime({
    schemes: securitySchemes,
    verifiers,
    contracts: Object.values(contracts),
    options: { logger: quietLogger, bodyLimit: 1024, validateResponses: true, ...start.options },
  });
  if (pack === "express") {
    const app = adapter.createApp();
    for (const r of routes) app[r.method.toLowerCase()](r.express, adapter.route(runtime, contracts[r.key], handlers[r.key]));
    if (start.lifecycle) adapter.addProbes(app, start.lifecycle);
    adapter.addFallbacks(app, runtime);
    const http: Server = app.listen(0, "127.0.0.1");
    await once(http, "listening");
    const { port } = http.address() as AddressInfo;
    return {
      base: `http://127.0.0.1:${port}`,
      app,
      http,
      close: async () => {
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      },
    };
  }
  const app = adapter.createApp(runtime, {});
  for (const r of routes) app.route({ method: r.method, url: r.fastify, ...adapter.route(runtime, contracts[r.key], handlers[r.key]) });
  if (start.lifecycle) adapter.addProbes(app, start.lifecycle);
  const address: string = await app.listen({ port: 0, host: "127.0.0.1" });
  return { base: address, app, http: app.server, close: () => app.close() };
}
