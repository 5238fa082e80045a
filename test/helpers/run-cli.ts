import { spawnSync } from "node:child_process";
import { BIN, REPO } from "./paths.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real apigen binary (the built dist/), as a user would. */
export function runCli(args: string[], options: { input?: string; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, input: options.input, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
