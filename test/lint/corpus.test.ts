/**
 * Lint over the npm-installed real specs (GitHub, Directus, Blockfrost, rclone, GitHub webhooks)
 * and the oas-examples set: no crash, and the finding counts per rule per spec match the golden
 * summary (test/lint/corpus-summary.golden.json; rewrite it with UPDATE_GOLDEN=1 and read the diff).
 * The default run checks GitHub's spec only (a few seconds); `npm run lint:corpus` (LINT_CORPUS=1)
 * runs every spec.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as corpus from "../../scripts/corpus.mjs";
import { lintFile } from "../../src/lint/run-lint.js";

const GOLDEN = path.join(import.meta.dirname, "corpus-summary.golden.json");
const full = process.env.LINT_CORPUS === "1";
const specs = corpus.corpusSpecs({ patched: false }).filter((s) => existsSync(s.file) && (full || s.slug === "github"));

/** `{ rule: count }` sorted by rule; `(spec errors)` counts what the loader and check reported (Directus and Blockfrost as shipped). */
async function summarise(file: string): Promise<Record<string, number>> {
  const result = await lintFile(file);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const counts: Record<string, number> = errors > 0 ? { "(spec errors)": errors } : {};
  for (const f of result.findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe("lint over the real-spec corpus", () => {
  it(`runs on ${full ? "every spec" : "GitHub's spec"} without crashing and matches the golden per-rule counts`, async () => {
    const summary: Record<string, Record<string, number>> = {};
    for (const spec of specs) summary[spec.slug] = await summarise(spec.file);
    const text = JSON.stringify(summary, null, 2) + "\n";
    if (full && (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN))) writeFileSync(GOLDEN, text);
    const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, unknown>;
    expect(summary).toEqual(full ? golden : { github: golden.github });
    expect(Object.keys(summary.github ?? {})).not.toContain("(spec errors)");
  });
});
