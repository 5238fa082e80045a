/**
 * Runs once before a `vitest run`: empties the shared-output cache (test/helpers/output-cache.ts),
 * so every run builds and checks its shared outputs afresh.
 */
import { rmSync } from "node:fs";
import { CACHE } from "./helpers/output-cache.js";

export default function setup(): void {
  rmSync(CACHE, { recursive: true, force: true });
}
