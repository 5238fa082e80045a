/**
 * The oracle's servers: a spec's output generated for each pack (with the client), handlers
 * that record what they parsed (by request id, in this process) and answer the operation's
 * first declared 2xx response, verifiers that accept the oracle's credentials with every
 * scope, all type-checked with tsc --strict, then booted on 127.0.0.1 with response
 * validation off.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { ALL_PACKS, type Pack, listenPack } from "../server/conformance/harness.js";

export interface Seen {
  operationId: string;
  path: unknown;
  query: unknown;
  headers: unknown;
  cookies: unknown;
  body: unknown;
}

export interface OracleServer {
  pack: Pack;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export interface OracleOutput {
  root: string;
  packs: Pack[];
  /** What each handler saw, by request id (all packs share it: request ids are unique). */
  seen: Map<string, Seen>;
  servers: OracleServer[];
  /** The generated client module of the first pack's output. */
  client: any;
  /** Contracts of the output: generated operation name by `METHOD path`. */
  operationNames: Map<string, string>;
  close(): Promise<void>;
}

/** The handlers and verifiers file written into each output (compiled with it, under --strict). */
function echoModule(contractSource: string): string {
  const secured = contractSource.includes("export interface SecurityVerifiers");
  return `// Written by the round-trip oracle (test/oracle/servers.ts): echo handlers and allow-all verifiers.
import { contracts${secured ? ", securitySchemes" : ""}, type Handlers${secured ? ", type SecurityVerifiers" : ""} } from "./server/contract.gen.js";
import type { HandlerContextBase, HandlerResponse } from "./runtime/server/types.js";

export interface OraclePrincipal {
  id: string;
}

export interface Seen {
  operationId: string;
  path: unknown;
  query: unknown;
  headers: unknown;
  cookies: unknown;
  body: unknown;
}

type AnyRequest = HandlerContextBase<unknown> & { path: unknown; query: unknown; headers: unknown; cookies: unknown; body: unknown };

/** Every operation's handler: records what it got, answers \`reply(operationId)\`. */
export function echoHandlers(record: (requestId: string, seen: Seen) => void, reply: (operationId: string) => HandlerResponse): Handlers<OraclePrincipal> {
  const handlers: Record<string, (request: AnyRequest) => HandlerResponse> = {};
  for (const contract of contracts) {
    handlers[contract.id] = (request) => {
      record(request.requestId, { operationId: contract.id, path: request.path, query: request.query, headers: request.headers, cookies: request.cookies, body: request.body });
      return reply(contract.id);
    };
  }
  return handlers as unknown as Handlers<OraclePrincipal>;
}

${
  secured
    ? `/** Accepts the oracle's credentials (bearer \`oracle-token\`, key \`oracle-key\`, basic oracle:secret) with every scope. */
export function allowAll(scopes: readonly string[]): SecurityVerifiers<OraclePrincipal> {
  const verifiers: Record<string, (credentials: { type: string; token?: string; key?: string; username?: string; password?: string }) => { principal: OraclePrincipal; scopes: readonly string[] } | undefined> = {};
  for (const name of Object.keys(securitySchemes)) {
    verifiers[name] = (c) => {
      const ok = c.token !== undefined || c.key === "oracle-key" || (c.username === "oracle" && c.password === "secret");
      return ok ? { principal: { id: "oracle" }, scopes } : undefined;
    };
  }
  return verifiers as unknown as SecurityVerifiers<OraclePrincipal>;
}`
    : `export function allowAll(_scopes: readonly string[]): Record<string, never> {
  return {};
}`
}
`;
}

/**
 * Generates the spec's output for every pack into `<root>/<pack>/`, writes the echo module,
 * type-checks everything in one tsc --strict run, boots every pack. `reply` decides what each
 * handler answers.
 */
export async function startOracleServers(specFile: string, root: string, options: { packs?: readonly Pack[]; scopes: string[]; reply: (operationId: string) => { status: number; body?: unknown; contentType?: string }; extraArgs?: string[] }): Promise<OracleOutput> {
  const packs = [...(options.packs ?? ALL_PACKS)];
  rmSync(root, { recursive: true, force: true });
  for (const pack of packs) {
    const dir = path.join(root, pack);
    const result = runCli(["generate", specFile, "--out", dir, "--server", pack, "--client", "--format", "none", "--no-lint", ...(options.extraArgs ?? [])]);
    if (result.status !== 0) throw new Error(`apigen generate ${specFile} --server ${pack} failed:\n${result.stderr}`);
    writeFileSync(path.join(dir, "oracle-echo.ts"), echoModule(readFileSync(path.join(dir, "server", "contract.gen.ts"), "utf8")));
  }
  const diagnostics = typecheck(root, ["**/*.ts"], { experimentalDecorators: true, emitDecoratorMetadata: true });
  if (diagnostics) throw new Error(`tsc --strict on the oracle's output:\n${diagnostics.slice(0, 4000)}`);
  const seen = new Map<string, Seen>();
  const servers: OracleServer[] = [];
  let client: any;
  let operationNames = new Map<string, string>();
  try {
    for (const pack of packs) {
      const dir = path.join(root, pack);
      const echo = await import(path.join(dir, "oracle-echo.ts"));
      const handlers = echo.echoHandlers((id: string, s: Seen) => seen.set(id, s), options.reply);
      const config = { handlers, verifiers: echo.allowAll(options.scopes), options: { validateResponses: false, logger: { error() {}, warn() {} } } };
      servers.push({ pack, dir, ...(await listen(pack, dir, config)) });
      if (!client) {
        client = await import(path.join(dir, "client.gen.ts"));
        const { contracts } = await import(path.join(dir, "server", "contract.gen.ts"));
        operationNames = new Map(contracts.map((c: { id: string; method: string; path: string }) => [`${c.method} ${c.path}`, c.id]));
      }
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    throw e;
  }
  return { root, packs, seen, servers, client, operationNames, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}

function listen(pack: Pack, dir: string, config: object): Promise<{ url: string; close(): Promise<void> }> {
  return listenPack(pack, dir, config);
}
