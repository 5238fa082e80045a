/** `x-ratelimit` (normalize/rate-limit.ts): the operation's own, else the document's; false opts out; other shapes warn and limit nothing. */
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/load/load-spec.js";
import { SourceText } from "../../src/load/source-text.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";

const ok = { "200": { description: "ok" } };
const normalize = (document: object) => normalizeDocument({ document: { openapi: "3.1.0", info: { title: "t", version: "1" }, ...document } as unknown as OpenApiDocument, version: "3.1", source: new SourceText("spec.yaml", "") } as never);

describe("x-ratelimit", () => {
  it("is the operation's, else the document's, and false takes an operation out", () => {
    const { api, diagnostics } = normalize({
      "x-ratelimit": { limit: 100, window: 60 },
      paths: {
        "/a": { get: { operationId: "a", responses: ok } },
        "/b": { get: { operationId: "b", "x-ratelimit": { limit: 5, window: 1, name: "writes" }, responses: ok } },
        "/c": { get: { operationId: "c", "x-ratelimit": false, responses: ok } },
      },
    });
    expect(Object.fromEntries(api.operations.map((op) => [op.operationId, op.rateLimit]))).toEqual({
      a: { limit: 100, windowSeconds: 60 },
      b: { limit: 5, windowSeconds: 1, name: "writes" },
      c: undefined,
    });
    expect(diagnostics).toEqual([]);
  });

  it("of another shape is a warning where it is written (once for the document's) and no limit", () => {
    const { api, diagnostics } = normalize({
      "x-ratelimit": { limit: "100/min" },
      paths: {
        "/a": { get: { responses: ok } },
        "/b": { get: { responses: ok } },
        "/c": { get: { "x-ratelimit": { limit: 0, window: 60 }, responses: ok } },
        "/d": { get: { "x-ratelimit": { limit: 1, window: 1.5 }, responses: ok } },
        "/e": { get: { "x-ratelimit": { limit: 1, window: 1, name: "naïve" }, responses: ok } },
      },
    });
    expect(api.operations.map((op) => op.rateLimit)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.pointer}`)).toEqual([
      "warning APIGEN_INVALID_RATELIMIT #/x-ratelimit",
      "warning APIGEN_INVALID_RATELIMIT #/paths/~1c/get/x-ratelimit",
      "warning APIGEN_INVALID_RATELIMIT #/paths/~1d/get/x-ratelimit",
      "warning APIGEN_INVALID_RATELIMIT #/paths/~1e/get/x-ratelimit",
    ]);
  });
});
