import "./copy-runtime.js";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ProblemError } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
const withHeaders = (chunks: (string | Buffer)[], headers: Record<string, string>) => Object.assign(Readable.from(chunks), { headers });

async function rejection(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    return error as ProblemError;
  }
  throw new Error("expected a rejection");
}

describe("readBody", () => {
  it("reads chunks into one buffer", async () => {
    const body = await rt.readBody(withHeaders(["ab", Buffer.from("cd")], { "content-length": "4" }), 10);
    // Bytes, not a Buffer: the runtime is the same on web-standard runtimes.
    expect(body).toBeInstanceOf(Uint8Array);
    expect(text(body)).toBe("abcd");
    expect(text(await rt.readBody(withHeaders(["x"], { "transfer-encoding": "chunked" }), 10))).toBe("x");
  });

  it("answers undefined without a body", async () => {
    expect(await rt.readBody(withHeaders([], {}), 10)).toBeUndefined();
    expect(await rt.readBody(withHeaders(["ignored"], {}), 10)).toBeUndefined();
    expect(await rt.readBody(withHeaders([], { "content-length": "0" }), 10)).toBeUndefined();
    expect(await rt.readBody(withHeaders([], { "transfer-encoding": "chunked" }), 10)).toBeUndefined();
  });

  it("is a 413 from Content-Length alone, without reading", async () => {
    let read = false;
    const stream = Object.assign(
      (async function* () {
        read = true;
        yield Buffer.alloc(1);
      })(),
      { headers: { "content-length": "11" } },
    );
    const error = await rejection(rt.readBody(stream, 10));
    expect(error.problem).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    expect(read).toBe(false);
  });

  it("is a 413 as soon as streamed bytes pass the limit, and stops reading", async () => {
    let pulled = 0;
    const stream = Object.assign(
      (async function* () {
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield Buffer.alloc(4);
        }
      })(),
      { headers: { "transfer-encoding": "chunked" } },
    );
    const error = await rejection(rt.readBody(stream, 10));
    expect(error.status).toBe(413);
    expect(pulled).toBe(3);
    // A lying Content-Length does not let more through either.
    expect((await rejection(rt.readBody(withHeaders(["0123456789AB"], { "content-length": "2" }), 10))).status).toBe(413);
  });
});

