/**
 * Test scaffolding for the Nest pack: copies the runtimes and the hand-built fixture into
 * .tmp/server-nest-test/ (inside the repo, so ESM resolves @nestjs and zod), boots the fixture
 * on Nest, and boots a reference server that answers through the runtime's `handle`, so every
 * answer of the Nest pack can be compared with the runtime's own.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "vitest";
import { copyCoreRuntime } from "../../helpers/core-runtime.js";
import { REPO } from "../../helpers/paths.js";

/** Scratch root; each test file gets its own folder, as vitest runs files in parallel. */
export const ROOT = path.join(REPO, ".tmp", "server-nest-test");

/** The tsconfig the generated Nest code needs: strict, with legacy decorators and their metadata. */
export const NEST_COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  skipLibCheck: true,
  types: ["node"],
};

function copyTs(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) if (file.endsWith(".ts")) copyFileSync(path.join(from, file), path.join(to, file));
}

/**
 * Lays out `<ROOT>/<suite>/runtime/{problem-details.ts,server/,nest/}` and the fixture app, with
 * a tsconfig Vite reads for the decorators. Returns the folder.
 */
export function prepareFixture(suite: string): string {
  const DIR = path.join(ROOT, suite);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(path.join(DIR, "runtime"), { recursive: true });
  copyCoreRuntime(path.join(DIR, "runtime"));
  copyTs(path.join(REPO, "templates", "server", "runtime"), path.join(DIR, "runtime", "server"));
  copyTs(path.join(REPO, "templates", "nest", "runtime"), path.join(DIR, "runtime", "nest"));
  copyTs(path.join(REPO, "test", "server", "nest", "fixture"), DIR);
  const config = { compilerOptions: { ...NEST_COMPILER_OPTIONS, outDir: "dist" }, include: ["**/*.ts"], exclude: ["dist"] };
  writeFileSync(path.join(DIR, "tsconfig.json"), JSON.stringify(config, null, 2));
  return DIR;
}

export interface Booted {
  url: string;
  close(): Promise<void>;
}

export interface Logged {
  level: "error" | "warn";
  message: string;
  details: Record<string, unknown>;
}

/** A logger that keeps what the runtime logs. */
export function memoryLogger(into: Logged[]) {
  return {
    error: (message: string, details: Record<string, unknown>) => void into.push({ level: "error", message, details }),
    warn: (message: string, details: Record<string, unknown>) => void into.push({ level: "warn", message, details }),
  };
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A Nest app of an ApiModule.forRoot(...) result, booted the way main.ts boots it, on 127.0.0.1. */
export async function bootNestModule(module: unknown, bodyParser = false): Promise<Booted & { app: any }> {
  const { NestFactory } = await import("@nestjs/core");
  const app = await NestFactory.create(module as never, { bodyParser, logger: false });
  await app.listen(0, "127.0.0.1");
  return { app, url: urlOf(app.getHttpServer()), close: () => app.close() };
}

/** The fixture in DIR on Nest (Express adapter). */
export async function bootNest(DIR: string, options: Record<string, unknown>, lifecycle?: { ready: boolean }, bodyParser = false): Promise<Booted & { app: any }> {
  const fixture = await import(path.join(DIR, "app.ts"));
  const contracts = await import(path.join(DIR, "contracts.ts"));
  return bootNestModule(fixture.ApiModule.forRoot({ handlers: contracts.handlers, verifiers: contracts.verifiers, options, lifecycle }), bodyParser);
}

export interface ReferenceConfig {
  /** Folder holding runtime/server/ and runtime/nest/ (for the writer, shared with the packs). */
  root: string;
  contracts: { id: string; method: string; path: string }[];
  schemes: Record<string, unknown>;
  handlers: Record<string, any>;
  verifiers: Record<string, unknown>;
  options: Record<string, unknown>;
  lifecycle?: { ready: boolean };
}

/** The same operations answered by the runtime's `handle` on a bare Node server: the reference. */
export async function bootReference(config: ReferenceConfig): Promise<Booted> {
  const server = await import(path.join(config.root, "runtime", "server", "index.ts"));
  const { send, toRawRequest } = await import(path.join(config.root, "runtime", "nest", "http.ts"));
  const lifecycle = config.lifecycle ?? { ready: true };
  const runtime = server.createServerRuntime({ schemes: config.schemes, verifiers: config.verifiers, contracts: config.contracts, options: config.options });
  const routes = config.contracts.map((contract) => ({
    contract,
    keys: [...contract.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
    pattern: new RegExp(`^${contract.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
  }));
  const http = createServer((req, res) => {
    const url = req.url ?? "/";
    const pathname = url.split("?")[0] as string;
    if (pathname === "/livez" && (req.method === "GET" || req.method === "HEAD")) return send(res, server.probes.livez(req.headers));
    if (pathname === "/readyz" && (req.method === "GET" || req.method === "HEAD")) return send(res, server.probes.readyz(lifecycle, req.headers, "/readyz"));
    for (const { contract, keys, pattern } of routes) {
      const match = pattern.exec(pathname);
      if (!match || (req.method !== contract.method && !(req.method === "HEAD" && contract.method === "GET"))) continue;
      // Route keys as the contract maps them (pathParams: route key -> spec name).
      const byName = Object.fromEntries(keys.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)]));
      const pathParams = (contract as { pathParams?: Record<string, string> }).pathParams ?? {};
      const params = Object.fromEntries(Object.entries(pathParams).map(([key, name]) => [key, byName[name]]));
      const raw = toRawRequest(Object.assign(req, { params }), res);
      return void Promise.resolve(runtime.handle(contract, config.handlers[contract.id], raw)).then((response: any) => send(res, response));
    }
    send(res, runtime.unmatched(toRawRequest(req, res)));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: urlOf(http),
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** The reference server of the fixture in DIR. */
export async function bootFixtureReference(DIR: string, options: Record<string, unknown>): Promise<Booted> {
  const fixture = await import(path.join(DIR, "contracts.ts"));
  return bootReference({ root: DIR, contracts: fixture.contracts, schemes: fixture.securitySchemes, handlers: fixture.handlers, verifiers: fixture.verifiers, options });
}

/** Sends the same request to two servers; expects equal answers and returns the first's, with the JSON body parsed. */
export async function sameAnswer(first: Booted, second: Booted, path: string, init: RequestInit = {}) {
  const headers = { "x-request-id": "req-1", ...(init.headers as Record<string, string>) };
  const a = await snapshot(await fetch(first.url + path, { ...init, headers }));
  const b = await snapshot(await fetch(second.url + path, { ...init, headers }));
  expect(a).toEqual(b);
  return { ...a, json: a.body && a.headers["content-type"]?.includes("json") ? JSON.parse(a.body) : undefined };
}

/** Status, headers (without Date, Connection, Keep-Alive) and body of a response. */
export async function snapshot(response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "date" && name !== "connection" && name !== "keep-alive") headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
