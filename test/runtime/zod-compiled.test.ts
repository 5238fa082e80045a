import { describe, expect, it } from "vitest";
import { z } from "zod";
import { accepts, interpret, parseCompiled, runSchema } from "../../templates/core/runtime/zod-compiled.js";

describe("zod-compiled (schemas run compiled where zod can)", () => {
  it("the zod apigen pins has the code generator this relies on: a zod without it would only be slower, so say so loudly", () => {
    // If this fails after a zod upgrade, validation silently falls back to the interpreter
    // (correct, 5-10 times slower on large bodies): find zod's new entry point.
    expect(typeof (z.core as { compileFn?: unknown }).compileFn).toBe("function");
  });

  it("parses valid values compiled, with zod's output (unknown keys stripped, defaults applied)", () => {
    const schema = z.object({ id: z.number(), tag: z.string().default("none") });
    expect(parseCompiled(schema, { id: 1, extra: true })).toEqual({ value: { id: 1, tag: "none" } });
    expect(parseCompiled(schema, { id: "1" })).toBeUndefined();
    expect(runSchema(schema, { id: 1 })).toEqual({ value: { id: 1, tag: "none" }, issues: [] });
  });

  it("an invalid value gets zod's own issues, from the interpreter", () => {
    const schema = z.object({ id: z.number().int({ abort: true }) });
    const compiled = runSchema(schema, { id: 1.5 });
    expect(compiled.issues).toEqual(interpret(schema, { id: 1.5 }).issues);
    expect(compiled.issues[0]).toMatchObject({ code: "invalid_type", path: ["id"] });
  });

  it("accepts() agrees with zod on valid and invalid values, and recursive schemas run interpreted", () => {
    type Tree = { children?: Tree[] };
    const Tree: z.ZodType<Tree> = z.lazy(() => z.strictObject({ children: z.array(Tree).optional() }));
    for (const value of [{}, { children: [{}] }, { children: [{ x: 1 }] }, [], null]) {
      expect(accepts(Tree, value)).toBe(Tree.safeParse(value).success);
      expect(parseCompiled(Tree, value)).toBeUndefined(); // not compiled: zod refuses cycles
    }
    const list = z.array(z.string().min(2, { abort: true })).max(3, { abort: true });
    for (const value of [["ab"], ["a"], ["ab", "cd", "ef", "gh"], "ab"]) expect(accepts(list, value)).toBe(list.safeParse(value).success);
  });

  it("under z.config({ jitless: true }) nothing is compiled and everything still validates", () => {
    z.config({ jitless: true });
    try {
      const schema = z.object({ id: z.number() }); // fresh: compiled (or not) on first use
      expect(parseCompiled(schema, { id: 1 })).toBeUndefined();
      expect(runSchema(schema, { id: 1 })).toEqual({ value: { id: 1 }, issues: [] });
      expect(runSchema(schema, {}).issues).toHaveLength(1);
      expect(accepts(schema, { id: "x" })).toBe(false);
    } finally {
      z.config({ jitless: false });
    }
  });
});
