/**
 * The round-trip oracle over the real-spec corpus (scripts/corpus.mjs lists it): `npm run
 * conformance`. Off in the default run (ORACLE_CORPUS=1 turns it on). Large specs are sampled:
 * ORACLE_OPS operations per spec (default 10, seeded by ORACLE_SEED), ORACLE_RUNS inputs per
 * operation (default 4); ORACLE_ONLY=<substring,...> narrows the specs, ORACLE_GROUP=real|oas-examples|all
 * the set (default all). Prints per spec: operations covered, requests sent, failures by kind;
 * writes .tmp/oracle/corpus-summary.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { PACKS } from "../server/conformance/harness.js";
import { ajvIsWrongAbout } from "./ajv-theirs.js";
import { knownDefectOf } from "./known-defects.js";
import { envNumber, formatReport, groupFindings, runOracle, type SpecReport } from "./oracle.js";

const { corpusSpecs } = await import("../../scripts/corpus.mjs");

const enabled = process.env["ORACLE_CORPUS"] === "1";
const group = process.env["ORACLE_GROUP"] ?? "all";
const only = process.env["ORACLE_ONLY"];
const all = corpusSpecs();
// A spec apigen only reads with `--validation warn` runs in that form alone.
const specs = all.filter((s) => !all.some((w) => w.warnOf === s.slug) && (group === "all" || s.group === group) && (!only || only.split(",").some((o) => s.slug.includes(o))));
const reports: SpecReport[] = [];

/**
 * Specs of the corpus that are invalid as shipped and that apigen rightly refuses (nothing is
 * generated, so there is nothing to send): the test asserts the refusal, with its reason.
 */
const REFUSED: Record<string, { error: RegExp; why: string }> = {
  "oas-3.0-openapi-workshop-post": { error: /APIGEN_INVALID_DOCUMENT: \/paths\/~1hoot\/post\/responses must NOT have fewer than 1 properties/, why: "`responses: {}`: OpenAPI 3.0 requires at least one response" },
};

describe.skipIf(!enabled)("round-trip conformance oracle over the corpus", () => {
  for (const spec of specs) {
    test(spec.slug, async () => {
      const refused = REFUSED[spec.slug];
      if (refused) {
        await expect(runOracle(spec.file, { slug: spec.slug, root: path.join(SCRATCH, "oracle-corpus", spec.slug), packs: PACKS.slice(0, 1), runs: 1 }), refused.why).rejects.toThrow(refused.error);
        return;
      }
      const report = await runOracle(spec.file, {
        slug: spec.slug,
        root: path.join(SCRATCH, "oracle-corpus", spec.slug),
        packs: PACKS,
        runs: envNumber("ORACLE_RUNS", 4),
        maxOperations: envNumber("ORACLE_OPS", 10),
        extraArgs: spec.warnOf ? ["--validation", "warn"] : [],
      });
      reports.push(report);
      console.log(formatReport(report));
      const unexpected = report.findings.filter((f) => !knownDefectOf(f));
      const disagreements = report.disagreements.filter((d) => !ajvIsWrongAbout(d));
      expect({ findings: groupFindings(unexpected).map((g) => `${g.key}: ${g.example.detail}`), disagreements: disagreements.map((d) => `${d.operation}: ${d.ajvErrors.map((e) => `${e.pointer} ${e.message}`).join("; ")}`) }).toEqual({ findings: [], disagreements: [] });
    }, 1_800_000);
  }
  afterAll(() => {
    const dir = path.join(REPO, ".tmp", "oracle");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "corpus-summary.json"), JSON.stringify(reports, null, 2));
    const total = reports.reduce((t, r) => ({ ops: t.ops + r.covered, requests: t.requests + r.requests, findings: t.findings + r.findings.length }), { ops: 0, requests: 0, findings: 0 });
    console.log(`corpus: ${reports.length} specs, ${total.ops} operations covered, ${total.requests} requests, ${total.findings} findings`);
  });
});
