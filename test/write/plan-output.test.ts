/** planOutput: every rule of what a run writes, skips, removes, and refuses. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planOutput } from "../../src/write/plan-output.js";
import { sha256 } from "../../src/write/write-output.js";
import { gen, readTree, run, scratch } from "./helpers.js";

const first = [gen("a.gen.ts", "a1\n"), gen("b.gen.ts", "b1\n"), gen("runtime/x.ts", "x1\n"), gen("custom.ts", "scaffold1\n", "scaffold")];

describe("planOutput", () => {
  it("an empty or missing folder: everything is written, nothing else", async () => {
    const out = path.join(scratch("plan-new"), "does-not-exist-yet");
    const plan = await planOutput(out, first, { force: false });
    expect(plan.write.map((f) => f.path)).toEqual(["a.gen.ts", "b.gen.ts", "custom.ts", "runtime/x.ts"]);
    expect([plan.remove, plan.unchanged, plan.problems]).toEqual([[], [], []]);
  });

  it("rewrites changed generated files, skips unchanged ones", async () => {
    const out = scratch("plan-changed");
    await run(out, first);
    const plan = await planOutput(out, [gen("a.gen.ts", "a2\n"), ...first.slice(1)], { force: false });
    expect(plan.write.map((f) => f.path)).toEqual(["a.gen.ts"]);
    expect(plan.unchanged).toEqual(["b.gen.ts", "custom.ts", "runtime/x.ts"]);
    expect(plan.problems).toEqual([]);
  });

  it("removes generated files no longer produced, and the folders they leave empty", async () => {
    const out = scratch("plan-remove");
    await run(out, first);
    const plan = await run(out, [first[0]!]);
    // The scaffold is not produced any more either; nobody edited it, so it goes too.
    expect(plan.remove).toEqual(["b.gen.ts", "custom.ts", "runtime/x.ts"]);
    expect(plan.orphanedScaffolds).toEqual([]);
    expect(Object.keys(readTree(out))).toEqual([".apigen-manifest.json", "a.gen.ts"]);
  });

  it("a scaffold no longer produced that the user edited is kept, named as orphaned, and no longer tracked", async () => {
    const out = scratch("plan-orphan");
    await run(out, first);
    writeFileSync(path.join(out, "custom.ts"), "// mine now\n");
    const plan = await run(out, [first[0]!]);
    expect(plan.remove).toEqual(["b.gen.ts", "runtime/x.ts"]);
    expect(plan.orphanedScaffolds).toEqual(["custom.ts"]);
    expect(plan.problems).toEqual([]);
    expect(readTree(out)["custom.ts"]).toBe("// mine now\n");
    expect(readTree(out)[".apigen-manifest.json"]).not.toContain("custom.ts");
  });

  it("a removal of a hand-edited file is a problem; --force removes it anyway", async () => {
    const out = scratch("plan-remove-edited");
    await run(out, first);
    writeFileSync(path.join(out, "b.gen.ts"), "b1 edited\n");
    const plan = await planOutput(out, [first[0]!], { force: false });
    expect(plan.remove).toEqual(["custom.ts", "runtime/x.ts"]);
    expect(plan.problems).toMatchObject([{ path: "b.gen.ts", kind: "hand-edited" }]);
    expect(plan.problems[0]!.message).toMatch(/no longer generated.*scaffold file or a template override.*--force/);
    const forced = await run(out, [first[0]!], true);
    expect(forced.remove).toEqual(["b.gen.ts", "custom.ts", "runtime/x.ts"]);
    expect(forced.problems).toHaveLength(1);
    expect(Object.keys(readTree(out))).toEqual([".apigen-manifest.json", "a.gen.ts"]);
  });

  it("scaffolds are written when absent, never overwritten", async () => {
    const out = scratch("plan-scaffold");
    await run(out, first);
    writeFileSync(path.join(out, "custom.ts"), "my own code\n");
    const plan = await run(out, [...first.slice(0, 3), gen("custom.ts", "scaffold2\n", "scaffold")]);
    expect(plan.unchanged).toContain("custom.ts");
    expect(plan.problems).toEqual([]);
    expect(readFileSync(path.join(out, "custom.ts"), "utf8")).toBe("my own code\n");
  });

  it("a hand-edited generated file is a problem that names the way out; --force overwrites it", async () => {
    const out = scratch("plan-edited");
    await run(out, first);
    writeFileSync(path.join(out, "a.gen.ts"), "a1 + my fix\n");
    const plan = await run(out, [gen("a.gen.ts", "a2\n"), ...first.slice(1)]);
    expect(plan.write).toEqual([]);
    expect(plan.problems).toEqual([{ path: "a.gen.ts", kind: "hand-edited", message: expect.stringMatching(/edited by hand.*scaffold file or a template override.*--force/) }]);
    expect(readFileSync(path.join(out, "a.gen.ts"), "utf8")).toBe("a1 + my fix\n");
    await run(out, [gen("a.gen.ts", "a2\n"), ...first.slice(1)], true);
    expect(readFileSync(path.join(out, "a.gen.ts"), "utf8")).toBe("a2\n");
  });

  it("a hand edit that already equals the new output is no problem", async () => {
    const out = scratch("plan-edit-matches");
    await run(out, first);
    writeFileSync(path.join(out, "a.gen.ts"), "a2\n");
    const plan = await planOutput(out, [gen("a.gen.ts", "a2\n"), ...first.slice(1)], { force: false });
    expect(plan.problems).toEqual([]);
    expect(plan.unchanged).toContain("a.gen.ts");
  });

  it("a file apigen would write that it did not write is not-ours; --force overwrites it", async () => {
    const out = scratch("plan-not-ours");
    await run(out, first);
    writeFileSync(path.join(out, "new.gen.ts"), "someone else's\n");
    const files = [...first, gen("new.gen.ts", "mine\n")];
    const plan = await run(out, files);
    expect(plan.problems).toEqual([{ path: "new.gen.ts", kind: "not-ours", message: expect.stringMatching(/apigen did not write it.*--force/) }]);
    expect(readFileSync(path.join(out, "new.gen.ts"), "utf8")).toBe("someone else's\n");
    expect((await run(out, files, true)).write.map((f) => f.path)).toEqual(["new.gen.ts"]);
    expect(readFileSync(path.join(out, "new.gen.ts"), "utf8")).toBe("mine\n");
  });

  it("a non-empty folder without a manifest is one problem for the folder", async () => {
    const out = scratch("plan-foreign");
    writeFileSync(path.join(out, "notes.txt"), "hello\n");
    const plan = await run(out, first);
    expect(plan.problems).toEqual([{ path: ".", kind: "non-empty-without-manifest", message: expect.stringMatching(/not empty.*--force/) }]);
    expect(Object.keys(readTree(out))).toEqual(["notes.txt"]);
    await run(out, first, true);
    expect(Object.keys(readTree(out))).toEqual([".apigen-manifest.json", "a.gen.ts", "b.gen.ts", "custom.ts", "notes.txt", "runtime/x.ts"]);
  });

  it("other files in the folder are left alone and are no problem once a manifest exists", async () => {
    const out = scratch("plan-bystander");
    await run(out, first);
    writeFileSync(path.join(out, "index.ts"), "export * from './a.gen.js';\n");
    expect((await planOutput(out, first, { force: false })).problems).toEqual([]);
  });

  it("reads a v1 manifest: its hashes still protect hand edits and drive removals", async () => {
    const out = scratch("plan-v1");
    mkdirSync(path.join(out, "runtime"));
    for (const f of first) writeFileSync(path.join(out, f.path), f.contents);
    writeFileSync(path.join(out, "a.gen.ts"), "edited\n");
    const v1 = { generator: "apigen", files: first.map((f) => ({ path: f.path, sha256: sha256(f.contents), kind: f.kind })) };
    writeFileSync(path.join(out, ".apigen-manifest.json"), JSON.stringify(v1));
    const plan = await planOutput(out, [gen("a.gen.ts", "a2\n"), first[3]!], { force: false });
    expect(plan.problems).toMatchObject([{ path: "a.gen.ts", kind: "hand-edited" }]);
    expect(plan.remove).toEqual(["b.gen.ts", "runtime/x.ts"]);
  });

  it("no path escapes the folder or takes apigen's own names", async () => {
    const out = scratch("plan-paths");
    for (const bad of ["../evil.ts", "/etc/passwd", "a/../../evil.ts", ".apigen-manifest.json", ".apigen/commit.json"]) {
      await expect(planOutput(out, [gen(bad, "x")], { force: true }), bad).rejects.toThrow(/refusing to write/);
    }
    writeFileSync(path.join(out, ".apigen-manifest.json"), JSON.stringify({ apigen: "0", optionsHash: "", inputsHash: "", files: [{ path: "../outside.ts", sha256: "0", kind: "generated" }] }));
    await expect(planOutput(out, [], { force: true })).rejects.toThrow(/outside the output folder/);
  });
});
