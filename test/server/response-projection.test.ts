/**
 * The response filter over tricky schemas (test/fixtures/specs/3.1/response-projection.yaml):
 * the generator's projection table (src/emit/server/projection.ts) in a generated
 * server/contract.gen.ts, compiled with tsc --strict, walked by the runtime's `project`
 * (templates/server/runtime/project.ts) as the server does before sending a JSON body.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const SPEC = path.join(FIXTURES, "specs", "3.1", "response-projection.yaml");
const OUT = path.join(SCRATCH, "response-projection");

let C: any;
let project: (node: unknown, value: unknown) => any;
let filteredResult: (declared: unknown, result: unknown, contentType: string) => any;
/** The body as the server would send it for an operation's 200. */
const sent = (operation: string, value: unknown) => project(C[`${operation}Contract`].responses["200"].projection, value);

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", SPEC, "--out", OUT, "--server", "express", "--no-lint"]);
  expect(result.status, result.stderr).toBe(0);
  expect(typecheck(OUT, ["server/**/*.ts", "runtime/**/*.ts", "*.gen.ts"])).toBe("");
  C = await import(path.join(OUT, "server", "contract.gen.ts"));
  ({ project, filteredResult } = await import(path.join(OUT, "runtime", "server", "project.ts")));
}, 120_000);

