/** Component order for zod declarations, from hand-built IR: dependencies first, cycles found, spec order kept among equals. */
import { describe, expect, it } from "vitest";
import { orderComponents } from "../../src/emit/component-order.js";
import { arrayOf, component, id, object, ref, str } from "../helpers/ir.js";

const names = (list: { specName: string }[]) => list.map((c) => c.specName);

describe("orderComponents", () => {
  it.each([
    ["independent ones keep spec order", [component("B", str()), component("A", str())], ["B", "A"], []],
    ["a dependency moves before its user", [component("User", object({ a: ref("Address") })), component("Address", str())], ["Address", "User"], []],
    ["a chain comes out leaves first", [component("A", ref("B")), component("B", arrayOf(ref("C"))), component("C", str())], ["C", "B", "A"], []],
    ["a self-reference is recursive", [component("Node", object({ children: arrayOf(ref("Node")) }))], ["Node"], ["Node"]],
    ["a reference to a missing component is ignored", [component("A", ref("Missing"))], ["A"], []],
  ])("%s", (_name, components, order, recursive) => {
    const result = orderComponents(components);
    expect(names(result.ordered)).toEqual(order);
    expect([...result.recursive].sort()).toEqual(recursive.map(id).sort());
  });

  it("a two-component cycle is recursive, after its dependency and before its user (order within it free: both are lazy)", () => {
    const result = orderComponents([component("User", ref("A")), component("A", object({ b: ref("B"), s: ref("S") })), component("B", object({ a: ref("A") })), component("S", str())]);
    const order = names(result.ordered);
    expect(order[0]).toBe("S");
    expect(order.slice(1, 3).sort()).toEqual(["A", "B"]);
    expect(order[3]).toBe("User");
    expect([...result.recursive].sort()).toEqual([id("A"), id("B")]);
  });

  it("a chain 20,000 deep does not overflow the stack", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => component(`C${i}`, i === 19_999 ? str() : ref(`C${i + 1}`)));
    const result = orderComponents(chain);
    expect(result.ordered[0]!.specName).toBe("C19999");
    expect(result.ordered.at(-1)!.specName).toBe("C0");
  });
});
