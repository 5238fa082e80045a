import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allOfClosed, oneOfObjects, oneOfTagged } from "../../templates/core/runtime/zod-unions.js";

const tagged = (value: string, variant: z.ZodType, required = true) =>
  z.intersection(z.strictObject({ type: required ? z.literal(value) : z.literal(value).optional() }), variant);
const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ code: i.code, path: i.path }));
};

describe("core runtime: zod unions", () => {
  const Card = z.strictObject({ type: z.literal("card"), token: z.string().min(8) });
  // A strict variant that does not declare the tag itself (the tag lives in the union).
  const Wallet = z.strictObject({ provider: z.enum(["apple_pay", "paypal"]) });
  const union = oneOfTagged("type", [tagged("card", Card), tagged("wallet", Wallet)], ["card", "wallet"]);

  it("parses the variant the tag selects, strictly, with the tag in the output", () => {
    expect(union.parse({ type: "card", token: "12345678" })).toEqual({ type: "card", token: "12345678" });
    expect(union.parse({ type: "wallet", provider: "paypal" })).toEqual({ type: "wallet", provider: "paypal" });
    expect(issuesOf(union, { type: "wallet", provider: "paypal", extra: 1 })).toEqual([{ code: "unrecognized_keys", path: [] }]);
    expect(issuesOf(union, { type: "card", token: "1" })).toEqual([{ code: "too_small", path: ["token"] }]);
  });

  it("an unknown or missing tag is one issue at the tag; a non-object one at the value", () => {
    for (const value of [{ type: "cash" }, {}, { type: 1 }]) {
      const result = union.safeParse(value);
      expect(result.error?.issues).toEqual([expect.objectContaining({ code: "invalid_value", path: ["type"], values: ["card", "wallet"] })]);
    }
    expect(issuesOf(union, "card")).toEqual([{ code: "invalid_type", path: [] }]);
  });

  it("without a required tag, tries every variant; untagged variants when no tag matches", () => {
    const loose = oneOfTagged("type", [tagged("card", Card), tagged("wallet", Wallet, false), z.string()], ["card", "wallet", null], true);
    expect(loose.parse({ provider: "apple_pay" })).toEqual({ provider: "apple_pay" });
    expect(loose.parse("plain")).toBe("plain");
    expect(issuesOf(loose, { provider: "nope" })[0]?.code).toBe("invalid_union");
  });

  it("allOfClosed allows every member's keys and rejects the others", () => {
    const Base = z.object({ name: z.string() });
    const closed = allOfClosed(["name", "size"], z.intersection(Base, z.strictObject({ size: z.number().optional() })));
    expect(closed.parse({ name: "a", size: 1 })).toEqual({ name: "a", size: 1 });
    expect(issuesOf(closed, { name: "a", color: "red" })).toEqual([{ code: "unrecognized_keys", path: [] }]);
    // Without it, zod's intersection lets the extra key through (stripped): the defect fixed here.
    expect(z.intersection(Base, z.strictObject({ size: z.number().optional() })).safeParse({ name: "a", color: "red" }).success).toBe(true);
  });

  it("oneOfObjects parses only variants that can match, and only the closest when none can", () => {
    const calls = [0, 0, 0];
    const counted = (i: number, schema: z.ZodType) => z.preprocess((v) => (calls[i]!++, v), schema);
    const union = oneOfObjects(
      [counted(0, z.strictObject({ s0: z.number() })), counted(1, z.strictObject({ s1: z.number(), name: z.string().optional() })), counted(2, z.strictObject({ s2: z.number() }))],
      [["s0"], ["s1"], ["s2"]],
      [["s0"], ["s1", "name"], ["s2"]],
    );
    expect(union.parse({ s2: 1 })).toEqual({ s2: 1 });
    expect(calls).toEqual([0, 0, 1]);
    // Matches none: one parse, of the variant missing the fewest required properties. A parse
    // that fails runs twice: compiled, then in zod's interpreter for its issues (zod-compiled.ts).
    expect(issuesOf(union, { s1: "x", name: "n" })).toEqual([{ code: "invalid_type", path: ["s1"] }]);
    expect(calls).toEqual([0, 2, 1]);
    expect(issuesOf(union, { other: 1 })).toEqual([{ code: "invalid_type", path: ["s0"] }, { code: "unrecognized_keys", path: [] }]);
    expect(calls).toEqual([2, 2, 1]);
  });

  it("the union schemas keep their parse through zod's methods: refine, describe, optional, array", () => {
    // They are a schema type of their own (not a pipe); a clone that lost the parse would accept anything.
    for (const derived of [union.refine(() => true), union.describe("a payment"), union.optional(), union.array().element]) {
      expect(derived.safeParse({ type: "cash" }).success).toBe(false);
      expect(derived.parse({ type: "card", token: "12345678" })).toEqual({ type: "card", token: "12345678" });
    }
    expect(union.optional().parse(undefined)).toBeUndefined();
    expect(issuesOf(union.refine(() => false, { message: "no" }), { type: "card", token: "12345678" })).toEqual([{ code: "custom", path: [] }]);
  });

  it("inside an object, a required union property stays required", () => {
    expect(issuesOf(z.object({ pay: union }), {})).toEqual([{ code: "invalid_type", path: ["pay"] }]);
  });
});
