import "./copy-runtime.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstFailure } from "../../../.tmp/runtime-server-test/runtime/server/first-failure.js";
import { hasUniqueItems, oneOfObjects, requiredSets } from "../../../.tmp/runtime-server-test/runtime/zod-helpers.js";

const abortOnFail = { abort: true } as const;

/**
 * Schemas shaped as apigen prints them (arrays with item constraints and uniqueItems, strict and
 * open objects, records, optional and nullable members, refinements of the container), paired
 * with JSON values near them, valid and not.
 */
const schemas: Record<string, z.ZodType> = {
  items: z.array(z.object({ q: z.number().int(abortOnFail).gte(0, abortOnFail), s: z.string().max(2, abortOnFail).optional() })).max(6, abortOnFail),
  unique: z.array(z.union([z.number(), z.string()])).refine(hasUniqueItems, { message: "items must be unique", abort: true }),
  strict: z.strictObject({ a: z.string().optional(), b: z.array(z.number().gte(0, abortOnFail)).nullable().optional() }),
  nested: z.object({ inner: z.strictObject({ id: z.string().min(1, abortOnFail) }), list: z.array(z.strictObject({ n: z.number() })).optional() }),
  record: z.record(z.string(), z.array(z.boolean()).min(1, abortOnFail)),
  union: z.array(oneOfObjects([z.strictObject({ a: z.string() }), z.object({ b: z.number(), n: z.array(z.number()).optional() })], [["a"], ["b"]], [["a"], null])),
  alternatives: z.object({ x: z.number().optional(), y: z.number().optional() }).refine(requiredSets([["x"], ["y"]], true), { message: "exactly one of x, y", abort: true }),
};

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 7, "", "ab", "xyz", "a", "b", "q", "s", "n", "id"),
    fc.array(tie("value"), { maxLength: 8 }),
    fc.dictionary(fc.constantFrom("a", "b", "q", "s", "x", "y", "n", "id", "inner", "list", "k", "__proto__"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** An issue's identity for comparing: where it points and what kind it is. */
const where = (issue: { path?: PropertyKey[]; code: string }) => `${(issue.path ?? []).map(String).join("/")} ${issue.code}`;

describe("firstFailure (large invalid bodies)", () => {
  it("reports a failure zod's full parse reports too, for any value a schema rejects (property-based)", () => {
    let rejected = 0;
    for (const [name, schema] of Object.entries(schemas)) {
      fc.assert(
        fc.property(json, (value) => {
          const full = schema.safeParse(value);
          if (full.success) return;
          rejected++;
          const found = firstFailure(schema, value, 100);
          expect(found.issues.length, name).toBeGreaterThan(0);
          const reported = new Set(full.error.issues.map(where));
          for (const issue of found.issues) {
            expect(reported, `${name}: ${JSON.stringify(value)}`).toContain(where(issue));
            if (issue.code === "unrecognized_keys") {
              const keys = full.error.issues.find((i) => where(i) === where(issue)) as { keys: string[] };
              expect(keys.keys).toEqual(expect.arrayContaining(issue.keys));
            }
          }
        }),
        { numRuns: 400, seed: 11 },
      );
    }
    expect(rejected).toBeGreaterThan(1_000);
  });

  it("finds the one bad item of a long array, and the unknown keys of a wide strict object (at most the limit)", () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ q: i }));
    items.push({ q: 0, s: "too long" } as { q: number });
    const long = z.array(z.object({ q: z.number().int(abortOnFail), s: z.string().max(2, abortOnFail).optional() }));
    expect(firstFailure(long, items, 100).issues.map(where)).toEqual(["50000/s too_big"]);
    const wide: Record<string, unknown> = { a: "ok" };
    for (let i = 0; i < 5_000; i++) wide[`k${i}`] = i;
    const found = firstFailure(schemas.strict!, wide, 100).issues;
    expect(found).toHaveLength(1);
    expect(found[0]?.code).toBe("unrecognized_keys");
    expect(found[0]?.path ?? []).toEqual([]);
    expect((found[0] as { keys: string[] }).keys).toEqual(Array.from({ length: 100 }, (_, i) => `k${i}`));
  });

  it("works the same without zod's compiler (z.config({ jitless: true }), as under a CSP)", () => {
    z.config({ jitless: true });
    try {
      // Fresh schemas: each is compiled (or not) on first use.
      const long = z.array(z.strictObject({ q: z.number().gte(0, abortOnFail) }));
      const items = [...Array.from({ length: 1_000 }, (_, i) => ({ q: i })), { q: 1, r: 2 }];
      expect(firstFailure(long, items, 100).issues.map(where)).toEqual(["1000 unrecognized_keys"]);
    } finally {
      z.config({ jitless: false });
    }
  });

  it("a value zod accepts after all comes back parsed, with no issues", () => {
    expect(firstFailure(schemas.nested!, { inner: { id: "x" }, extra: 1 }, 100)).toEqual({ value: { inner: { id: "x" } }, issues: [] });
  });
});