describe("response projection", () => {
  it("strips writeOnly and undeclared properties at every depth of a recursive schema", () => {
    const leaf = { id: "3", name: "Mugs", children: [], secret: "s3", internal_rank: 7 };
    const tree = { id: "1", name: "Kitchen", secret: "s1", parent: null, children: [{ id: "2", name: "Cups", parent: { id: "1", name: "Kitchen", children: [], db_row: 1 }, children: [leaf] }] };
    expect(sent("getCategory", tree)).toEqual({
      id: "1",
      name: "Kitchen",
      parent: null,
      children: [{ id: "2", name: "Cups", parent: { id: "1", name: "Kitchen", children: [] }, children: [{ id: "3", name: "Mugs", children: [] }] }],
    });
    // Keys keep their order; nothing is copied when there is nothing to strip.
    expect(Object.keys(sent("getCategory", { children: [], name: "n", id: "i", secret: "x" }))).toEqual(["children", "name", "id"]);
    const clean = { id: "1", name: "Kitchen", children: [{ id: "2", name: "Cups", children: [] }] };
    expect(sent("getCategory", clean)).toBe(clean);
  });

  it("picks a discriminated union's variant by its tag, and keeps what any variant declares for an unknown tag", () => {
    const pets = [
      { pet_type: "cat", name: "Tom", microchip: "985112", lives: 9, bark: "no" },
      { pet_type: "dog", name: "Rex", bark: "woof", lives: 1, owner_ssn: "x" },
      { pet_type: "ferret", name: "Fred", microchip: "1", lives: 2, bark: "squeak", owner_ssn: "x" },
    ];
    expect(sent("listPets", pets)).toEqual([
      { pet_type: "cat", name: "Tom", lives: 9 },
      { pet_type: "dog", name: "Rex", bark: "woof" },
      { pet_type: "ferret", name: "Fred", lives: 2, bark: "squeak" },
    ]);
  });

  it("tells anyOf variants apart by a constant property when there is no discriminator", () => {
    expect(sent("listShapes", [{ kind: "circle", radius: 1, side: 2 }, { kind: "square", side: 2, radius: 1 }])).toEqual([
      { kind: "circle", radius: 1 },
      { kind: "square", side: 2 },
    ]);
  });

  it("keeps the union of what the variants whose required properties are present declare", () => {
    expect(sent("getThing", { a: "1", shared: { x: 1, y: 2, z: 3 }, b_extra: 1 })).toEqual({ a: "1", shared: { x: 1 } });
    expect(sent("getThing", { b: "1", shared: { x: 1, y: 2, z: 3 } })).toEqual({ b: "1", shared: { y: 2 } });
    // Both variants match: the union of both, nested too.
    expect(sent("getThing", { a: "1", b: "2", c: "3", shared: { x: 1, y: 2, z: 3 } })).toEqual({ a: "1", b: "2", shared: { x: 1, y: 2 } });
    // None matches: what any variant of the value's kind declares.
    expect(sent("getThing", { shared: { x: 1, z: 3 }, c: 1 })).toEqual({ shared: { x: 1 } });
    expect(sent("getThing", "just a string")).toBe("just a string");
  });

  it("merges allOf members (writeOnly in any member wins) and distributes an allOf over its oneOf member", () => {
    const body = {
      account: { id: "a1", email: "e@x", password: "hunter2", profile: { x: 1, y: 2, z: 3 }, role: "admin" },
      owner: { id: "o1", password: "pw", kind: "person", first_name: "Ada", company: "ACME", tax_id: "t" },
      audit: { by: "root" },
    };
    expect(sent("getAccount", body)).toEqual({
      account: { id: "a1", email: "e@x", profile: { x: 1, y: 2 } },
      owner: { id: "o1", kind: "person", first_name: "Ada" },
    });
    expect(sent("getAccount", { account: { id: "a" }, owner: { id: "o", kind: "company", company: "ACME", first_name: "Ada" } }).owner).toEqual({ id: "o", kind: "company", company: "ACME" });
  });

  it("keeps additionalProperties as declared, projects tuples and nested arrays, leaves free-form objects and null alone", () => {
    const bag = {
      open: { name: "n", anything: { deep: true } },
      typed: { k1: { x: 1, leak: 1 }, k2: { x: 2 } },
      closed: { name: "n", leak: 1 },
      free: { whatever: { nested: [1] } },
      pair: [{ x: 1, leak: 1 }, "second", { y: 3, leak: 1 }, { y: 4 }],
      grid: [[{ x: 1, leak: 1 }], [{ x: 2 }]],
      tags: ["a", "b"],
      maybe: null,
      internal: "strip me",
    };
    expect(sent("getBag", bag)).toEqual({
      open: { name: "n", anything: { deep: true } },
      typed: { k1: { x: 1 }, k2: { x: 2 } },
      closed: { name: "n" },
      free: { whatever: { nested: [1] } },
      pair: [{ x: 1 }, "second", { y: 3 }, { y: 4 }],
      grid: [[{ x: 1 }], [{ x: 2 }]],
      tags: ["a", "b"],
      maybe: null,
    });
    expect(sent("getBag", { ...bag, internal: undefined, closed: undefined, maybe: { z: 1, leak: 2 } }).maybe).toEqual({ z: 1 });
  });

  it("projects what toJSON returns (entities, as JSON.stringify would send them) and never sets a prototype", () => {
    class Entity {
      toJSON() {
        return { id: "1", name: "Kitchen", children: [], password_hash: "$2b$..." };
      }
    }
    expect(sent("getCategory", new Entity())).toEqual({ id: "1", name: "Kitchen", children: [] });
    const hostile = JSON.parse('{"id":"1","name":"n","children":[],"__proto__":{"polluted":true},"x":1}');
    const out = sent("getCategory", hostile);
    expect(JSON.stringify(out)).toBe('{"id":"1","name":"n","children":[]}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
  });

  it("filters JSON bodies only: bytes and non-JSON media types are sent as they are", () => {
    const declared = C.getCategoryContract.responses["200"];
    const row = { id: "1", name: "n", children: [], secret: "s" };
    expect(filteredResult(declared, { status: 200, body: row }, "application/json").body).toEqual({ id: "1", name: "n", children: [] });
    expect(filteredResult(declared, { status: 200, body: row }, "application/vnd.api+json; charset=utf-8").body).toEqual({ id: "1", name: "n", children: [] });
    for (const [body, type] of [[Buffer.from(JSON.stringify(row)), "application/json"], [new Uint8Array([123, 125]), "application/json"], ["text", "application/json"], [row, "text/csv"]] as const) {
      const result = { status: 200, body };
      expect(filteredResult(declared, result, type)).toBe(result);
    }
  });
});
