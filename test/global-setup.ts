/**
 * Runs once before a `vitest run`: builds dist/ (so a targeted run never tests stale code: the
 * CLI tests run the built binary), empties the shared-output cache (test/helpers/output-cache.ts)
 * so every run builds and checks its shared outputs afresh, and writes a new pack with `apigen
 * pack new` for the conformance suites (test/server/conformance/harness.ts, NEW_PACK).
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { CACHE } from "./helpers/output-cache.js";
import { BIN, REPO } from "./helpers/paths.js";
import { NEW_PACK, NEW_PACK_DIR } from "./server/conformance/harness.js";

export default function setup(): void {
  execFileSync(process.execPath, [path.join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(REPO, "tsconfig.build.json")], { stdio: "inherit" });
  rmSync(CACHE, { recursive: true, force: true });
  rmSync(NEW_PACK_DIR, { recursive: true, force: true });
  execFileSync(process.execPath, [BIN, "pack", "new", NEW_PACK, "--dir", path.dirname(NEW_PACK_DIR)], { stdio: "pipe" });
}
