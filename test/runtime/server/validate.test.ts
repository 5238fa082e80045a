import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ProblemError } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import { collectIssues, escapePointerToken, FULL_REPORT_BYTES, MAX_FIELD_ERRORS, toPointer, validateInputs, validationPlan } from "../../../.tmp/runtime-server-test/runtime/server/validate.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { OperationContract } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { rawRequest } from "./helpers.js";

const num = z.preprocess((v) => (typeof v === "string" && v !== "" ? Number(v) : v), z.number().int().min(1).max(100));
const contract: OperationContract = {
  id: "updateOrder",
  method: "PUT",
  path: "/orders/{orderId}",
  pathParams: { order_id: "orderId" },
  params: {
    path: z.object({ orderId: z.string().regex(/^o\d+$/) }),
    query: z.object({ limit: num.optional(), tag: z.array(z.string()).optional() }),
    headers: z.object({ "If-Match": z.string() }),
    cookies: z.object({ session: z.string().min(3) }),
  },
  headerNames: ["If-Match"],
  body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ items: z.array(z.object({ quantity: z.number().int().positive() })) }) } },
  responses: { "200": { contentTypes: ["application/json"] } },
};
const plan = validationPlan(contract);

function failure(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    return error as ProblemError;
  }
  throw new Error("expected a throw");
}

