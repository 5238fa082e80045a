import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, hasNoRepeatedNumber, hasNoRepeatedValue, requiredSets, fromWireArray, fromWireBoolean, fromWireNumber, hasUniqueItems, isJsonEqual, withOwnKeysOnly } from "../../templates/core/runtime/zod-helpers.js";

describe("core runtime: zod helpers", () => {
  it("isJsonEqual compares structurally, ignoring key order", () => {
    expect(isJsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(isJsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(isJsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("hasUniqueItems uses JSON equality", () => {
    expect(hasUniqueItems([{ a: 1 }, { a: 2 }])).toBe(true);
    expect(hasUniqueItems([{ a: 1 }, { a: 1 }])).toBe(false);
    expect(hasUniqueItems([{ a: 1, b: [2] }, { b: [2], a: 1 }])).toBe(false); // key order does not count
    expect(hasUniqueItems([1, "1", true, "true", null, "null", [1], "[1]"])).toBe(true); // types do
    expect(hasUniqueItems([0, -0])).toBe(false);
    // Wide objects take Array#sort instead of the insertion sort of short key lists.
    const keys = Array.from({ length: 20 }, (_, i) => `k${(i * 7) % 20}`);
    const forward = Object.fromEntries(keys.map((k) => [k, k]));
    const backward = Object.fromEntries([...keys].reverse().map((k) => [k, k]));
    expect(canonicalJson(backward)).toBe(canonicalJson(forward));
    expect(canonicalJson(forward)).toBe(JSON.stringify(Object.fromEntries([...keys].sort().map((k) => [k, k]))));
  });

  it("canonical keys agree with isJsonEqual on any JSON values (property-based)", () => {
    // Small alphabets so that equal pairs come up often, not only distinct ones.
    const value = fc.letrec((tie) => ({
      json: fc.oneof({ depthSize: "small" }, fc.constantFrom(null, true, false, 0, -0, 1, 1.5), fc.constantFrom("", "a", "1", "null"), fc.array(tie("json"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c"), tie("json"), { maxKeys: 3 })),
    })).json;
    fc.assert(
      fc.property(value, value, (a, b) => (canonicalJson(a) === canonicalJson(b)) === isJsonEqual(a, b)),
      { numRuns: 2000, seed: 16 },
    );
    const pairwise = (items: unknown[]) => items.every((x, i) => items.every((y, j) => i === j || !isJsonEqual(x, y)));
    fc.assert(fc.property(fc.array(value, { maxLength: 6 }), (items) => hasUniqueItems(items) === pairwise(items)), { numRuns: 1000, seed: 16 });
    // Past 16 items the keys are sorted instead: a wider alphabet, so that unique arrays come up too.
    const wide = fc.letrec((tie) => ({
      json: fc.oneof({ depthSize: "small" }, fc.integer({ min: -40, max: 40 }), fc.constantFrom(null, true, false, -0, 0.5), fc.string({ maxLength: 2 }), fc.array(tie("json"), { maxLength: 2 }), fc.dictionary(fc.constantFrom("a", "b", "10", "2", "__proto__"), tie("json"), { maxKeys: 3 })),
    })).json;
    // Distinct items, then (for some runs) a twin of one of them with its keys in reverse order.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    const withTwin = fc.tuple(fc.uniqueArray(wide, { minLength: 17, maxLength: 30, comparator: isJsonEqual }), fc.option(fc.tuple(fc.nat(), fc.nat())));
    let unique = 0;
    fc.assert(
      fc.property(withTwin, ([distinct, twin]) => {
        const items = [...distinct];
        if (twin) items.splice(twin[1] % (items.length + 1), 0, reversed(items[twin[0] % items.length]) as (typeof items)[number]);
        const expected = pairwise(items);
        if (expected) unique++;
        return hasUniqueItems(items) === expected;
      }),
      { numRuns: 1000, seed: 16 },
    );
    expect(unique).toBeGreaterThan(100);
    expect(unique).toBeLessThan(900);
  });

  it("numbers made to collide in the hash table are still judged right (by sorting)", () => {
    const collide = [0, 0] as const; // every number hashes to the same slot
    const distinct = Array.from({ length: 5_000 }, (_, i) => i / 4 - 300);
    expect(hasNoRepeatedNumber(distinct, collide)).toBe(true);
    expect(hasNoRepeatedNumber([...distinct, -0, 0], collide)).toBe(false);
    expect(hasNoRepeatedNumber([...distinct, distinct[1234]!], collide)).toBe(false);
    expect(hasNoRepeatedNumber([...distinct, 1e300, -1e300, 5e-324])).toBe(true);
  });

  it("objects made to collide in the hash table are still judged right (by sorting canonical keys)", () => {
    const collide = () => 7; // every item hashes to the same slot
    const distinct = Array.from({ length: 3_000 }, (_, i) => ({ b: i % 7, a: [i] }));
    expect(hasNoRepeatedValue(distinct, collide)).toBe(true);
    expect(hasNoRepeatedValue([...distinct, { a: [1234], b: 1234 % 7 }], collide)).toBe(false);
    expect(hasNoRepeatedValue([...distinct, null, true, false, [], {}], collide)).toBe(true);
    // The real hash: key order does not matter, 0 and -0 are one number, types count.
    expect(hasNoRepeatedValue([...distinct, { a: [0], b: -0 }])).toBe(false);
    expect(hasNoRepeatedValue([...distinct, { a: ["0"], b: 0 }])).toBe(true);
  });

  it("hasUniqueItems is linear: 1 MiB of distinct numbers, then one repeat at the end", () => {
    // 150,000 numbers is about 1 MiB of JSON; the pairwise check took about a minute on it.
    const items = Array.from({ length: 150_000 }, (_, i) => i * 7);
    expect(hasUniqueItems(items)).toBe(true);
    expect(hasUniqueItems([...items, 7 * 149_999])).toBe(false);
  });

  it("requiredSets: exactly one (oneOf) or at least one (anyOf) set of properties present in full", () => {
    const oneOf = requiredSets([["title", "category"], ["title", "slug"]], true);
    expect(oneOf({ title: "t", category: "c" })).toBe(true);
    expect(oneOf({ title: "t" })).toBe(false);
    expect(oneOf({ title: "t", category: "c", slug: "s" })).toBe(false);
    expect(requiredSets([["a"], ["b"]], false)({ a: 1, b: 2 })).toBe(true);
    expect(requiredSets([["a"], ["b"]], false)({ a: undefined })).toBe(false);
  });

  it("wire coercions turn strings into the declared type and leave anything else to fail validation", () => {
    expect(fromWireNumber("42")).toBe(42);
    expect(fromWireNumber("")).toBe("");
    expect(fromWireNumber("4x")).toBe("4x");
    expect(fromWireBoolean("true")).toBe(true);
    expect(fromWireBoolean("yes")).toBe("yes");
    expect(fromWireArray(",", fromWireNumber)("1,2")).toEqual([1, 2]);
    expect(fromWireArray(null, fromWireNumber)(["1", "2"])).toEqual([1, 2]);
    expect(fromWireArray(null)("a")).toEqual(["a"]);
    expect(fromWireArray("|")("")).toEqual([]);
  });

  it("withOwnKeysOnly copies own keys (even __proto__) onto a prototype-free object", () => {
    const copy = withOwnKeysOnly(JSON.parse('{"__proto__": {"x": 1}, "a": 2}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(null);
    expect(Object.keys(copy)).toEqual(["__proto__", "a"]);
    expect(copy.toString).toBeUndefined();
  });
});
