import path from "node:path";
import { FIXTURES } from "../helpers/paths.js";
import type { LintConfig } from "../../src/lint/lint-config.js";
import { lintFile } from "../../src/lint/run-lint.js";

/** A lint fixture's path (relative to the repo, as a user would pass it). */
export const lintFixture = (name: string) => path.relative(process.cwd(), path.join(FIXTURES, "lint", name));

/** Lints a fixture; fails when the spec itself cannot be read. */
export async function lintFixtureFile(name: string, config: LintConfig = {}) {
  const result = await lintFile(lintFixture(name), config);
  if (result.diagnostics.some((d) => d.severity === "error")) throw new Error(`${name}: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.findings;
}
