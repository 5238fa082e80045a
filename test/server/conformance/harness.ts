/**
 * The conformance suite's harness: generates the example spec's server for one pack (with the
 * client), puts the example's in-memory implementation in place of the handler scaffolds (what
 * a user does), type-checks the whole output with tsc --strict, and boots it on 127.0.0.1.
 */
import { cpSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { expect } from "vitest";
import { sharedOutput } from "../../helpers/output-cache.js";
import { REPO, SCRATCH } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import { typecheck } from "../../helpers/typecheck.js";

/** The built-in server packs. */
export const ALL_PACKS = ["express", "fastify", "nest", "hono"] as const;
/** A pack: a built-in one's name, or NEW_PACK. */
export type Pack = string;
/** Every built-in pack; APIGEN_PACKS=express,fastify narrows a local run while debugging one pack. */
export const PACKS: readonly Pack[] = narrowed(ALL_PACKS);

/**
 * A pack `apigen pack new` wrote in a temp folder (test/global-setup.ts): the conformance suites
 * run it beside the built-in ones, so a pack made from the starter answers like them, through
 * nothing but the pack API (its folder given to --server, its boot module).
 */
export const NEW_PACK = "new-pack";
export const NEW_PACK_DIR = path.join(SCRATCH, "packs", NEW_PACK);
/** The built-in packs and the new one (APIGEN_PACKS narrows these too). */
export const CONFORMANCE_PACKS: readonly Pack[] = narrowed([...ALL_PACKS, NEW_PACK]);

function narrowed(packs: readonly Pack[]): readonly Pack[] {
  return process.env.APIGEN_PACKS ? packs.filter((p) => process.env.APIGEN_PACKS!.split(",").includes(p)) : packs;
}

/** A pack's folder. */
export function packDir(pack: Pack): string {
  return pack === NEW_PACK ? NEW_PACK_DIR : path.join(REPO, "templates", pack);
}

/** What --server takes for a pack: a built-in one's name, or the folder. */
export function serverArg(pack: Pack): string {
  return pack === NEW_PACK ? NEW_PACK_DIR : pack;
}

/** The one origin the booted servers allow cross-origin calls from. */
export const APP_ORIGIN = "https://app.example";

export const EXAMPLE_SPEC = path.join(REPO, "examples", "orders-api", "openapi.yaml");
export const EXAMPLE_IMPLEMENTATION = path.join(REPO, "examples", "orders-api", "server-impl");

/** Nest's decorators need the legacy decorator transform and metadata. */
export const NEST_COMPILER_OPTIONS = { experimentalDecorators: true, emitDecoratorMetadata: true };

export interface LogEntry {
  level: "error" | "warn";
  message: string;
  details: Record<string, unknown>;
}

/** Switches the suite flips to reach behaviour the example never shows on its own. */
export interface Control {
  /** Delay createOrder by this much (to hold an idempotent request in flight). */
  createOrderDelayMs: number;
  /** Make getHealth answer a body the spec does not allow (response validation). */
  breakHealth: boolean;
}

export interface BootedServer {
  url: string;
  /** The Node HTTP server under the framework (to watch its sockets). */
  server: Server;
  dir: string;
  logs: LogEntry[];
  control: Control;
  /** The generated client module (client.gen.ts) of this output. */
  client: any;
  clientSchemas: any;
  close(): Promise<void>;
}

/**
 * Generates the output for one pack and fills in the example's handlers; returns its folder. The
 * folder is shared (test/helpers/output-cache.ts): the suites that boot the example's servers
 * (conformance, response-filter) use the same one per pack, generated and type-checked once per
 * run. They only read it. No formatting (`--format none`): these suites compile and boot the code;
 * the formatted output is the golden tests' concern.
 */
export function prepareOutput(pack: Pack): string {
  const args = ["generate", EXAMPLE_SPEC, "--out", "<dir>", "--server", serverArg(pack), "--client", "--format", "none"];
  // As strict as a demanding project builds it: unused imports or parameters in generated code fail.
  const strictest = { noUnusedLocals: true, noUnusedParameters: true };
  const options = pack === "nest" ? { ...NEST_COMPILER_OPTIONS, ...strictest } : strictest;
  const recipe = JSON.stringify({ args, copied: "server-impl", typecheck: options });
  return sharedOutput(`example-${pack}`, recipe, [EXAMPLE_SPEC, EXAMPLE_IMPLEMENTATION, packDir(pack)], (dir) => {
    const result = runCli(args.map((a) => (a === "<dir>" ? dir : a)));
    expect(result.status, result.stderr).toBe(0);
    cpSync(EXAMPLE_IMPLEMENTATION, dir, { recursive: true });
    expect(typecheck(dir, ["**/*.ts"], options)).toBe("");
  });
}

/** Boots the generated app of a pack in this process (vitest compiles the TypeScript); `overrides` replace handlers or options. */
export async function boot(pack: Pack, dir: string, overrides: { handlers?: Record<string, unknown>; options?: Record<string, unknown>; lifecycle?: unknown } = {}): Promise<BootedServer> {
  const logs: LogEntry[] = [];
  const control: Control = { createOrderDelayMs: 0, breakHealth: false };
  const { handlers } = await import(path.join(dir, "server", "handlers.gen.ts"));
  const { verifiers } = await import(path.join(dir, "security.ts"));
  // The example's handlers, with the switches above wrapped around two of them (other specs: as generated).
  const testHandlers = !handlers.createOrder
    ? handlers
    : {
        ...handlers,
        async createOrder(request: unknown) {
          if (control.createOrderDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.createOrderDelayMs));
          return handlers.createOrder(request);
        },
        getHealth(request: unknown) {
          return control.breakHealth ? { status: 200, body: { status: "on fire" } } : handlers.getHealth(request);
        },
      };
  const options = {
    // CORS for one origin (the hardening cases): every other case also checks that no CORS header goes to a request without Origin.
    cors: { origins: [APP_ORIGIN], maxAge: 600 },
    logger: {
      error: (message: string, details: Record<string, unknown>) => logs.push({ level: "error", message, details }),
      warn: (message: string, details: Record<string, unknown>) => logs.push({ level: "warn", message, details }),
    },
  };
  // With a lifecycle, as the scaffolded main.ts passes one: /livez and /readyz are served too.
  const { createLifecycle } = await import(path.join(dir, "runtime", "server", "index.ts"));
  const config = { handlers: { ...testHandlers, ...overrides.handlers }, verifiers, options: { ...options, ...overrides.options }, lifecycle: overrides.lifecycle ?? createLifecycle() };
  const listening = await listenPack(pack, dir, config);
  const client = await import(path.join(dir, "client.gen.ts"));
  const clientSchemas = await import(path.join(dir, "client-schemas.gen.ts"));
  return { ...listening, dir, logs, control, client, clientSchemas };
}

/** Boots the output through its pack's boot module (the pack API's `boot`), as a community pack's test would. */
export async function listenPack(pack: Pack, dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const manifest = JSON.parse(readFileSync(path.join(packDir(pack), "manifest.json"), "utf8")) as { boot?: string };
  if (!manifest.boot) throw new Error(`pack ${pack} has no boot module`);
  const { listen: boot } = await import(path.join(packDir(pack), manifest.boot));
  return boot(dir, config);
}

export function urlOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server is not listening on TCP");
  return `http://127.0.0.1:${address.port}`;
}
