import { describe, expect, it } from "vitest";
import { multipartBody } from "../../../templates/client/runtime/multipart.js";
import { encode, expandPath, isJsonMediaType, mediaTypeOf, serializeBody, serializeCookies, serializeHeader, serializeQuery } from "../../../templates/client/runtime/serialize.js";
import type { ParamSpec } from "../../../templates/client/runtime/types.js";

const param = (at: ParamSpec["in"], style: string, explode: boolean, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name: "id", in: at, style, explode, ...extra });
const arr = [3, 4, 5];
const obj = { role: "admin", firstName: "Alex" };

describe("path expansion (RFC 6570 styles)", () => {
  // The OpenAPI style examples table, row by row.
  it.each([
    ["simple", false, 5, "5"],
    ["simple", false, arr, "3,4,5"],
    ["simple", false, obj, "role,admin,firstName,Alex"],
    ["simple", true, 5, "5"],
    ["simple", true, arr, "3,4,5"],
    ["simple", true, obj, "role=admin,firstName=Alex"],
    ["label", false, 5, ".5"],
    ["label", false, arr, ".3,4,5"],
    ["label", false, obj, ".role,admin,firstName,Alex"],
    ["label", true, 5, ".5"],
    ["label", true, arr, ".3.4.5"],
    ["label", true, obj, ".role=admin.firstName=Alex"],
    ["matrix", false, 5, ";id=5"],
    ["matrix", false, arr, ";id=3,4,5"],
    ["matrix", false, obj, ";id=role,admin,firstName,Alex"],
    ["matrix", true, 5, ";id=5"],
    ["matrix", true, arr, ";id=3;id=4;id=5"],
    ["matrix", true, obj, ";role=admin;firstName=Alex"],
  ] as const)("%s explode=%s %j → %s", (style, explode, value, expected) => {
    expect(expandPath("/users/{id}", [param("path", style, explode)], { id: value })).toBe(`/users/${expected}`);
  });

  it("percent-encodes reserved characters in values and keeps the template text", () => {
    expect(expandPath("/files/{id}/v{n}", [param("path", "simple", false)], { id: "a b/c?d&e#f%", n: 2 })).toBe("/files/a%20b%2Fc%3Fd%26e%23f%25/v2");
  });

  it("serialises booleans, dates and content (JSON) parameters", () => {
    expect(expandPath("/{id}", [], { id: true })).toBe("/true");
    expect(expandPath("/{id}", [], { id: new Date("2026-01-02T03:04:05Z") })).toBe("/2026-01-02T03%3A04%3A05.000Z");
    expect(expandPath("/{id}", [param("path", "simple", false, { json: true })], { id: { a: 1 } })).toBe(`/${encodeURIComponent('{"a":1}')}`);
  });

  it("throws on a missing path parameter instead of building a wrong URL", () => {
    expect(() => expandPath("/users/{id}", [], {})).toThrow('missing path parameter "id"');
  });
});

describe("query serialisation", () => {
  it.each([
    ["form", true, arr, "id=3&id=4&id=5"],
    ["form", true, obj, "role=admin&firstName=Alex"],
    ["form", false, arr, "id=3,4,5"],
    ["form", false, obj, "id=role,admin,firstName,Alex"],
    ["spaceDelimited", false, arr, "id=3%204%205"],
    ["spaceDelimited", true, arr, "id=3&id=4&id=5"],
    ["pipeDelimited", false, arr, "id=3|4|5"],
    ["pipeDelimited", true, arr, "id=3&id=4&id=5"],
    ["deepObject", true, obj, "id[role]=admin&id[firstName]=Alex"],
    ["form", true, 5, "id=5"],
    ["form", true, false, "id=false"],
    ["form", true, [], ""],
    ["form", true, null, ""],
    ["form", true, undefined, ""],
  ] as const)("%s explode=%s %j → %s", (style, explode, value, expected) => {
    expect(serializeQuery([param("query", style, explode)], { id: value })).toBe(expected);
  });

  it("encodes reserved characters unless allowReserved, and keeps %XX triplets with it", () => {
    const value = "a b/c?d&e=f#g:h";
    expect(serializeQuery([param("query", "form", true)], { id: value })).toBe("id=a%20b%2Fc%3Fd%26e%3Df%23g%3Ah");
    expect(serializeQuery([param("query", "form", true, { allowReserved: true })], { id: `${value} %41 ü` })).toBe("id=a%20b/c?d&e=f#g:h%20%41%20%C3%BC");
  });

  it("sends content parameters as JSON, nested deepObject members with more brackets, and undeclared keys as form", () => {
    const params = [param("query", "form", true, { name: "filter", json: true }), param("query", "deepObject", true, { name: "q" })];
    expect(serializeQuery(params, { filter: { a: [1] }, q: { price: { gte: 10 }, tag: ["x", "y"], skip: undefined }, "x y": "1" })).toBe(
      `filter=${encodeURIComponent('{"a":[1]}')}&q[price][gte]=10&q[tag]=x&q[tag]=y&x%20y=1`,
    );
  });
});

