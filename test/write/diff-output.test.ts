/** Check mode: diffOutput and the line diff it prints. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput } from "../../src/write/diff-output.js";
import { unifiedDiff } from "../../src/write/line-diff.js";
import { gen, readTree, run, scratch } from "./helpers.js";

const lines = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join("\n") + "\n";

describe("unifiedDiff", () => {
  it("one changed line: a hunk with 3 lines of context and correct numbers", () => {
    const before = lines(10);
    const after = before.replace("line 5\n", "line five\n");
    expect(unifiedDiff("m.ts", before, after)).toBe(
      ["--- a/m.ts", "+++ b/m.ts", "@@ -2,7 +2,7 @@", " line 2", " line 3", " line 4", "-line 5", "+line five", " line 6", " line 7", " line 8"].join("\n"),
    );
  });

  it("insertions, deletions, far-apart changes in separate hunks", () => {
    const before = lines(30);
    const after = before.replace("line 2\n", "").replace("line 28\n", "line 28\nnew 28b\n");
    expect(unifiedDiff("m.ts", before, after)).toBe(
      [
        "--- a/m.ts", "+++ b/m.ts",
        "@@ -1,5 +1,4 @@", " line 1", "-line 2", " line 3", " line 4", " line 5",
        "@@ -26,5 +25,6 @@", " line 26", " line 27", " line 28", "+new 28b", " line 29", " line 30",
      ].join("\n"),
    );
  });

  it("added and removed files, cut to maxLines", () => {
    expect(unifiedDiff("n.ts", undefined, "a\nb\n")).toBe("--- /dev/null\n+++ b/n.ts\n@@ -0,0 +1,2 @@\n+a\n+b");
    expect(unifiedDiff("n.ts", "a\n", undefined)).toBe("--- a/n.ts\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a");
    const long = unifiedDiff("n.ts", undefined, lines(100), 40).split("\n");
    expect(long).toHaveLength(2 + 40 + 1);
    expect(long.at(-1)).toBe("... 61 more diff lines");
  });

  it("a small change in a large file is fast; wholly different large files give a summary", () => {
    const big = lines(50_000);
    const start = performance.now();
    const diff = unifiedDiff("big.ts", big, big.replace("line 25000\n", "changed\n"));
    expect(performance.now() - start).toBeLessThan(500);
    expect(diff).toContain("@@ -24997,7 +24997,7 @@");
    const other = unifiedDiff("big.ts", big, lines(50_000, (i) => `other ${i}`));
    expect(other).toMatch(/more than 1000 lines differ/);
  });
});

describe("diffOutput", () => {
  it("lists added, changed (including hand edits) and removed generated files, writes nothing", async () => {
    const out = scratch("diff");
    await run(out, [gen("a.gen.ts", "a\n"), gen("b.gen.ts", "b\n"), gen("c.gen.ts", "c\n"), gen("s.ts", "s\n", "scaffold")]);
    writeFileSync(path.join(out, "c.gen.ts"), "c edited\n");
    writeFileSync(path.join(out, "s.ts"), "my scaffold\n");
    const before = readTree(out);
    const files = [gen("a.gen.ts", "a2\n"), gen("c.gen.ts", "c\n"), gen("d.gen.ts", "d\n"), gen("s.ts", "s2\n", "scaffold")];
    const result = await diffOutput(out, files);
    expect(result.files.map((f) => [f.path, f.change])).toEqual([
      ["a.gen.ts", "changed"],
      ["b.gen.ts", "removed"],
      ["c.gen.ts", "changed"],
      ["d.gen.ts", "added"],
    ]);
    expect(result.files[0]!.diff).toBe("--- a/a.gen.ts\n+++ b/a.gen.ts\n@@ -1,1 +1,1 @@\n-a\n+a2");
    expect(result.problems).toMatchObject([{ path: "c.gen.ts", kind: "hand-edited" }]);
    expect(readTree(out)).toEqual(before);
    await run(out, files, true);
    expect(await diffOutput(out, files)).toEqual({ files: [], problems: [] });
  });
});
