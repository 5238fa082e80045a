/**
 * formatFiles runs generate's lint on this thread while Biome formats the big files in its own
 * process (src/format/format-files.ts). The work must run exactly once in every mode, after
 * Biome has started when there is a big file, and its result must come back with the files.
 */
import { describe, expect, it } from "vitest";
import { formatFiles } from "../../src/format/format-files.js";
import type { GeneratedFile } from "../../src/emit/render.js";
import { SCRATCH } from "../helpers/paths.js";

const small: GeneratedFile = { path: "small.ts", contents: "const  a=1\n", kind: "generated" };
const big: GeneratedFile = { path: "big.ts", contents: `${Array.from({ length: 200 }, (_, i) => `export const  v${i}=${i}`).join("\n")}\n`, kind: "generated" };

describe("formatFiles' meanwhile", () => {
  for (const [label, mode, files] of [
    ["no formatting", "none", [small, big]],
    ["Prettier only", "prettier", [small]],
    ["Prettier and Biome", "auto", [small, big]],
    ["Biome only", "auto", [big]],
  ] as const) {
    it(`runs once and returns its result (${label})`, async () => {
      let calls = 0;
      const result = await formatFiles([...files], SCRATCH, { mode, prettierMaxBytes: 100 }, () => ++calls);
      expect(calls).toBe(1);
      expect(result.meanwhile).toBe(1);
      expect(result.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
      if (mode !== "none") for (const f of result.files) expect(f.contents).not.toContain("  =");
    });
  }

  it("formats the big files with Biome and returns the work's result", async () => {
    const result = await formatFiles([big], SCRATCH, { mode: "auto", prettierMaxBytes: 100 }, () => "linted");
    expect(result.meanwhile).toBe("linted");
    expect(result.files[0]!.contents).toContain("export const v0 = 0;\n");
  });
});
