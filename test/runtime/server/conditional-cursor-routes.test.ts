import fc from "fast-check";
import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import type { ProblemError } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import { templatePattern, unmatchedProblem } from "../../../.tmp/runtime-server-test/runtime/server/routes.js";
import type { OperationContract } from "../../../.tmp/runtime-server-test/runtime/server/types.js";

function thrown(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    return error as ProblemError;
  }
  throw new Error("expected a throw");
}

describe("ETags", () => {
  it("makes a strong, stable ETag of 27 base64url characters", () => {
    const tag = rt.etagOf({ id: "o1", total: 3 });
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(rt.etagOf({ id: "o1", total: 3 })).toBe(tag);
    expect(rt.etagOf({ id: "o1", total: 4 })).not.toBe(tag);
  });

  it("parses lists and compares weakly for If-None-Match, strongly for If-Match", () => {
    expect(rt.parseEtagList(' "a", W/"b" ,"c,d"')).toEqual(['"a"', 'W/"b"', '"c,d"']);
    expect(rt.parseEtagList("*")).toEqual(["*"]);
    expect(rt.ifNoneMatchMatches('W/"a"', '"a"')).toBe(true);
    expect(rt.ifNoneMatchMatches('"x", "a"', 'W/"a"')).toBe(true);
    expect(rt.ifNoneMatchMatches("*", '"a"')).toBe(true);
    expect(rt.ifNoneMatchMatches('"b"', '"a"')).toBe(false);
    expect(rt.ifMatchMatches('"a"', '"a"')).toBe(true);
    expect(rt.ifMatchMatches('"x", "a"', '"a"')).toBe(true);
    expect(rt.ifMatchMatches('W/"a"', '"a"')).toBe(false);
    expect(rt.ifMatchMatches('"a"', 'W/"a"')).toBe(false);
    expect(rt.ifMatchMatches("*", '"a"')).toBe(true);
  });

  it("preconditions: 412 on mismatch, no-op without If-Match", () => {
    expect(() => rt.preconditionsFor(undefined).ifMatch('"a"')).not.toThrow();
    expect(() => rt.preconditionsFor('"a"').ifMatch('"a"')).not.toThrow();
    expect(() => rt.preconditionsFor("*").ifMatch('"a"')).not.toThrow();
    expect(thrown(() => rt.preconditionsFor('"old"').ifMatch('"new"')).problem).toMatchObject({ status: 412, code: "PRECONDITION_FAILED" });
  });
});

describe("cursors", () => {
  const codec = rt.createCursorCodec("s".repeat(32));

  it("round-trips JSON data in an opaque, URL-safe cursor", () => {
    const cursor = codec.encode({ after: "o42", n: 7 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(codec.decode<{ after: string; n: number }>(cursor)).toEqual({ after: "o42", n: 7 });
  });

  it("is a 400 INVALID_CURSOR problem on tampering or garbage, never a crash", () => {
    const cursor = codec.encode({ after: "o42" });
    const [payload, signature] = cursor.split(".") as [string, string];
    const forged = `${Buffer.from('{"after":"o1"}').toString("base64url")}.${signature}`;
    const other = rt.createCursorCodec(Buffer.alloc(32, 7)).encode({ after: "o42" });
    const flipped = `${payload}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    for (const bad of [forged, other, flipped, "", ".", "garbage", "a.b.c", `${payload}.`, `.${signature}`, "💥.💥", "x".repeat(5000)]) {
      const error = thrown(() => codec.decode(bad));
      expect(error.problem).toMatchObject({ status: 400, code: "INVALID_CURSOR", errors: [{ pointer: "/query/cursor" }] });
    }
    expect(thrown(() => rt.createCursorCodec("k".repeat(32), { param: "page_token" }).decode("x")).problem.errors?.[0]?.pointer).toBe("/query/page_token");
  });

  it("refuses short secrets", () => {
    expect(() => rt.createCursorCodec("short")).toThrow(/32 bytes/);
    expect(() => rt.createCursorCodec(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});

describe("routes", () => {
  const op = (method: OperationContract["method"], path: string): OperationContract => ({ id: `${method}${path}`, method, path, pathParams: {}, params: {}, headerNames: [], responses: {} });
  const table = rt.buildRouteTable([op("GET", "/orders"), op("POST", "/orders"), op("GET", "/orders/{orderId}"), op("DELETE", "/orders/{orderId}"), op("PUT", "/v1.0/files/{name}.json")]);

  it("matches {param} against one non-empty segment, and literal dots literally", () => {
    expect(templatePattern("/orders/{orderId}").test("/orders/o1")).toBe(true);
    expect(templatePattern("/orders/{orderId}").test("/orders/")).toBe(false);
    expect(templatePattern("/orders/{orderId}").test("/orders/a/b")).toBe(false);
    expect(templatePattern("/v1.0/files/{name}.json").test("/v1x0/files/a.json")).toBe(false);
    expect(templatePattern("/v1.0/files/{name}.json").test("/v1.0/files/a.json")).toBe(true);
    expect(templatePattern("/files/{a}.{b}").test("/files/x.y.z")).toBe(true);
    expect(templatePattern("/files/{a}.{b}").test("/files/.y")).toBe(false);
    expect(templatePattern("/files/{a}.{b}").test("/files/x.")).toBe(false);
    expect(templatePattern("/files/{a}{b}").test("/files/x")).toBe(false);
    expect(templatePattern("/files/{a}{b}").test("/files/xy")).toBe(true);
  });

  it("path templates match as their regular expression would, in linear time", () => {
    // The reference: what templatePattern compiled to before (a RegExp, each parameter [^/]+).
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const reference = (template: string) => new RegExp(`^${template.split(/\{[^}/]+\}/).map(escape).join("[^/]+")}$`);
    const piece = fc.constantFrom("a", ".", "-", "/", "ab", "..", "{p}", "{q}");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.array(fc.constantFrom("a", ".", "-", "/", "b"), { maxLength: 10 }), (templateParts, pathParts) => {
        const template = `/${templateParts.join("")}`;
        const pathname = `/${pathParts.join("")}`;
        return templatePattern(template).test(pathname) === reference(template).test(pathname);
      }),
      { numRuns: 5000, seed: 11 },
    );
    // A segment of 16,000 dots against three parameters: the RegExp would take hours.
    expect(templatePattern("/files/{a}.{b}.{c}").test(`/files/${"a.".repeat(8000)}/`)).toBe(false);
    expect(templatePattern("/files/{a}.{b}.{c}").test(`/files/${"a.".repeat(8000)}a`)).toBe(true);
  });

  it("lists the allowed methods sorted, with HEAD for GET", () => {
    expect(table.map((e) => [e.path, e.methods])).toEqual([
      ["/orders", ["GET", "POST"]],
      ["/orders/{orderId}", ["GET", "DELETE"]],
      ["/v1.0/files/{name}.json", ["PUT"]],
    ]);
    expect(rt.allowedMethods(table, "/orders")).toEqual(["GET", "HEAD", "POST"]);
    expect(rt.allowedMethods(table, "/orders/o1")).toEqual(["DELETE", "GET", "HEAD"]);
    expect(rt.allowedMethods(table, "/nope")).toBeUndefined();
  });

  it("is a 405 with Allow for a known path, else 404", () => {
    const notAllowed = unmatchedProblem(table, "PATCH", "/orders/o1");
    expect(notAllowed.problem).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    expect(notAllowed.headers.allow).toBe("DELETE, GET, HEAD");
    expect(unmatchedProblem(table, "GET", "/customers").problem).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});