describe("pointers", () => {
  it("escapes ~ and / per RFC 6901", () => {
    expect(escapePointerToken("a/b~c")).toBe("a~1b~0c");
    expect(escapePointerToken("~1")).toBe("~01");
    expect(toPointer("body", ["items", 0, "quantity"])).toBe("/body/items/0/quantity");
    expect(toPointer("query", ["filter/x~y"])).toBe("/query/filter~1x~0y");
    expect(toPointer("body", [])).toBe("/body");
  });

  it("points at each unknown key of a strict object", () => {
    const errors: { pointer: string; message: string }[] = [];
    const result = z.strictObject({ a: z.string() }).safeParse({ a: "x", "b/c": 1, d: 2 });
    if (!result.success) collectIssues("body", result.error, errors);
    expect(errors.map((e) => e.pointer)).toEqual(["/body/b~1c", "/body/d"]);
  });

  it("reports at most MAX_FIELD_ERRORS errors, however many the body has", () => {
    const errors: { pointer: string; message: string }[] = [];
    const keys = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const result = z.array(z.strictObject({ a: z.string() })).safeParse([keys, { a: 1 }]);
    if (!result.success) collectIssues("body", result.error, errors);
    expect(errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(errors[0]?.pointer).toBe("/body/0/a");
  });

  it("for a union no variant matched, reports the closest variant's errors inside it", () => {
    const errors: { pointer: string; message: string }[] = [];
    const union = z.union([z.string(), z.strictObject({ kind: z.literal("a"), n: z.number() }), z.strictObject({ kind: z.literal("b"), s: z.string() })]);
    const result = z.object({ u: union }).safeParse({ u: { kind: "b", s: 5 } });
    if (!result.success) collectIssues("body", result.error, errors);
    expect(errors.map((e) => e.pointer)).toEqual(["/body/u/s"]);
  });
});

describe("query and cookies", () => {
  it("parses the query, repeated keys as arrays, without prototype pollution", () => {
    expect(rt.parseQuery("/orders")).toEqual({});
    expect(rt.parseQuery("/orders?")).toEqual({});
    expect(rt.parseQuery("/orders?limit=5&tag=a&tag=b&q=a%20b+c#frag")).toEqual({ limit: "5", tag: ["a", "b"], q: "a b c" });
    const polluted = rt.parseQuery("/?__proto__=x&constructor=y") as Record<string, unknown>;
    expect(Object.keys(polluted)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("gives exactly what URLSearchParams gives, with or without anything to decode", () => {
    const viaSearchParams = (query: string) => {
      const out: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(query)) {
        const seen = out[key];
        out[key] = seen === undefined ? value : typeof seen === "string" ? [seen, value] : [...seen, value];
      }
      return out;
    };
    const queries = ["a=1", "a=1&a=2&a=3", "a", "a=", "=v", "=", "&&a=1&&", "a=b=c", "?a=1", "??a", "a=1?b=2", "k=%41%zz", "k=%E2%9C%93", "k=%E0%A4%A", "q=a+b", "%3D=%26", "x=1&y&z=&x", "é=ü", "a=1#b=2"];
    for (const query of queries) expect({ query, parsed: { ...rt.parseQuery(`/p?${query}`) } }).toEqual({ query, parsed: viaSearchParams(query.split("#")[0] as string) });
  });

  it("parses cookies: first wins, quotes stripped, percent-decoding when valid", () => {
    expect(rt.parseCookies("session=abc; theme=%E2%9C%93; session=other; q=\"quoted\"; bad=%E0%A4%A; novalue")).toEqual({ session: "abc", theme: "✓", q: "quoted", bad: "%E0%A4%A" });
    expect(rt.parseCookies(undefined)).toEqual({});
  });
});

describe("validateInputs", () => {
  const valid = () =>
    rawRequest({ method: "PUT", url: "/orders/o1?limit=5&tag=a&tag=b&extra=ok", headers: { "if-match": '"v1"', cookie: "session=abcd" }, pathParams: { order_id: "o1" } });

  it("maps route keys to spec names, headers to the spec's spelling, and coerces", () => {
    const raw = valid();
    const inputs = validateInputs(contract, plan, raw, rt.parseQuery(raw.url), rt.parseCookies(raw.headers.cookie as string), { items: [{ quantity: 2 }] }, contract.body?.schemas["application/json"]);
    expect(inputs).toEqual({ path: { orderId: "o1" }, query: { limit: 5, tag: ["a", "b"] }, headers: { "If-Match": '"v1"' }, cookies: { session: "abcd" }, body: { items: [{ quantity: 2 }] } });
  });

  it("collects every failure across all locations into one 400", () => {
    const raw = rawRequest({ method: "PUT", url: "/orders/x?limit=500", headers: { cookie: "session=a" }, pathParams: { order_id: "bad" } });
    const error = failure(() => validateInputs(contract, plan, raw, rt.parseQuery(raw.url), rt.parseCookies(raw.headers.cookie as string), { items: [{ quantity: 1 }, { quantity: -1 }] }, contract.body?.schemas["application/json"]));
    expect(error.problem).toMatchObject({ status: 400, code: "VALIDATION_ERROR", detail: "The request has 5 invalid fields." });
    expect(error.problem.errors?.map((e) => e.pointer)).toEqual(["/path/orderId", "/query/limit", "/headers/If-Match", "/cookies/session", "/body/items/1/quantity"]);
    for (const e of error.problem.errors ?? []) expect(e.message).toEqual(expect.any(String));
  });

  it("a body nested deeper than the stack allows is a 400, not a crash", () => {
    type Tree = { children?: Tree[] | undefined };
    const Tree: z.ZodType<Tree> = z.lazy(() => z.strictObject({ children: z.array(Tree).optional() }));
    let body: Tree = {};
    for (let i = 0; i < 20_000; i++) body = { children: [body] };
    const deep = { ...contract, body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": Tree } } };
    const raw = valid();
    const error = failure(() => validateInputs(deep, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, body, Tree));
    expect(error.problem.errors).toEqual([{ pointer: "/body", message: "The value is nested too deeply to validate." }]);
  });

  it("a small invalid body lists its failures up to the cap; a large one its first failure only", () => {
    const raw = valid();
    const body = { items: Array.from({ length: 3_000 }, () => ({ quantity: -1 })) };
    // As apigen prints constraints: each stops at its first failure (src/emit/print-zod.ts).
    const abortOnFail = { abort: true } as const;
    const schema = z.object({ items: z.array(z.object({ quantity: z.number().int(abortOnFail).positive(abortOnFail) })) });
    const small = failure(() => validateInputs(contract, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, body, schema, FULL_REPORT_BYTES));
    expect(small.problem.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(small.problem.errors?.[99]).toEqual({ pointer: "/body/items/99/quantity", message: "Too small: expected number to be >0" });
    // Over the limit, zod stops at the first failure: 3,000 issues nobody reads are never made.
    const large = failure(() => validateInputs(contract, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, body, schema, FULL_REPORT_BYTES + 1));
    expect(large.problem.errors).toEqual([{ pointer: "/body/items/0/quantity", message: "Too small: expected number to be >0" }]);
    // A valid large body is parsed once and comes back whole.
    const fine = { items: Array.from({ length: 3_000 }, (_, i) => ({ quantity: i + 1 })) };
    expect(validateInputs(contract, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, fine, schema, FULL_REPORT_BYTES + 1).body).toEqual(fine);
  });

  it("requires a required body with pointer /body, and skips an optional absent one", () => {
    const raw = valid();
    const error = failure(() => validateInputs(contract, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, undefined, undefined));
    expect(error.problem.errors).toEqual([{ pointer: "/body", message: "A request body is required." }]);
    const optional = { ...contract, body: { ...contract.body!, required: false } };
    expect(validateInputs(optional, plan, raw, rt.parseQuery(raw.url), { session: "abcd" }, undefined, undefined).body).toBeUndefined();
  });
});
