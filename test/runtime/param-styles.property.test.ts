/**
 * The client's parameter encoder and the server's decoder are two tables of OpenAPI styles; this
 * property test proves them equal (issue 11). For every location x style x explode the spec
 * allows, and generated values of each shape (scalars of each kind, arrays, objects, nested
 * deepObject values; strings with reserved, delimiter and non-ASCII characters), the CLIENT's
 * output (templates/client/runtime/serialize.ts) goes through the URL or Headers parsing a
 * server's HTTP stack does, then through the SERVER's decoder (templates/server/runtime/params.ts),
 * and must come back as the value sent. Cases the OpenAPI/RFC 6570 rules themselves make
 * ambiguous are excluded by name with the reason (AMBIGUOUS below), never silently.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { styleFields } from "../../src/emit/client/operation-spec.js";
import { expandPath, serializeCookies, serializeHeader, serializeQuery } from "../../templates/client/runtime/serialize.js";
import type { ParamSpec } from "../../templates/client/runtime/types.js";
import { decodeCookies, decodeHeaders, decodePath, decodeQuery, type ParamWire, type WireShape } from "../../templates/server/runtime/params.js";

type Location = ParamSpec["in"];
type ShapeKind = "scalar" | "array" | "object" | "deep" | "json";

interface Combo {
  in: Location;
  style: string;
  explode: boolean;
  allowReserved: boolean;
  kind: ShapeKind;
}

/** Every combination the spec defines (OpenAPI 3.1 "Style Values" table), plus JSON `content` in each location. */
function combos(): Combo[] {
  const out: Combo[] = [];
  const add = (location: Location, styles: string[], kinds: ShapeKind[], reserved = [false]) => {
    for (const style of styles)
      for (const explode of [false, true])
        for (const kind of kinds)
          for (const allowReserved of reserved) {
            // deepObject is defined for objects only, and only exploded.
            if (style === "deepObject" && (!explode || (kind !== "object" && kind !== "deep"))) continue;
            if (kind === "deep" && style !== "deepObject") continue;
            out.push({ in: location, style, explode, allowReserved, kind });
          }
  };
  add("path", ["simple", "label", "matrix"], ["scalar", "array", "object"]);
  add("query", ["form", "spaceDelimited", "pipeDelimited", "deepObject"], ["scalar", "array", "object", "deep"], [false, true]);
  add("header", ["simple"], ["scalar", "array", "object"]);
  add("cookie", ["form"], ["scalar", "array", "object"]);
  for (const location of ["path", "query", "header", "cookie"] as const) {
    for (const allowReserved of location === "query" ? [false, true] : [false]) out.push({ in: location, style: location === "path" || location === "header" ? "simple" : "form", explode: location === "query" || location === "cookie", allowReserved, kind: "json" });
  }
  return out;
}

// Characters that stress each style: delimiters, reserved characters, `%`, space, non-ASCII.
const CHARS = ["a", "Z", "0", "-", "_", "~", " ", ",", "|", ".", ";", "=", "&", "+", "#", "%", "?", "/", "[", "]", ":", "@", "!", "$", "'", "(", ")", "*", '"', "é", "日", "😀", "%41"];
// Header values travel as bytes without percent-encoding: printable ASCII only (fetch refuses the rest).
const HEADER_CHARS = CHARS.filter((c) => /^[\x20-\x7e]+$/.test(c));
const PROPS = ["a", "b c", "ü", "k=v", "x,y", "q&r"];

type Scalar = "string" | "number" | "boolean";

function scalarArb(kind: Scalar, location: Location): fc.Arbitrary<unknown> {
  if (kind === "number") return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => (Object.is(n, -0) ? 0 : n));
  if (kind === "boolean") return fc.boolean();
  return fc.string({ unit: fc.constantFrom(...(location === "header" ? HEADER_CHARS : CHARS)), maxLength: 5 });
}

const SCALARS: Scalar[] = ["string", "number", "boolean"];

