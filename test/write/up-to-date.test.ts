/** The fast path (isUpToDate) and the hashes it compares. */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashInputs, hashOptions, stableJson } from "../../src/write/hashing.js";
import { isUpToDate } from "../../src/write/up-to-date.js";
import { gen, META, run, scratch } from "./helpers.js";

const files = [gen("a.gen.ts", "a\n"), gen("custom.ts", "s\n", "scaffold")];
const check = (out: string, over: Partial<typeof META> = {}) => {
  const m = { ...META, ...over };
  return isUpToDate(out, m.optionsHash, m.inputsHash, m.apigen);
};

describe("hashing", () => {
  it("hashOptions ignores key order and undefined members, not values or array order", () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(hashOptions({ a: 1, b: { c: true } })).toBe(hashOptions({ b: { c: true }, a: 1 }));
    expect(hashOptions({ a: [1, 2] })).not.toBe(hashOptions({ a: [2, 1] }));
    expect(hashOptions(undefined)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hashInputs ignores file order but not where text sits", () => {
    const a = { path: "a.yaml", contents: "x" };
    const b = { path: "b.yaml", contents: "yz" };
    expect(hashInputs([a, b])).toBe(hashInputs([b, a]));
    expect(hashInputs([a, b])).not.toBe(hashInputs([{ ...a, contents: "xy" }, { ...b, contents: "z" }]));
    expect(hashInputs([a])).not.toBe(hashInputs([{ ...a, path: "c.yaml" }]));
  });
});

describe("isUpToDate", () => {
  it("true right after a run with the same hashes and version", async () => {
    const out = scratch("fresh-same");
    await run(out, files);
    expect(await check(out)).toBe(true);
  });

  it("false when the options, inputs or apigen version differ", async () => {
    const out = scratch("fresh-hashes");
    await run(out, files);
    expect(await check(out, { optionsHash: "x" })).toBe(false);
    expect(await check(out, { inputsHash: "x" })).toBe(false);
    expect(await check(out, { apigen: "0.2.0" })).toBe(false);
  });

  it("false when a generated file was edited or deleted, or a scaffold deleted; a scaffold edit is fine", async () => {
    const out = scratch("fresh-files");
    await run(out, files);
    writeFileSync(path.join(out, "custom.ts"), "my code\n");
    expect(await check(out)).toBe(true);
    writeFileSync(path.join(out, "a.gen.ts"), "edited\n");
    expect(await check(out)).toBe(false);
    await run(out, files, true);
    rmSync(path.join(out, "custom.ts"));
    expect(await check(out)).toBe(false);
    await run(out, files);
    rmSync(path.join(out, "a.gen.ts"));
    expect(await check(out)).toBe(false);
  });

  it("false with no manifest, a v1 manifest, a damaged one, or an unrecovered run", async () => {
    const out = scratch("fresh-manifests");
    expect(await check(out)).toBe(false);
    writeFileSync(path.join(out, ".apigen-manifest.json"), JSON.stringify({ generator: "apigen", files: [] }));
    expect(await check(out, { apigen: "", optionsHash: "", inputsHash: "" })).toBe(false);
    writeFileSync(path.join(out, ".apigen-manifest.json"), "{");
    expect(await check(out)).toBe(false);
    rmSync(path.join(out, ".apigen-manifest.json"));
    await run(out, files);
    writeFileSync(path.join(out, ".apigen"), "");
    expect(await check(out)).toBe(false);
  });
});
