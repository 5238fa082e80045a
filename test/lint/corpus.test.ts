/**
 * Lint over the npm-installed real specs (GitHub, Directus, Blockfrost, rclone, GitHub webhooks)
 * and the oas-examples set: no crash, and the finding counts per rule per spec match the golden
 * summary (test/lint/corpus-summary.golden.json; rewrite it with UPDATE_GOLDEN=1 and read the diff).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as corpus from "../../scripts/corpus.mjs";
import { lintFile } from "../../src/lint/run-lint.js";

const GOLDEN = path.join(import.meta.dirname, "corpus-summary.golden.json");
const specs = (corpus.corpusSpecs({ patched: false }) as { slug: string; file: string }[]).filter((s) => existsSync(s.file));

/** `{ rule: count }` sorted by rule, or `{ unreadable: n }` when the spec did not load (e.g. Directus as shipped). */
async function summarise(file: string): Promise<Record<string, number>> {
  const result = await lintFile(file);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) return { "(spec errors: not linted)": errors };
  const counts: Record<string, number> = {};
  for (const f of result.findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe("lint over the real-spec corpus", () => {
  it(`runs on ${specs.length} specs without crashing and matches the golden per-rule counts`, async () => {
    const summary: Record<string, Record<string, number>> = {};
    for (const spec of specs) summary[spec.slug] = await summarise(spec.file);
    const text = JSON.stringify(summary, null, 2) + "\n";
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) writeFileSync(GOLDEN, text);
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
    expect(Object.keys(summary.github ?? {})).not.toContain("(spec errors: not linted)");
  });
});
