/**
 * Shared by the Express, Fastify and Hono adapter tests: copies the runtime as users get it
 * (`runtime/problem-details.ts`, `runtime/server/`, `runtime/<pack>/`) into a scratch folder
 * inside the repo (so zod and the frameworks resolve), boots the hand-written API of
 * fixture-api.ts on a pack, and a raw HTTP client that keeps header order and case.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { copyCoreRuntime } from "../../helpers/core-runtime.js";
import { REPO } from "../../helpers/paths.js";
import { contracts, handlers, routes, securitySchemes, verifiers } from "./fixture-api.js";

export type Pack = "express" | "fastify" | "hono";

/** Copies the runtime folders for `packs` into `<repo>/.tmp/<name>/runtime/` and returns that folder. */
export function prepareRuntime(name: string, packs: Pack[]): string {
  const root = path.join(REPO, ".tmp", name);
  rmSync(root, { recursive: true, force: true });
  const runtime = path.join(root, "runtime");
  mkdirSync(path.join(runtime, "server"), { recursive: true });
  copyCoreRuntime(runtime);
  const serverDir = path.join(REPO, "templates/server/runtime");
  for (const file of readdirSync(serverDir)) if (file.endsWith(".ts")) copyFileSync(path.join(serverDir, file), path.join(runtime, "server", file));
  for (const pack of packs) {
    mkdirSync(path.join(runtime, pack), { recursive: true });
    const packDir = path.join(REPO, `templates/${pack}/runtime`);
    for (const file of readdirSync(packDir)) if (file.endsWith(".ts")) copyFileSync(path.join(packDir, file), path.join(runtime, pack, file));
  }
  return runtime;
}

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
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? ""]);
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
  /** Fastify's own options (Fastify only). */
  fastify?: Record<string, unknown>;
}

/** A Node server the app listens on, once it listens; closing it ends every connection. */
async function running(app: unknown, http: Server): Promise<Running> {
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
  if (pack === "hono") {
    const node = await import(/* @vite-ignore */ pathToFileURL(path.join(runtimeDir, pack, "node.ts")).href);
    // Hono's paths are Express's for these routes (`/items/:p0`).
    const app = adapter.createApp(runtime, routes.map((r) => ({ path: r.express, contract: contracts[r.key], handler: handlers[r.key] })), start.lifecycle);
    const http: Server = node.serveOnNode(app, 0, "127.0.0.1");
    return running(app, http);
  }
  if (pack === "express") {
    const app = adapter.createApp();
    for (const r of routes) app[r.method.toLowerCase()](r.express, adapter.route(runtime, contracts[r.key], handlers[r.key]));
    if (start.lifecycle) adapter.addProbes(app, start.lifecycle);
    adapter.addFallbacks(app, runtime);
    const http: Server = app.listen(0, "127.0.0.1");
    return running(app, http);
  }
  const app = adapter.createApp(runtime, start.fastify ?? {});
  for (const r of routes) app.route({ method: r.method, url: r.fastify, ...adapter.route(runtime, contracts[r.key], handlers[r.key]) });
  if (start.lifecycle) adapter.addProbes(app, start.lifecycle, runtime);
  const address: string = await app.listen({ port: 0, host: "127.0.0.1" });
  // Node's close() waits for connections a client opened but never used (undici opens one after
  // an aborted fetch); the tests are done with every connection, so all of them go.
  const close = async () => {
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  };
  return { base: address, app, http: app.server, close };
}
