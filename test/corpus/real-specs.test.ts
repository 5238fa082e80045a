/**
 * Real-world specs through the real CLI: every spec must generate without crashing (or fail with
 * a diagnostic where it really is invalid), every output must type-check under tsc7 --strict,
 * `z.infer<typeof XSchema>` must stay identical to `X`, and the generated zod schemas must not
 * reject an example that the spec's own JSON Schema accepts.
 *
 * The machinery lives in scripts/corpus.mjs (`npm run corpus` prints the full report). This test
 * writes to .tmp/test/corpus so it never collides with a manual corpus run.
 *
 * Known failures are listed below as ratchets: a new one fails the test, a fixed one only logs.
 * Remove entries as the generator gets fixed.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as corpus from "../../scripts/corpus.mjs";
import { SCRATCH } from "../helpers/paths.js";

/**
 * Specs that are invalid OpenAPI as shipped: apigen must refuse them with this diagnostic, one per
 * mistake. Those whose mistakes all have one obvious reading (`recovered`) also have a `-warn`
 * entry (scripts/corpus.mjs): with `--validation warn` the same diagnostics are warnings and it
 * generates, compiles and passes the checks below like any other spec.
 */
const INVALID_AS_SHIPPED: Record<string, { code: string; why: string; errors: number; recovered?: boolean }> = {
  directus: { code: "APIGEN_INVALID_DOCUMENT", why: "createItem request body has `schema: null`", errors: 1, recovered: true },
  blockfrost: { code: "APIGEN_INVALID_DOCUMENT", why: "3.0.3 document uses `type: 'null'` in anyOf (6 places)", errors: 6, recovered: true },
  "oas-3.0-openapi-workshop-post": { code: "APIGEN_INVALID_DOCUMENT", why: "`responses: {}` (at least one response is required)", errors: 1 },
};

/** Type/schema pairs whose z.infer is known not to be identical to the DTO type (none today). */
const KNOWN_DRIFT: Record<string, string[]> = {};

/**
 * Examples rejected by the generated zod schema although ajv (the spec's own JSON Schema) accepts
 * them, as `<where> <via>` (component name, `Component.property`, or `METHOD path status`).
 */
const KNOWN_EXAMPLE_REJECTIONS: Record<string, string[]> = {
  github: [
    // Typeless `properties` are read as an object (the usual convention); the example is `null`.
    "POST /orgs/{org}/{security_product}/{enablement} request examples.default",
  ],
};

const specs = corpus.corpusSpecs();
const realSpecs = specs.filter((s) => s.group === "real");
const oasSpecs = specs.filter((s) => s.group === "oas-examples");

function ratchet(label: string, found: string[], known: string[] = []) {
  const fresh = found.filter((f) => !known.includes(f));
  const fixed = known.filter((k) => !found.includes(k));
  if (fixed.length) console.log(`${label}: no longer failing, remove from the known list: ${fixed.join(", ")}`);
  expect(fresh, `${label}: new failures`).toEqual([]);
}

/** Generates, type-checks (one tsc7 run for the group) and checks examples for a group of specs. */
async function runGroup(group: corpus.CorpusSpec[], tsconfigName: string) {
  const generated = await corpus.generateAll(group, { jobs: 2 });
  for (const g of generated) {
    expect(g.crashed, `${g.slug} crashed apigen:\n${g.stderr}`).toBe(false);
    const invalid = INVALID_AS_SHIPPED[g.slug];
    const warnOf = group.find((s) => s.slug === g.slug)?.warnOf;
    if (invalid) {
      expect(g.exitCode, `${g.slug} should be refused (${invalid.why})`).toBe(1);
      expect(g.errors.map((e) => e.code)).toEqual(Array(invalid.errors).fill(invalid.code));
    } else if (warnOf) {
      // --validation warn: the very diagnostics that refused it, now warnings, and the output written.
      const shipped = INVALID_AS_SHIPPED[warnOf]!;
      expect(shipped.recovered, `${warnOf} has a -warn entry but is not listed as recovered`).toBe(true);
      expect(g.exitCode, `${g.slug} failed with --validation warn:\n${g.stderr}`).toBe(0);
      expect(g.warnings.filter((w) => w.code === shipped.code)).toHaveLength(shipped.errors);
    } else {
      expect(g.exitCode, `${g.slug} failed:\n${g.stderr}`).toBe(0);
    }
  }
  const ok = generated.filter((g) => g.exitCode === 0);
  if (ok.length === 0) return;
  for (const g of ok) {
    const table = await corpus.nameTable(g.input);
    if (table.exact) corpus.writeEqualityCheck(g.slug, table.pairs);
  }
  const tsc = corpus.typecheck(ok.map((g) => g.slug), { name: tsconfigName });
  expect(tsc.unattributed, "tsc output not attributable to a spec").toEqual([]);
  for (const g of ok) {
    const errors = tsc.bySlug[g.slug] ?? [];
    const compile = errors.filter((e) => e.kind !== "type-equality").map((e) => `${e.file}:${e.line} ${e.code} ${e.message}`);
    expect(compile, `${g.slug}: generated code does not compile`).toEqual([]);
    const drift = errors.filter((e) => e.kind === "type-equality").map((e) => /is not identical to (\w+)/.exec(e.message)?.[1] ?? e.message);
    ratchet(`${g.slug} type drift`, drift, KNOWN_DRIFT[g.slug]);

    const ex = await corpus.checkExamples(g.slug, g.input);
    expect(ex.loadError, `${g.slug}: generated schemas do not load`).toBeUndefined();
    const suspicious = [
      ...ex.components.rejected.map((r) => ({ ...r, key: `${r.component} ${r.via}` })),
      ...ex.properties.rejected.map((r) => ({ ...r, key: `${r.component}.${r.property} ${r.via}` })),
      ...ex.media.rejected.map((r) => ({ ...r, key: `${r.operation} ${r.where} ${r.via}` })),
    ].filter((r) => r.judgement === "apigen?");
    ratchet(`${g.slug} examples rejected by zod but valid per the spec`, suspicious.map((r) => r.key), KNOWN_EXAMPLE_REJECTIONS[g.slug]);
  }
}

describe("real-world specs (generate + tsc7 + type equality + examples)", () => {
  beforeAll(() => {
    corpus.setCorpusDir(path.join(SCRATCH, "corpus"));
  });

  for (const spec of realSpecs) {
    it(spec.warnOf ? `${spec.slug} (${spec.warnOf} with --validation warn)` : spec.slug, async () => {
      await runGroup([spec], `tsconfig.${spec.slug}.json`);
    }, 240_000);
  }

  it(`oas-examples: ${oasSpecs.length} specs, one tsc run`, async () => {
    await runGroup(oasSpecs, "tsconfig.oas-examples.json");
  }, 240_000);
});
