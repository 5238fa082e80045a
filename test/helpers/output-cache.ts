/**
 * One generated (and type-checked) output shared by the suites that need the very same one, so
 * each is generated and compiled once per `vitest run` instead of once per suite: e.g. the example
 * spec's server per pack, booted by both the conformance and the response-filter suites.
 *
 * The folder is named by a hash of everything that decides its content: the recipe (name and
 * arguments, and the caller's post-processing described in `recipe`), the input files and folders
 * given, apigen's dist/ and templates/, bin/apigen.js, the installed packages' lock file and the
 * source of this helper and the type-check helper. A changed generator or input therefore never
 * reuses a folder. test/global-setup.ts empties the cache at the start of every run, so nothing
 * built by an earlier run (with other node_modules, say) is ever reused either.
 *
 * `build` fills a fresh folder and asserts on it (generation status, tsc diagnostics); the folder
 * is published (renamed into place, with a `.complete` marker) only when `build` returned. When
 * it throws, nothing is published and the next suite builds (and fails) again. While one worker
 * builds a folder, another that needs it waits for it (a `.lock` folder names the builder's pid).
 * Users must treat the folder as read-only.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, SCRATCH } from "./paths.js";

export const CACHE = path.join(SCRATCH, "cache");

const ALWAYS_HASHED = [
  path.join(REPO, "dist"),
  path.join(REPO, "templates"),
  path.join(REPO, "bin", "apigen.js"),
  path.join(REPO, "package-lock.json"),
  path.join(REPO, "node_modules", ".package-lock.json"),
  path.join(REPO, "test", "helpers", "output-cache.ts"),
  path.join(REPO, "test", "helpers", "typecheck.ts"),
];

function hashInto(hash: ReturnType<typeof createHash>, target: string): void {
  if (!existsSync(target)) {
    hash.update(`missing ${target}\0`);
    return;
  }
  if (statSync(target).isDirectory()) {
    for (const entry of readdirSync(target).sort()) hashInto(hash, path.join(target, entry));
    return;
  }
  hash.update(`${path.relative(REPO, target)}\0`);
  hash.update(readFileSync(target));
  hash.update("\0");
}

/** The cache key of a recipe: a hex digest over the recipe and every input's content. */
export function cacheKey(recipe: string, inputs: string[]): string {
  const hash = createHash("sha256");
  hash.update(`${recipe}\0`);
  for (const input of [...inputs, ...ALWAYS_HASHED]) hashInto(hash, input);
  return hash.digest("hex").slice(0, 20);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder of `name` built by `build(dir)` for this recipe and these inputs: built now, or the
 * one another suite of this run built (waited for while it is being built).
 */
export function sharedOutput(name: string, recipe: string, inputs: string[], build: (dir: string) => void, { waitMs = 240_000 } = {}): string {
  mkdirSync(CACHE, { recursive: true });
  const dir = path.join(CACHE, `${name}-${cacheKey(recipe, inputs)}`);
  const complete = path.join(dir, ".complete");
  const lock = `${dir}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (existsSync(complete)) return dir;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds it: wait, unless the builder is gone (then take its lock over).
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        // The lock was just made (no pid yet) or just removed.
      }
      if (Number.isInteger(owner) && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${name}: still being built by process ${owner} after ${waitMs} ms (${lock})`);
      else sleep(200);
      continue;
    }
    try {
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      if (existsSync(complete)) return dir;
      const building = `${dir}.building-${process.pid}`;
      rmSync(building, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      build(building);
      writeFileSync(path.join(building, ".complete"), `${new Date().toISOString()} ${process.pid}\n`);
      renameSync(building, dir);
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
