/**
 * Read/write propagation through $ref, and which components a request can carry, from hand-built
 * IR: until now only a golden byte diff would have caught its loss.
 */
import { describe, expect, it } from "vitest";
import { componentsUsedInRequests, componentsWithDefaults, componentsWithReadWriteSplit } from "../../src/resolve/read-write.js";
import { resolveNames } from "../../src/resolve/resolve-names.js";
import { api, arrayOf, component, id, object, operation, ref, str } from "../helpers/ir.js";

// Leaf has a readOnly property; Middle holds a Leaf; Top holds an array of Middle; Plain has none;
// Flagged is readOnly as a whole and Holder refers to it; Cycle refers to itself and to Leaf.
const schemas = [
  component("Leaf", object({ id: str({ readOnly: true }), name: str() })),
  component("Middle", object({ leaf: ref("Leaf") })),
  component("Top", object({ items: arrayOf(ref("Middle")) })),
  component("Plain", object({ name: str() })),
  component("Flagged", { ...str(), readOnly: true }),
  component("Holder", object({ flagged: ref("Flagged") })),
  component("Cycle", object({ next: ref("Cycle"), leaf: ref("Leaf") })),
  component("Defaulted", object({ kind: str({ default: "a" }) })),
  component("HoldsDefaulted", object({ inner: ref("Defaulted") })),
];

describe("componentsWithReadWriteSplit", () => {
  const split = componentsWithReadWriteSplit(api(schemas));
  it.each([
    ["Leaf", true, "a readOnly property of its own"],
    ["Middle", true, "through one $ref"],
    ["Top", true, "through an array of a $ref of a $ref"],
    ["Cycle", true, "through a $ref on a cycle"],
    ["Holder", true, "a property whose $ref names a readOnly component"],
    ["Plain", false, "nothing read-only anywhere below"],
    ["Flagged", false, "readOnly as a whole: the property that uses it is left out, the component itself has one view"],
    ["Defaulted", false, "a default is not a read/write difference"],
  ])("%s: %s (%s)", (name, want) => {
    expect(split.has(id(name))).toBe(want);
  });
});

describe("componentsWithDefaults", () => {
  const defaults = componentsWithDefaults(api(schemas));
  it.each([
    ["Defaulted", true],
    ["HoldsDefaulted", true],
    ["Plain", false],
    ["Leaf", false],
  ])("%s: %s", (name, want) => expect(defaults.has(id(name))).toBe(want));
});

describe("componentsUsedInRequests", () => {
  const ops = [operation("createTop", "post", "/tops", { body: ref("Top"), response: ref("Plain") })];
  const used = componentsUsedInRequests(api(schemas, ops));
  it.each([
    ["Top", true, "the request body"],
    ["Middle", true, "reached from the body through $refs"],
    ["Leaf", true, "two $refs down"],
    ["Plain", false, "only in a response"],
    ["Cycle", false, "in no request"],
  ])("%s: %s (%s)", (name, want) => expect(used.has(id(name))).toBe(want));

  it("names follow: request-side views only where a request can use them", () => {
    const names = resolveNames(api(schemas, ops));
    const of = (name: string) => names.components.get(id(name))!;
    expect([of("Top").split, of("Top").inRequests, of("Top").writeType]).toEqual([true, true, "TopWrite"]);
    expect([of("Cycle").split, of("Cycle").inRequests]).toEqual([true, false]);
    expect(of("Plain").inRequests).toBe(false);
  });
});