describe("readBodyThen (the callback form adapters use inside framework callbacks)", () => {
  const read = (stream: Parameters<typeof rt.readBodyThen>[0], limit: number) => {
    const calls: [unknown, Buffer | undefined][] = [];
    rt.readBodyThen(stream, limit, (error, bytes) => calls.push([error, bytes]));
    return calls;
  };

  it("calls back at once when there is nothing to read, or Content-Length is over the limit", () => {
    expect(read(withHeaders([], {}), 10)).toEqual([[null, undefined]]);
    const [[error]] = read(withHeaders(["x"], { "content-length": "11" }), 10) as [[ProblemError, undefined]];
    expect(error.status).toBe(413);
  });

  it("calls back once, even when the stream errors after the 413", async () => {
    const stream = Object.assign(new Readable({ read() {} }), { headers: { "transfer-encoding": "chunked" } });
    const calls = read(stream, 4);
    stream.push(Buffer.alloc(8));
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error("reset"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    expect((calls[0]![0] as ProblemError).status).toBe(413);
  });

  it("reads a stream into one buffer", async () => {
    const calls = read(withHeaders(["ab", "cd"], { "content-length": "4" }), 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map(([error, bytes]) => [error, text(bytes)])).toEqual([[null, "abcd"]]);
  });
});

describe("media types and parsing", () => {
  it("matches declared types case-insensitively, ignoring parameters, preferring exact over wildcard", () => {
    expect(rt.matchDeclaredMediaType(["application/json"], "Application/JSON; charset=utf-8")).toBe("application/json");
    expect(rt.matchDeclaredMediaType(["application/*", "application/xml"], "application/xml")).toBe("application/xml");
    expect(rt.matchDeclaredMediaType(["application/*"], "application/pdf")).toBe("application/*");
    expect(rt.matchDeclaredMediaType(["*/*"], "image/png")).toBe("*/*");
    expect(rt.matchDeclaredMediaType(["application/json"], "text/plain")).toBeUndefined();
    expect(rt.matchDeclaredMediaType(["application/json"], "application/jsonx")).toBeUndefined();
    expect(rt.isJsonMediaType("application/merge-patch+json")).toBe(true);
  });

  it("parses JSON, +json, forms, text and bytes", () => {
    expect(rt.parseBody(Buffer.from('{"a":1}'), "application/json")).toEqual({ a: 1 });
    expect(rt.parseBody(Buffer.from('{"op":"x"}'), "application/merge-patch+json; charset=utf-8")).toEqual({ op: "x" });
    expect(rt.parseBody(Buffer.from("a=1&b=x+y&a=2&__proto__=p"), "application/x-www-form-urlencoded")).toEqual({ a: ["1", "2"], b: "x y", ["__proto__"]: "p" });
    expect(rt.parseBody(Buffer.from("héllo"), "text/plain")).toBe("héllo");
    const bytes = rt.parseBody(Buffer.from([1, 2]), "application/octet-stream");
    expect(Buffer.isBuffer(bytes)).toBe(true);
  });

  it("is a 400 MALFORMED_REQUEST_BODY for bad JSON, without echoing parser internals", () => {
    try {
      rt.parseBody(Buffer.from('{"a":'), "application/json");
      throw new Error("no throw");
    } catch (error) {
      expect((error as ProblemError).problem).toMatchObject({ status: 400, code: "MALFORMED_REQUEST_BODY", errors: [{ pointer: "/body" }] });
      expect((error as ProblemError).problem.detail).not.toMatch(/Unexpected|position/);
    }
  });
});

describe("negotiation", () => {
  const offered = ["application/json"];
  it("parses q-values and wildcards", () => {
    expect(rt.parseAccept("text/html;level=1, application/*;q=0.5, */*;q=0")).toEqual([
      { range: "text/html", q: 1, specificity: 2 },
      { range: "application/*", q: 0.5, specificity: 1 },
      { range: "*/*", q: 0, specificity: 0 },
    ]);
  });

  it("accepts through exact types, wildcards and missing headers; rejects q=0 and others", () => {
    expect(rt.isAcceptable(undefined, offered)).toBe(true);
    expect(rt.isAcceptable("*/*", offered)).toBe(true);
    expect(rt.isAcceptable("application/*", offered)).toBe(true);
    expect(rt.isAcceptable("text/html, application/json;q=0.1", offered)).toBe(true);
    expect(rt.isAcceptable("text/html", offered)).toBe(false);
    expect(rt.isAcceptable("application/json;q=0", offered)).toBe(false);
    // The most specific range decides: */* does not rescue an explicit q=0.
    expect(rt.isAcceptable("application/json;q=0, */*", offered)).toBe(false);
    expect(rt.isAcceptable("application/json;q=0, */*", ["application/json", "text/csv"])).toBe(true);
    expect(rt.isAcceptable("text/html", undefined)).toBe(true);
    expect(rt.isAcceptable("image/png", ["image/*"])).toBe(true);
  });

  it("offers the media types of 2XX and default responses; one without content accepts anything", () => {
    const base = { id: "x", method: "GET" as const, path: "/", pathParams: {}, params: {}, headerNames: [] };
    expect(rt.successMediaTypes({ ...base, responses: { "200": { contentTypes: ["application/JSON"] }, "404": { contentTypes: ["text/html"] }, default: { contentTypes: ["application/problem+json"] } } })).toEqual([
      "application/json",
      "application/problem+json",
    ]);
    expect(rt.successMediaTypes({ ...base, responses: { "200": { contentTypes: ["application/json"] }, "204": { contentTypes: [] } } })).toBeUndefined();
  });
});