describe("headers and cookies", () => {
  it.each([
    [false, 5, "5"],
    [false, arr, "3,4,5"],
    [false, obj, "role,admin,firstName,Alex"],
    [true, obj, "role=admin,firstName=Alex"],
    [false, null, undefined],
  ] as const)("header explode=%s %j → %s", (explode, value, expected) => {
    expect(serializeHeader(param("header", "simple", explode), value)).toBe(expected);
  });

  it("JSON header parameters are stringified", () => {
    expect(serializeHeader(param("header", "simple", false, { json: true }), { a: 1 })).toBe('{"a":1}');
  });

  it("cookies are `a=1; b=2` with encoded values", () => {
    expect(serializeCookies([param("cookie", "form", false, { name: "ids" })], { session: "a b;c", ids: [1, 2], none: undefined })).toBe("session=a%20b%3Bc; ids=1,2");
  });
});

describe("request bodies", () => {
  it("JSON media types are stringified with their content type", () => {
    expect(serializeBody({ a: 1 }, "application/json")).toEqual({ body: '{"a":1}', contentType: "application/json" });
    expect(serializeBody([1], "application/merge-patch+json")).toEqual({ body: "[1]", contentType: "application/merge-patch+json" });
    expect(serializeBody(undefined, "application/json")).toEqual({});
  });

  it("form-urlencoded repeats arrays and sends nested objects as JSON", async () => {
    const { body, contentType } = serializeBody({ title: "b c", tags: ["x", "y"], meta: { k: 1 }, skip: undefined }, "application/x-www-form-urlencoded");
    expect(contentType).toBe("application/x-www-form-urlencoded");
    expect(String(body)).toBe("title=b+c&tags=x&tags=y&meta=%7B%22k%22%3A1%7D");
  });

  it("multipart keeps files, repeats arrays, makes objects JSON fields, and writes its own boundary", async () => {
    const file = new File([new Uint8Array([1, 2, 3])], "a.bin", { type: "application/octet-stream" });
    const { body, contentType } = multipartBody({ file, tags: ["x", "y"], meta: { source: "t" }, count: 2, skip: null });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=----apigen-[0-9a-f-]{36}$/);
    // Any multipart parser reads it back (here undici's, behind Response.formData).
    const form = await new Response(body as Blob, { headers: { "content-type": contentType! } }).formData();
    expect([...form.keys()]).toEqual(["file", "tags", "tags", "meta", "count"]);
    expect((form.get("file") as File).name).toBe("a.bin");
    expect((form.get("file") as File).size).toBe(3);
    expect(form.getAll("tags")).toEqual(["x", "y"]);
    expect(form.get("meta")).toBe('{"source":"t"}'); // a field, not a file
    expect(form.get("count")).toBe("2");
  });

  it("text is stringified and binary passes through", () => {
    expect(serializeBody(42, "text/plain; charset=utf-8")).toEqual({ body: "42", contentType: "text/plain; charset=utf-8" });
    const bytes = new Uint8Array([1]);
    expect(serializeBody(bytes, "application/octet-stream")).toEqual({ body: bytes, contentType: "application/octet-stream" });
    expect(serializeBody(bytes, "image/*")).toEqual({ body: bytes, contentType: undefined });
  });

  it("media type helpers", () => {
    expect(mediaTypeOf("Application/Problem+JSON; charset=utf-8")).toBe("application/problem+json");
    expect(mediaTypeOf(null)).toBe("");
    expect(["application/json", "application/problem+json", "application/vnd.api+json; x=1"].map(isJsonMediaType)).toEqual([true, true, true]);
    expect(["application/jsonl", "application/x-ndjson", "text/plain"].map(isJsonMediaType)).toEqual([false, false, false]);
    expect(encode("a:b", true)).toBe("a:b");
  });
});
