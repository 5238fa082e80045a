/** applyOutput / recoverOutput in-process: a run that dies at any phase is rolled back or finished, never left mixed. */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyOutput, recoverOutput, type ApplyPhase } from "../../src/write/apply-output.js";
import { buildManifest, readManifest } from "../../src/write/manifest.js";
import { planOutput } from "../../src/write/plan-output.js";
import { gen, META, readTree, run, scratch } from "./helpers.js";

const oldFiles = [gen("a.gen.ts", "a1\n"), gen("gone.gen.ts", "gone\n"), gen("runtime/old/x.ts", "x\n"), gen("same.gen.ts", "same\n"), gen("custom.ts", "s\n", "scaffold")];
const newFiles = [gen("a.gen.ts", "a2\n"), gen("added/deep/b.gen.ts", "b\n"), gen("same.gen.ts", "same\n"), gen("z.gen.ts", "z\n"), gen("custom.ts", "s2\n", "scaffold")];
const PHASES: ApplyPhase[] = ["staged-half", "staged", "committed", "renamed-half", "renamed", "removed", "manifest-written", "journal-removed"];

/** The folder's state after a clean run of `files` from an empty folder (the reference to compare with). */
async function reference(name: string, ...runs: typeof oldFiles[]): Promise<Record<string, string>> {
  const out = scratch(name);
  for (const files of runs) await run(out, files);
  return readTree(out);
}

describe("applyOutput", () => {
  it("writes the files and a deterministic v2 manifest sorted by path, and leaves no work folder", async () => {
    const out = scratch("apply-basic");
    await run(out, newFiles);
    const tree = readTree(out);
    expect(Object.keys(tree)).toEqual([".apigen-manifest.json", "a.gen.ts", "added/deep/b.gen.ts", "custom.ts", "same.gen.ts", "z.gen.ts"]);
    const manifest = JSON.parse(tree[".apigen-manifest.json"]!);
    expect(Object.keys(manifest)).toEqual(["apigen", "optionsHash", "inputsHash", "inputs", "files"]);
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(["a.gen.ts", "added/deep/b.gen.ts", "custom.ts", "same.gen.ts", "z.gen.ts"]);
    expect(manifest.files[2]).toMatchObject({ kind: "scaffold" });
    expect(await readManifest(out)).toEqual(manifest);
    const again = scratch("apply-basic-2");
    await run(again, [...newFiles].reverse());
    expect(readTree(again)[".apigen-manifest.json"]).toBe(tree[".apigen-manifest.json"]);
  });

  it("refuses to start over an unrecovered journal", async () => {
    const out = scratch("apply-journal-present");
    await run(out, oldFiles);
    const plan = await planOutput(out, newFiles, { force: false });
    await expect(applyOutput(out, plan, buildManifest(newFiles, META), { onPhase: crashAt("committed") })).rejects.toThrow("crash");
    await expect(applyOutput(out, plan, buildManifest(newFiles, META))).rejects.toThrow(/recoverOutput/);
  });

  it.each(PHASES)("a run that dies at %s recovers to exactly the old or exactly the new output", async (phase) => {
    const before = await reference(`apply-ref-old-${phase}`, oldFiles);
    const after = await reference(`apply-ref-new-${phase}`, oldFiles, newFiles);
    const out = scratch(`apply-crash-${phase}`);
    await run(out, oldFiles);
    const plan = await planOutput(out, newFiles, { force: false });
    await expect(applyOutput(out, plan, buildManifest(newFiles, META), { onPhase: crashAt(phase) })).rejects.toThrow("crash");
    const committed = PHASES.indexOf(phase) >= PHASES.indexOf("committed");
    const result = await recoverOutput(out);
    expect(result).toBe(phase === "journal-removed" ? "rolled-back" : committed ? "rolled-forward" : "rolled-back");
    expect(readTree(out)).toEqual(committed ? after : before);
    expect(existsSync(path.join(out, ".apigen"))).toBe(false);
    // Recovery is idempotent, and the next run finds nothing to do.
    expect(await recoverOutput(out)).toBe("clean");
    const next = await planOutput(out, committed ? newFiles : oldFiles, { force: false });
    expect([next.write, next.remove, next.problems]).toEqual([[], [], []]);
  });

  it("recovering a folder that does not exist, or is clean, does nothing", async () => {
    expect(await recoverOutput(path.join(scratch("apply-none"), "missing"))).toBe("clean");
    const out = scratch("apply-clean");
    writeFileSync(path.join(out, "keep.txt"), "k");
    expect(await recoverOutput(out)).toBe("clean");
    expect(readTree(out)).toEqual({ "keep.txt": "k" });
  });
});

function crashAt(target: ApplyPhase) {
  return (phase: ApplyPhase) => {
    if (phase === target) throw new Error(`crash at ${phase}`);
  };
}
