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
import { REPO } from "../../helpers/paths.js";

export const DIR = path.join(REPO, ".tmp", "server-nest-test");

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

/** Lays out runtime/{problem-details.ts,server/,nest/} and the fixture app, with a tsconfig Vite reads for decorators. */
export function prepareFixture(): void {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(path.join(DIR, "runtime"), { recursive: true });
  copyFileSync(path.join(REPO, "templates", "core", "runtime", "problem-details.ts"), path.join(DIR, "runtime", "problem-details.ts"));
  copyTs(path.join(REPO, "templates", "server", "runtime"), path.join(DIR, "runtime", "server"));
  copyTs(path.join(REPO, "templates", "nest", "runtime"), path.join(DIR, "runtime", "nest"));
  copyTs(path.join(REPO, "test", "server", "nest", "fixture"), DIR);
  const config = { compilerOptions: { ...NEST_COMPILER_OPTIONS, outDir: "dist" }, include: ["**/*.ts"], exclude: ["dist"] };
  writeFileSync(path.join(DIR, "tsconfig.json"), JSON.stringify(config, null, 2));
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

/** The fixture on Nest (Express adapter), the way main.ts boots it. */
export async function bootNest(options: Record<string, unknown>, lifecycle?: { ready: boolean }, bodyParser = false): Promise<Booted & { app: any }> {
  const { NestFactory } = await import("@nestjs/core");
  const fixture = await import(path.join(DIR, "app.ts"));
  const contracts = await import(path.join(DIR, "contracts.ts"));
  const module = fixture.ApiModule.forRoot({ handlers: contracts.handlers, verifiers: contracts.verifiers, options, lifecycle });
  const app = await NestFactory.create(module, { bodyParser, logger: false });
  await app.listen(0, "127.0.0.1");
  return { app, url: urlOf(app.getHttpServer()), close: () => app.close() };
}

/** The same operations answered by the runtime's `handle` on a bare Node server: the reference. */
export async function bootReference(options: Record<string, unknown>, lifecycle = { ready: true }): Promise<Booted> {
  const server = await import(path.join(DIR, "runtime", "server", "index.ts"));
  const { send, toRawRequest } = await import(path.join(DIR, "runtime", "nest", "http.ts"));
  const contracts = await import(path.join(DIR, "contracts.ts"));
  const runtime = server.createServerRuntime({ schemes: contracts.securitySchemes, verifiers: contracts.verifiers, contracts: contracts.contracts, options });
  const routes = (contracts.contracts as { path: string; method: string; id: string }[]).map((contract) => ({
    contract,
    pattern: new RegExp(`^${contract.path.replace(/\{([^}]+)\}/g, "(?<$1>[^/]+)")}$`),
  }));
  const http = createServer((req, res) => {
    const url = req.url ?? "/";
    const pathname = url.split("?")[0] as string;
    if (pathname === "/livez" && (req.method === "GET" || req.method === "HEAD")) return send(res, server.probes.livez(req.headers));
    if (pathname === "/readyz" && (req.method === "GET" || req.method === "HEAD")) return send(res, server.probes.readyz(lifecycle, req.headers, "/readyz"));
    for (const { contract, pattern } of routes) {
      const match = pattern.exec(pathname);
      if (!match || (req.method !== contract.method && !(req.method === "HEAD" && contract.method === "GET"))) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(match.groups ?? {})) params[key] = decodeURIComponent(value);
      const raw = toRawRequest(Object.assign(req, { params }), res);
      return void runtime.handle(contract, (contracts.handlers as Record<string, any>)[contract.id], raw).then((response: any) => send(res, response));
    }
    send(res, runtime.unmatched(toRawRequest(req, res)));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: urlOf(http),
    close: () => new Promise((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
}

/** Status, headers (without Date, Connection, Keep-Alive) and body of a response. */
export async function snapshot(response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "date" && name !== "connection" && name !== "keep-alive") headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
