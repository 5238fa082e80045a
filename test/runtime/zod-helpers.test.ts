import { describe, expect, it } from "vitest";
import { fromWireArray, fromWireBoolean, fromWireNumber, hasUniqueItems, isJsonEqual, withOwnKeysOnly } from "../../templates/core/runtime/zod-helpers.js";

describe("core runtime: zod helpers", () => {
  it("isJsonEqual compares structurally, ignoring key order", () => {
    expect(isJsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(isJsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(isJsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("hasUniqueItems uses JSON equality", () => {
    expect(hasUniqueItems([{ a: 1 }, { a: 2 }])).toBe(true);
    expect(hasUniqueItems([{ a: 1 }, { a: 1 }])).toBe(false);
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
