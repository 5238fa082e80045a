/**
 * The server's parameter decoder on input no client of ours sends: malformed escapes, keys that
 * name prototype members, half-written deepObject keys, prefixes missing. It never throws, never
 * touches a prototype, and leaves what it cannot read for the schema to reject.
 */
import { describe, expect, it } from "vitest";
import { decodeCookies, decodeHeaders, decodePath, decodeQuery, type ParamWire } from "../../../templates/server/runtime/params.js";

const filter: ParamWire = { name: "filter", style: "deepObject", explode: true, shape: { properties: { year: "number", tags: { items: "string" } }, additional: "string" } };
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("server parameter decoder on hostile input", () => {
  it("keeps prototype-named keys as data, never on a prototype", () => {
    const out = decodeQuery([filter], "/x?filter[__proto__][polluted]=1&filter[constructor][prototype][p]=2&filter[year]=3");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(Object.getPrototypeOf(out.filter)).toBeNull();
    expect((out.filter as Record<string, unknown>).year).toBe(3);
    const exploded: ParamWire = { name: "o", style: "form", explode: true, shape: { properties: {}, additional: "string" } };
    const object = decodeQuery([exploded], "/x?__proto__=1&toString=2").o as Record<string, unknown>;
    expect(Object.getPrototypeOf(object)).toBeNull();
    expect(Object.keys(object)).toEqual(["__proto__", "toString"]);
    expect([object["__proto__"], object.toString]).toEqual(["1", "2"]);
  });

  it("never throws on malformed percent-encoding: a stray % stays, invalid UTF-8 is U+FFFD (as URLSearchParams decodes)", () => {
    expect(plain(decodeQuery([filter], "/x?filter[year]=%ZZ&filter[tags]=%E9t%C3%A9").filter)).toEqual({ year: "%ZZ", tags: ["\uFFFDté"] });
    const ids: ParamWire = { name: "ids", style: "form", explode: false, shape: { items: "number" } };
    expect(decodeQuery([ids], "/x?ids=1,%,3").ids).toEqual([1, "%", 3]);
    expect(decodeCookies([ids], "ids=1%2,2").ids).toEqual(["1%2", 2]);
  });

  it("ignores keys that are not the parameter's: half-written brackets, other names", () => {
    expect(decodeQuery([filter], "/x?filter[year=1&filterx[year]=2&filter=3")).toEqual({});
  });

  it("leaves out a label or matrix value without its prefix, so the schema reports it missing", () => {
    const label: ParamWire = { name: "id", style: "label", explode: false, shape: "number" };
    const matrix: ParamWire = { name: "id", style: "matrix", explode: false, shape: "number" };
    expect(decodePath([label], "/a/{id}", "/a/5", {}, {})).toEqual({});
    expect(decodePath([matrix], "/a/{id}", "/a/;other=5", {}, {})).toEqual({});
    expect(decodePath([matrix], "/a/{id}", "/mount/a/;id=5", {}, {}).id).toBe(5);
  });

  it("reads a parameter sharing its segment with text from the router's decoded value, without decoding it twice", () => {
    const file: ParamWire = { name: "name", style: "simple", explode: false, shape: { items: "string" } };
    expect(decodePath([file], "/files/{name}.json", "/files/a%2525,b.json", { name: "a%25,b" }, { name: "name" }).name).toEqual(["a%25", "b"]);
  });

  it("splits header lists on commas with optional spaces, repeated header lines included", () => {
    const ids: ParamWire = { name: "X-Ids", style: "simple", explode: false, shape: { items: "number" } };
    expect(decodeHeaders([ids], { "x-ids": ["1, 2", "3"] })).toEqual({ "X-Ids": [1, 2, 3] });
  });
});