/** A shape of the combination's kind and a value of that shape. */
function shapeAndValue(combo: Combo): fc.Arbitrary<{ shape: WireShape; value: unknown }> {
  const loc = combo.in;
  switch (combo.kind) {
    case "scalar":
      return fc.constantFrom(...SCALARS).chain((k) => scalarArb(k, loc).map((value) => ({ shape: k as WireShape, value })));
    case "array":
      return fc.constantFrom(...SCALARS).chain((k) => fc.array(scalarArb(k, loc), { maxLength: 4 }).map((value) => ({ shape: { items: k } as WireShape, value })));
    case "object": {
      // Keys that make every object of the combination ambiguous (see AMBIGUOUS) are left out there; others keep them.
      const props = combo.allowReserved ? PROPS.filter((p) => !/[&,]/.test(p)) : combo.in === "header" ? PROPS.filter((p) => !/[,=]/.test(p)) : PROPS;
      return fc.tuple(...props.map(() => fc.constantFrom(...SCALARS))).chain((kinds) => {
        const properties = Object.fromEntries(props.map((p, i) => [p, kinds[i]!]));
        const record = Object.fromEntries(props.map((p, i) => [p, scalarArb(kinds[i]!, loc)]));
        return fc.record(record, { requiredKeys: [] }).map((value) => ({ shape: { properties } as WireShape, value }));
      });
    }
    case "deep": {
      const shape: WireShape = { properties: { name: "string", n: "number", flag: "boolean", "b c": "string", list: { items: "number" }, words: { items: "string" }, inner: { properties: { p: "number", "ü": "string", deeper: { properties: { q: "boolean" } } } } } };
      const value = fc.record(
        {
          name: scalarArb("string", loc),
          n: scalarArb("number", loc),
          flag: fc.boolean(),
          "b c": scalarArb("string", loc),
          list: fc.array(scalarArb("number", loc), { maxLength: 3 }),
          words: fc.array(scalarArb("string", loc), { maxLength: 3 }),
          inner: fc.record({ p: scalarArb("number", loc), "ü": scalarArb("string", loc), deeper: fc.record({ q: fc.boolean() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      );
      return value.map((v) => ({ shape, value: v }));
    }
    case "json":
      return fc
        .jsonValue({ maxDepth: 2, noUnicodeString: loc === "header" })
        .filter((v) => v !== null)
        .map((v) => ({ shape: "string" as WireShape, value: JSON.parse(JSON.stringify(v)) as unknown }));
  }
}

/** Every text a value puts on the wire (object keys included), and whether it holds an empty container. */
function texts(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) texts(item, into);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      texts(v, into);
    }
  else into.push(String(value));
  return into;
}

function hasEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 || value.some(hasEmptyContainer);
  if (value !== null && typeof value === "object") return Object.keys(value).length === 0 || Object.values(value).some(hasEmptyContainer);
  return false;
}

const delimited = (c: Combo) => (c.kind === "array" || c.kind === "object") && !c.explode;

/**
 * Ambiguous by the OpenAPI/RFC 6570/RFC 9110 rules themselves, not by either runtime: each rule
 * names the combinations and values it excludes, and why.
 */
const AMBIGUOUS: { reason: string; applies: (c: Combo, value: unknown) => boolean }[] = [
  {
    reason: "an empty list or object is 'undefined' in RFC 6570: nothing is sent in query, cookie and path styles, so it cannot come back as [] or {} (headers send an empty value and do round-trip)",
    applies: (c, v) => c.kind !== "json" && c.in !== "header" && hasEmptyContainer(v),
  },
  {
    reason: "headers: an empty object or list sends an empty value, which has no members either way; an object sends nothing for it",
    applies: (c, v) => c.in === "header" && c.kind === "object" && hasEmptyContainer(v),
  },
  {
    reason: "a header list of one empty string sends an empty value, the same as an empty list (query and cookie send `p=`, which the server reads as one empty item)",
    applies: (c, v) => c.kind === "array" && c.in === "header" && Array.isArray(v) && v.length === 1 && v[0] === "",
  },
  {
    reason: "spaceDelimited: the delimiter is %20, the same bytes as a space inside a value (OpenAPI style table)",
    applies: (c, v) => c.style === "spaceDelimited" && delimited(c) && texts(v).some((t) => t.includes(" ")),
  },
  {
    reason: "allowReserved leaves reserved characters unencoded (RFC 6570 reserved expansion): & splits pairs, # starts the fragment, + is a space in form decoding, and %XX triplets pass through as they are",
    applies: (c, v) => c.allowReserved && texts(v).some((t) => /[&#+]|%[0-9A-Fa-f]{2}/.test(t)),
  },
  {
    reason: "allowReserved with a comma-delimited form value: the comma is a reserved character left unencoded, so it is both delimiter and data",
    applies: (c, v) => c.allowReserved && c.style === "form" && delimited(c) && texts(v).some((t) => t.includes(",")),
  },
  {
    reason: "label style, exploded: `.` separates items and `.` is unreserved, never percent-encoded (RFC 6570 3.2.5)",
    applies: (c, v) => c.style === "label" && c.explode && c.kind !== "scalar" && c.kind !== "json" && texts(v).some((t) => t.includes(".")),
  },
  {
    reason: "headers are not percent-encoded: a comma inside an item or member is the list separator, `=` in an exploded key separates it from its value (RFC 9110 5.6.1)",
    applies: (c, v) => c.in === "header" && (c.kind === "array" || c.kind === "object") && texts(v).some((t) => t.includes(",") || (c.explode && t.includes("="))),
  },
  {
    reason: "headers: whitespace around a value or list item is not part of it (RFC 9110 5.5, 5.6.1)",
    applies: (c, v) => c.in === "header" && c.kind !== "json" && texts(v).some((t) => t !== t.trim()),
  },
];

const NAME = "p";
const TEMPLATE = "/t/{p}";

/** Client encode -> what the server's HTTP stack receives -> server decode. */
function roundTrip(combo: Combo, shape: WireShape, value: unknown): { decoded: unknown; refused?: boolean } {
  // As the generator writes it: defaults left out (the runtime supplies them).
  const spec: ParamSpec = { name: NAME, in: combo.in, ...styleFields(combo.in, combo.style, combo.explode) };
  if (combo.allowReserved) spec.allowReserved = true;
  if (combo.kind === "json") spec.json = true;
  const wire: ParamWire = { name: NAME, style: combo.style, explode: combo.explode, shape };
  if (combo.kind === "json") wire.json = true;
  switch (combo.in) {
    case "query": {
      const url = new URL(`http://example.test/t?${serializeQuery([spec], { [NAME]: value })}`);
      return { decoded: decodeQuery([wire], url.pathname + url.search)[NAME] };
    }
    case "path": {
      let target: string;
      try {
        target = expandPath(TEMPLATE, [spec], { [NAME]: value });
      } catch {
        // An empty, `.` or `..` segment would be another route: the client refuses to send it.
        return { decoded: undefined, refused: true };
      }
      const url = new URL(`http://example.test${target}`);
      return { decoded: decodePath([wire], TEMPLATE, url.pathname, {}, {})[NAME] };
    }
    case "header": {
      const headers = new Headers();
      const text = serializeHeader(spec, value);
      if (text !== undefined) headers.set("x-p", text);
      return { decoded: decodeHeaders([{ ...wire, name: "X-P" }], { "x-p": headers.get("x-p") ?? undefined })["X-P"] };
    }
    case "cookie": {
      const headers = new Headers({ cookie: serializeCookies([spec], { [NAME]: value }) });
      return { decoded: decodeCookies([wire], headers.get("cookie") ?? undefined)[NAME] };
    }
  }
}

/** The decoder builds prototype-free objects; compare them as plain data. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

describe("client serializer -> server decoder, every parameter style", () => {
  const all = combos();

  it("covers every location x style x explode the spec defines", () => {
    const seen = new Set(all.map((c) => `${c.in}:${c.style}:${c.explode}`));
    for (const key of ["path:simple:false", "path:simple:true", "path:label:false", "path:label:true", "path:matrix:false", "path:matrix:true", "query:form:false", "query:form:true", "query:spaceDelimited:false", "query:pipeDelimited:false", "query:deepObject:true", "header:simple:false", "header:simple:true", "cookie:form:false", "cookie:form:true"]) {
      expect(seen.has(key), key).toBe(true);
    }
  });

  it("decodes what the client encoded, for generated values of every shape", () => {
    const checked = new Map<string, number>();
    const excluded = new Map<string, number>();
    const arb = fc.constantFrom(...all).chain((combo) => shapeAndValue(combo).map(({ shape, value }) => ({ combo, shape, value })));
    fc.assert(
      fc.property(arb, ({ combo, shape, value }) => {
        const rule = AMBIGUOUS.find((r) => r.applies(combo, value));
        if (rule) excluded.set(rule.reason, (excluded.get(rule.reason) ?? 0) + 1);
        fc.pre(rule === undefined);
        const { decoded, refused } = roundTrip(combo, shape, value);
        fc.pre(!refused);
        const key = JSON.stringify(combo);
        checked.set(key, (checked.get(key) ?? 0) + 1);
        expect(plain(decoded)).toEqual(value);
      }),
      { numRuns: 6000, seed: 20261202, endOnFailure: true },
    );
    // Every combination was exercised by values the rules left in, and every rule excluded something.
    for (const combo of all) expect(checked.get(JSON.stringify(combo)) ?? 0, JSON.stringify(combo)).toBeGreaterThan(5);
    for (const rule of AMBIGUOUS) expect(excluded.get(rule.reason) ?? 0, rule.reason).toBeGreaterThan(0);
  });

  it("writes the same wire whether the spec states OpenAPI's default style and explode or leaves them to the runtime", () => {
    const wireOf = (spec: ParamSpec, value: unknown): string | undefined => {
      if (spec.in === "query") return serializeQuery([spec], { [NAME]: value });
      if (spec.in === "cookie") return serializeCookies([spec], { [NAME]: value });
      if (spec.in === "header") return serializeHeader(spec, value);
      try {
        return expandPath(TEMPLATE, [spec], { [NAME]: value });
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    };
    const arb = fc.constantFrom(...all).chain((combo) => shapeAndValue(combo).map(({ value }) => ({ combo, value })));
    fc.assert(
      fc.property(arb, ({ combo, value }) => {
        const extra: Partial<ParamSpec> = { ...(combo.allowReserved ? { allowReserved: true } : {}), ...(combo.kind === "json" ? { json: true } : {}) };
        const stated: ParamSpec = { name: NAME, in: combo.in, style: combo.style, explode: combo.explode, ...extra };
        const compact: ParamSpec = { name: NAME, in: combo.in, ...styleFields(combo.in, combo.style, combo.explode), ...extra };
        expect(wireOf(compact, value)).toBe(wireOf(stated, value));
      }),
      { numRuns: 3000, seed: 20261204 },
    );
    // What is left out: the defaults, and only them.
    expect(styleFields("query", "form", true)).toEqual({});
    expect(styleFields("cookie", "form", false)).toEqual({ explode: false });
    expect(styleFields("path", "simple", false)).toEqual({});
    expect(styleFields("header", "simple", true)).toEqual({ explode: true });
    expect(styleFields("query", "deepObject", true)).toEqual({ style: "deepObject", explode: true });
    expect(styleFields("query", "pipeDelimited", false)).toEqual({ style: "pipeDelimited" });
  });

  it("decodes values the rules call ambiguous in the documented way, not by accident", () => {
    const form = (explode: boolean, allowReserved = false): ParamSpec => ({ name: NAME, in: "query", style: "form", explode, allowReserved });
    const wire = (shape: WireShape, explode: boolean, style = "form"): ParamWire[] => [{ name: NAME, style, explode, shape }];
    // Encoded commas stay inside values (RFC 6570); only allowReserved makes them delimiters.
    expect(decodeQuery(wire({ items: "string" }, false), `/t?${serializeQuery([form(false)], { p: ["a,b", "c"] })}`)[NAME]).toEqual(["a,b", "c"]);
    expect(decodeQuery(wire({ items: "string" }, false), `/t?${serializeQuery([form(false, true)], { p: ["a,b", "c"] })}`)[NAME]).toEqual(["a", "b", "c"]);
    expect(plain(decodeQuery(wire({ properties: { a: "string" } }, false), `/t?${serializeQuery([form(false)], { p: { a: "x,y" } })}`)[NAME])).toEqual({ a: "x,y" });
    // An empty list sends nothing.
    expect(serializeQuery([form(true)], { p: [] })).toBe("");
    // `p=` is one empty item, as the client writes `[""]` (an empty list is no pair at all).
    expect(decodeQuery(wire({ items: "string" }, false), "/t?p=")[NAME]).toEqual([""]);
  });
});
