/**
 * A real crash: a child node process writing a 10 MB output (220 files of 50 KB) is SIGKILLed at
 * every phase boundary (made deterministic by pausing the child there) and at random moments;
 * after recoverOutput the folder holds exactly the old output or exactly the new one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../src/emit/render.js";
import { recoverOutput, type ApplyPhase } from "../../src/write/apply-output.js";
import { REPO } from "../helpers/paths.js";
import { readTree, run, scratch } from "./helpers.js";
// @ts-expect-error: a plain .mjs module shared with the child process, no type declarations
import { META, newSet, oldSet } from "./kill-fixture.mjs";

const CHILD = path.join(REPO, "test", "write", "kill-child.mjs");
const PRE_COMMIT: ApplyPhase[] = ["staged-half", "staged"];
const POST_COMMIT: ApplyPhase[] = ["committed", "renamed-half", "renamed", "removed", "manifest-written", "journal-removed"];

let oldTree: Record<string, string>;
let newTree: Record<string, string>;

function classify(tree: Record<string, string>): "old" | "new" | "mixed" {
  const same = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).join("\n") === Object.keys(b).join("\n") && Object.keys(a).every((k) => a[k] === b[k]);
  return same(tree, oldTree) ? "old" : same(tree, newTree) ? "new" : "mixed";
}

/** Starts the child and resolves once it prints `line` (rejects if it exits first). */
function startChild(out: string, line: string, env: Record<string, string> = {}, mode?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CHILD, out, ...(mode ? [mode] : [])], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d;
      if (stdout.split("\n").includes(line)) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`child exited (${code}) before "${line}": ${stdout}${stderr}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** A folder holding the old output, as a finished earlier run left it. */
async function oldOutput(name: string): Promise<string> {
  const out = scratch(name);
  await run(out, oldSet() as GeneratedFile[], false, META);
  return out;
}

describe("a write killed with SIGKILL", () => {
  beforeAll(async () => {
    // The child imports dist/, which test/global-setup.ts builds before any test runs. Building it
    // here again would rewrite dist/ under the suites that run the CLI at the same time.
    expect(existsSync(path.join(REPO, "dist", "write", "apply-output.js"))).toBe(true);
    oldTree = readTree(await oldOutput("kill-ref-old"));
    const out = await oldOutput("kill-ref-new");
    await run(out, newSet() as GeneratedFile[], false, META);
    newTree = readTree(out);
    expect(classify(newTree)).toBe("new");
    expect(newTree["custom.ts"]).toBe("// yours\n");
  });

  const cases = [...PRE_COMMIT.map((phase) => ({ phase, expected: "old" })), ...POST_COMMIT.map((phase) => ({ phase, expected: "new" }))];
  it.each(cases)("at $phase: recovers to the $expected output", async ({ phase, expected }) => {
    const out = await oldOutput(`kill-${phase}`);
    const child = await startChild(out, `PAUSED ${phase}`, { APIGEN_KILL_PAUSE_AT: phase });
    await kill(child);
    // Mid-rename the folder really is a mix: what recovery is for.
    if (phase === "renamed-half") expect(classify(readTree(out))).toBe("mixed");
    expect(await recoverOutput(out)).toBe(PRE_COMMIT.includes(phase) || phase === "journal-removed" ? "rolled-back" : "rolled-forward");
    expect(classify(readTree(out))).toBe(expected);
  });

  it("at random moments, and while recovering, it is always all old or all new", async () => {
    // How long an unkilled write takes here, to spread the random kills over it.
    const timed = await oldOutput("kill-timed");
    const started = await startChild(timed, "START");
    const t0 = performance.now();
    await new Promise((resolve) => started.once("exit", resolve));
    const duration = performance.now() - t0;
    expect(classify(readTree(timed))).toBe("new");

    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const delay = Math.random() * duration * 1.2;
      const out = await oldOutput(`kill-random-${i}`);
      const child = await startChild(out, "START");
      await new Promise((resolve) => setTimeout(resolve, delay));
      await kill(child);
      // Kill a recovery too, at random, when there is a journal to finish.
      if (existsSync(path.join(out, ".apigen", "commit.json"))) {
        const recovering = await startChild(out, "START", {}, "recover");
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
        await kill(recovering);
      }
      await recoverOutput(out);
      const outcome = classify(readTree(out));
      outcomes.push(`${delay.toFixed(1)}ms→${outcome}`);
      expect(outcome, `killed after ${delay.toFixed(1)} ms of a ${duration.toFixed(1)} ms write`).not.toBe("mixed");
    }
    console.log(`random kills (write takes ${duration.toFixed(0)} ms): ${outcomes.join(", ")}`);
  });
});
