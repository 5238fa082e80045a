/** `apigen generate` with a job's lint settings: findings are warnings, or stop the run with failOn "error" (issue 6). */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOutput } from "../../src/generate.js";
import { SCRATCH } from "../helpers/paths.js";
import { lintFixture } from "./helpers.js";

const options = (spec: string, lint?: object) => ({ spec, out: path.join(SCRATCH, "lint-generate"), format: { mode: "none" as const, prettierMaxBytes: 0 }, command: "apigen generate", lint });

describe("lint during generate", () => {
  it("reports findings as lint/<rule-id> warnings and still generates", async () => {
    const built = await buildOutput(options(lintFixture("operation-id-unique.yaml"), {}));
    expect(built.ok).toBe(true);
    expect(built.files.length).toBeGreaterThan(0);
    expect(built.diagnostics).toContainEqual(
      expect.objectContaining({ code: "lint/operation-id-unique", severity: "warning", pointer: "#/paths/~1customers/get/operationId", position: { file: lintFixture("operation-id-unique.yaml"), line: 11, column: 20 } }),
    );
  });

  it('stops on error-level findings with failOn: "error"', async () => {
    const built = await buildOutput(options(lintFixture("operation-id-unique.yaml"), { failOn: "error" }));
    expect(built.ok).toBe(false);
    expect(built.diagnostics.find((d) => d.code === "lint/operation-id-unique")?.severity).toBe("error");
  });

  it("does not lint without lint settings", async () => {
    const built = await buildOutput(options(lintFixture("operation-id-unique.yaml")));
    expect(built.diagnostics.filter((d) => d.code.startsWith("lint/"))).toEqual([]);
  });
});
