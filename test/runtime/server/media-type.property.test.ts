/**
 * One rule for "is this JSON?" in the three places that decide it: the generator (src/ir), the
 * server runtime (body.ts) and the client runtime (media-type.ts, kept small for its bundle).
 * They disagreed once: the client took any `*\/json` (`text/json` too) and JSON-encoded a body
 * the server then read as text. Differential: media types built from the pieces that matter,
 * with parameters, case and spaces, must get the same answer from all three.
 */
import "./copy-runtime.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isJsonMediaType as generator } from "../../../src/ir/operation.js";
import { isJsonMediaType as client } from "../../../templates/client/runtime/media-type.js";
import { isJsonMediaType as server } from "../../../.tmp/runtime-server-test/runtime/server/body.js";

const type = fc.constantFrom("application", "text", "APPLICATION", "image", "multipart", "vnd", "");
const subtype = fc.constantFrom("json", "JSON", "problem+json", "vnd.api+json", "merge-patch+json", "jsonl", "x-ndjson", "json-seq", "plain", "xml", "+json", "json+xml", "", "*");
const parameters = fc.constantFrom("", "; charset=utf-8", ";charset=UTF-8", " ; q=1", "; profile=\"a+json\"");
const space = fc.constantFrom("", " ", "  ");
const mediaType = fc.tuple(space, type, subtype, parameters, space).map(([before, t, s, p, after]) => `${before}${t}/${s}${p}${after}`);

describe("isJsonMediaType", () => {
  it("answers alike in the generator, the server runtime and the client runtime", () => {
    fc.assert(
      fc.property(mediaType, (value) => {
        const want = generator(value);
        return server(value) === want && client(value) === want;
      }),
      { numRuns: 2000 },
    );
  });

  it("knows the usual cases", () => {
    for (const value of ["application/json", "application/problem+json", "application/vnd.api+json; charset=utf-8", "Application/JSON"]) expect([generator(value), server(value), client(value)], value).toEqual([true, true, true]);
    for (const value of ["text/json", "application/jsonl", "application/x-ndjson", "text/plain", "application/json-seq"]) expect([generator(value), server(value), client(value)], value).toEqual([false, false, false]);
  });
});
