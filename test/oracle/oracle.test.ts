/**
 * The default run's slice of the round-trip oracle (test/oracle/oracle.ts): the example spec and
 * the oracle's fixture (every parameter location and several styles, JSON bodies with strict
 * nested objects and defaults, a discriminated and an untagged union, a form and a multipart
 * body), all three packs, a fixed seed and few runs. `ORACLE_SEED` / `ORACLE_RUNS` vary it;
 * `npm run conformance` runs the real-spec corpus.
 */
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { PACKS } from "../server/conformance/harness.js";
import { KNOWN_DEFECTS_BEING_FIXED, knownDefectOf } from "./known-defects.js";
import { ajvIsWrongAbout } from "./ajv-theirs.js";
import { envNumber, formatReport, groupFindings, runOracle } from "./oracle.js";

const SLICE = [
  { slug: "orders-api", file: path.join(REPO, "examples", "orders-api", "openapi.yaml"), runs: 6 },
  { slug: "oracle-round-trip", file: path.join(REPO, "test", "fixtures", "specs", "3.1", "oracle-round-trip.yaml"), runs: 8 },
];

describe("round-trip conformance oracle (fixed-seed slice)", () => {
  for (const spec of SLICE) {
    test(`${spec.slug}: valid requests round-trip, invalid ones are 400s naming the place, in every pack`, async () => {
      const report = await runOracle(spec.file, { slug: spec.slug, root: path.join(SCRATCH, "oracle", spec.slug), packs: PACKS, runs: envNumber("ORACLE_RUNS", spec.runs) });
      console.log(formatReport(report));
      expect(report.skipped, "every operation of the slice is exercised").toEqual([]);
      expect(report.covered).toBe(report.operations);
      expect(report.mutationCases, "mutations were sent").toBeGreaterThan(0);
      const unexpected = report.findings.filter((f) => !knownDefectOf(f));
      expect(groupFindings(unexpected).map((g) => `${g.key}: ${g.example.detail}\n${g.example.request}`)).toEqual([]);
      const stale = KNOWN_DEFECTS_BEING_FIXED.filter((k) => k.spec === spec.slug && !report.findings.some((f) => knownDefectOf(f) === k));
      // A known defect that no longer shows is fixed: its entry must go, so the excuse cannot outlive it.
      expect(stale.map((k) => `${k.operationId}: ${k.defect}`), "KNOWN_DEFECTS_BEING_FIXED entries that matched nothing (fixed: delete them)").toEqual([]);
      const disagreements = report.disagreements.filter((d) => !ajvIsWrongAbout(d));
      expect(disagreements.map((d) => `${d.operation}: ajv ${d.ajvErrors.map((e) => `${e.pointer} ${e.message}`).join("; ")}\n${d.request}`)).toEqual([]);
    }, 300_000);
  }
});
