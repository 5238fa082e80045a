/**
 * Multipart request bodies through the real runtime and fetch, read back part by part on a local
 * server: a JSON value is a field with its Content-Type (never a file named "blob"), a file keeps
 * its name, and the spec's encoding.contentType types a Blob that has no type of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import type { OperationSpec } from "../../../templates/client/runtime/types.js";
import { sendJson, TestServer } from "../../helpers/test-server.js";

const server = new TestServer();
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await server.start();
  server.respond((_req, res) => sendJson(res, 201, {}));
});
afterAll(() => server.stop());

const upload: OperationSpec = {
  id: "uploadAvatar",
  method: "POST",
  path: "/avatars",
  params: [],
  requestMediaTypes: ["multipart/form-data"],
  partTypes: { image: "image/png", labels: "application/json" },
  responses: { "201": ["application/json"] },
};

/** Each part of a recorded multipart body: its headers (lower-cased names) and its text. */
function parts(body: Buffer, contentType: string): { headers: Record<string, string>; text: string }[] {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  return body
    .toString("latin1")
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [head, ...rest] = chunk.replace(/^\r\n/, "").split("\r\n\r\n");
      const headers = Object.fromEntries(head!.split("\r\n").map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      return { headers, text: rest.join("\r\n\r\n").replace(/\r\n$/, "") };
    });
}

describe("multipart bodies on the wire", () => {
  it("a JSON value is a field with its Content-Type; a file keeps its name; encoding.contentType types an untyped Blob", async () => {
    const runtime = createRuntime({ baseUrl, retry: false }, { baseUrl, securitySchemes: {} });
    const image = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]); // no type of its own
    const doc = new File(["hello"], "notes.txt", { type: "text/plain" });
    await runtime.call(upload, { body: { meta: { owner: "ada", tags: ["a"] }, labels: ["x", "y"], image, doc, caption: 'say "hi"', size: 4 } });
    const sent = server.requests[0]!;
    const got = parts(sent.body, sent.headers["content-type"]!);
    expect(got.map((p) => [p.headers["content-disposition"], p.headers["content-type"]])).toEqual([
      ['form-data; name="meta"', "application/json"],
      ['form-data; name="labels"', "application/json"],
      ['form-data; name="image"; filename="blob"', "image/png"],
      ['form-data; name="doc"; filename="notes.txt"', "text/plain"],
      ['form-data; name="caption"', undefined],
      ['form-data; name="size"', undefined],
    ]);
    expect(got.map((p) => p.text)).toEqual(['{"owner":"ada","tags":["a"]}', '["x","y"]', "\x89PNG", "hello", 'say "hi"', "4"]);
  });

  it("a field name with quotes or line breaks cannot forge another part", async () => {
    const runtime = createRuntime({ baseUrl, retry: false }, { baseUrl, securitySchemes: {} });
    await runtime.call({ ...upload, partTypes: {} }, { body: { 'a"\r\nContent-Type: text/html': "x" } });
    const sent = server.requests.at(-1)!;
    const got = parts(sent.body, sent.headers["content-type"]!);
    expect(got).toHaveLength(1);
    expect(got[0]!.headers["content-disposition"]).toBe('form-data; name="a%22%0D%0AContent-Type: text/html"');
    expect(got[0]!.headers["content-type"]).toBeUndefined();
  });
});
