/**
 * `apigen/testing`, the conformance check apigen ships for pack authors, run as they run it (the
 * built package through its export, a fresh output per pack, each pack's own boot module)
 * against every built-in pack. Its expected answers (templates/conformance/answers.json) are
 * what the built-in packs answer: every one must give exactly these, and `UPDATE_GOLDEN=1`
 * records them anew from Express. A pack made with `apigen pack new` runs the same check in its
 * own test (test/packs/new-pack.test.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ANSWERS_FILE, answersFileText } from "../../src/testing/run-conformance.js";
import { SCRATCH } from "../helpers/paths.js";
import { ALL_PACKS, listenPack, NEST_COMPILER_OPTIONS } from "../server/conformance/harness.js";
// The package's own export, as a pack author imports it (dist/, built by the global setup).
import { CONFORMANCE_CASES, prepareConformance, runConformance } from "apigen/testing";

describe.each(ALL_PACKS)("the conformance check on the %s pack", (pack) => {
  it("finds every answer the same as recorded", { timeout: 240_000 }, async () => {
    const out = path.join(SCRATCH, "conformance-check", pack);
    prepareConformance({ pack, out });
    // Nest's decorators, as a Nest project's tsconfig has them (vitest's transform reads it).
    if (pack === "nest") writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify({ compilerOptions: NEST_COMPILER_OPTIONS }));
    const { config } = await import(path.join(out, "conformance.config.ts"));
    const server = await listenPack(pack, out, config);
    try {
      const report = await runConformance(server.url);
      expect(Object.keys(report.answers)).toEqual(CONFORMANCE_CASES.map((c) => c.name));
      if (process.env.UPDATE_GOLDEN && pack === "express") writeFileSync(ANSWERS_FILE, answersFileText(report.answers));
      else expect(report.failures).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("the conformance check", () => {
  it("finds a pack that answers differently", { timeout: 240_000 }, async () => {
    const out = path.join(SCRATCH, "conformance-check", "express-altered");
    prepareConformance({ pack: "express", out });
    const { config } = await import(path.join(out, "conformance.config.ts"));
    // One handler answers a little differently than the example's: the check must name that case and only it.
    const altered = { ...config, handlers: { ...config.handlers, listCategories: async () => ({ status: 200, body: [] }) } };
    const server = await listenPack("express", out, altered);
    try {
      const report = await runConformance(server.url);
      expect(report.failures.map((f) => f.case)).toEqual(["an absolute-form target", "a cross-origin call", "a call from another origin"]);
      // Its differences are the lines that changed: the body and its length, nothing else.
      const [first] = report.failures;
      expect(first!.differences.filter((line) => line.startsWith("+ "))).toEqual(["+ content-length: 2", "+ []"]);
      expect(first!.differences.filter((line) => line.startsWith("- ")).map((line) => line.split(":")[0])).toEqual(["- content-length", "- [{\"id\""]);
    } finally {
      await server.close();
    }
  });
});
