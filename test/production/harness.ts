/**
 * Generated servers run the way production runs them: generated from a spec for one pack, the
 * spec's implementation copied over the handler scaffolds, compiled once with tsc, and started
 * as separate processes of the scaffolded main.ts (PORT, REDIS_URL and the rest from the
 * environment), so several instances can share one Redis and be killed for real. For the
 * multi-instance idempotency suite here, and for any other suite that needs instances (graceful
 * shutdown under load, rate limits).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "vitest";
import { sharedOutput } from "../helpers/output-cache.js";
import { REPO, TSC7 } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { NEST_COMPILER_OPTIONS, packDir, type Pack, serverArg } from "../server/conformance/harness.js";

/** The small spec of this folder: one idempotent POST whose handler counts its executions and can be held running. */
export const PAYMENTS_SPEC = path.join(REPO, "test", "production", "fixture", "openapi.yaml");
export const PAYMENTS_IMPLEMENTATION = path.join(REPO, "test", "production", "fixture", "server-impl");

/** The HTTP ports these suites may use. */
export const HTTP_PORTS = { first: 41_000, last: 41_999 };

/**
 * The compiled server of `spec` on `pack` (its folder; `dist/main.js` starts it), built once per
 * test run and shared by the suites that ask for the same one (test/helpers/output-cache.ts).
 */
export function buildServer(pack: Pack, spec = PAYMENTS_SPEC, implementation = PAYMENTS_IMPLEMENTATION): string {
  const args = ["generate", spec, "--out", "<dir>", "--server", serverArg(pack), "--format", "none", "--no-lint"];
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "dist", skipLibCheck: true, types: ["node"], ...(pack === "nest" ? NEST_COMPILER_OPTIONS : {}) };
  const recipe = JSON.stringify({ args, compilerOptions });
  return sharedOutput(`production-${pack}`, recipe, [spec, implementation, packDir(pack)], (dir) => {
    const generated = runCli(args.map((a) => (a === "<dir>" ? dir : a)));
    expect(generated.status, generated.stderr).toBe(0);
    cpSync(implementation, dir, { recursive: true });
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"], exclude: ["dist"] }));
    const compiled = spawnSync(process.execPath, [TSC7, "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    expect(`${compiled.stdout}${compiled.stderr}`.trim()).toBe("");
  });
}

/** A port of HTTP_PORTS nothing listens on now (tried from a random start, so parallel suites rarely collide). */
export async function freePort(): Promise<number> {
  const count = HTTP_PORTS.last - HTTP_PORTS.first + 1;
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = HTTP_PORTS.first + ((start + i) % count);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`No free port in ${HTTP_PORTS.first}-${HTTP_PORTS.last}.`);
}

export interface Instance {
  url: string;
  port: number;
  pid: number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `dist/main.js` of a built server on a free port; resolves once it listens. */
export async function startInstance(dir: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, "dist", "main.js")], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  let output = "";
  child.stdout!.on("data", (data) => (output += data));
  child.stderr!.on("data", (data) => (output += data));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    process.off("exit", reap);
    resolve(code);
  }));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/Listening on/.test(output)) resolve();
      else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`the server exited before listening:\n${output}`));
      else setTimeout(check, 20);
    };
    check();
  });
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid!, output: () => output, exited, kill: (signal = "SIGTERM") => void child.kill(signal) };
}

/** Stops instances: SIGKILL (these suites test no shutdown) and waits until they are gone. */
export async function stopInstances(instances: readonly (Instance | undefined)[]): Promise<void> {
  await Promise.all(instances.map(async (instance) => {
    if (!instance) return;
    instance.kill("SIGKILL");
    await instance.exited;
  }));
}
