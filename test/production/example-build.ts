/**
 * The example Orders API built for one pack the way a user ships it: generated (server and client),
 * the example's handlers in place of the scaffolds, compiled to JavaScript by tsc (TypeScript 7,
 * strict), and started as separate `node dist/main.js` processes, as many as a test needs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, SCRATCH, TSC7 } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { EXAMPLE_IMPLEMENTATION, EXAMPLE_SPEC, NEST_COMPILER_OPTIONS } from "../server/conformance/harness.js";

/** Generates and compiles the example for `pack` under .tmp; returns the folder holding dist/main.js. */
export function buildExample(pack: string, name: string): string {
  const out = path.join(SCRATCH, "production", `${name}-${pack}`);
  rmSync(out, { recursive: true, force: true });
  const generated = runCli(["generate", EXAMPLE_SPEC, "--out", out, "--server", pack, "--client", "--format", "none"]);
  if (generated.status !== 0) throw new Error(`apigen generate failed:\n${generated.stderr}`);
  cpSync(EXAMPLE_IMPLEMENTATION, out, { recursive: true });
  const nest = pack === "nest" ? NEST_COMPILER_OPTIONS : {};
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "dist", skipLibCheck: true, types: ["node"], rootDir: ".", ...nest };
  writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"], exclude: ["dist"] }));
  const compiled = spawnSync(process.execPath, [TSC7, "-p", path.join(out, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8", cwd: REPO });
  if (compiled.status !== 0) throw new Error(`tsc failed:\n${compiled.stdout}${compiled.stderr}`);
  return out;
}

export interface Instance {
  url: string;
  child: ChildProcess;
  /** Everything it printed. */
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `node dist/main.js` of a built example on `port`; resolves once it listens. */
export async function startInstance(dir: string, port: number, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(dir, "dist", "main.js")], { cwd: dir, env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ...env } });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  for (const started = Date.now(); !/Listening on/.test(output); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() - started > 30_000 || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}
