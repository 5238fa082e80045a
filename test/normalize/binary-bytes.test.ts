/**
 * `format: binary` is bytes only where a value travels as bytes (normalize/binary-bytes.ts): the
 * parts of a multipart body (through $ref, allOf and oneOf, array items one part each) and raw
 * bodies keep the IR's `binary` flag; the same format in JSON bodies, responses and parameters is
 * a string (the oracle found `PUT /anything/strings` and `?binary=` rejected as "expected Blob").
 */
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/load/load-spec.js";
import { SourceText } from "../../src/load/source-text.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import type { SchemaNode } from "../../src/ir/schema.js";

const bin = { type: "string", format: "binary" };
const document = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/upload": {
      post: {
        parameters: [{ name: "q", in: "query", schema: bin }],
        requestBody: {
          content: {
            "multipart/form-data": { schema: { $ref: "#/components/schemas/Upload" } },
            "application/json": { schema: { type: "object", properties: { inJson: bin } } },
          },
        },
        responses: { "200": { description: "ok", content: { "application/octet-stream": { schema: bin }, "application/json": { schema: { type: "object", properties: { out: bin } } } } } },
      },
    },
    "/either": {
      put: {
        requestBody: { content: { "multipart/form-data": { schema: { oneOf: [{ type: "object", properties: { a: bin } }, { allOf: [{ type: "object", properties: { b: { type: "array", items: bin } } }] }] } } } },
        responses: { "204": { description: "ok" } },
      },
    },
  },
  components: { schemas: { Upload: { type: "object", properties: { file: bin, meta: { type: "object", properties: { nested: bin } } } } } },
};

function binaryFlags(node: SchemaNode, into: boolean[] = []): boolean[] {
  if (node.kind === "string") into.push(node.binary === true);
  if (node.kind === "object") node.properties.forEach((p) => binaryFlags(p.schema, into));
  if (node.kind === "array") binaryFlags(node.items, into);
  if (node.kind === "union") node.variants.forEach((v) => binaryFlags(v, into));
  if (node.kind === "intersection") node.members.forEach((m) => binaryFlags(m, into));
  return into;
}

describe("format: binary", () => {
  const { api } = normalizeDocument({ document: document as unknown as OpenApiDocument, version: "3.0", source: new SourceText("spec.yaml", "") } as never);
  const [upload, either] = api.operations;

  it("stays bytes in multipart parts (a top-level property, array items, through $ref, oneOf and allOf) and raw bodies", () => {
    const component = api.schemas.find((c) => c.id.endsWith("/Upload"))!.schema;
    // file: a part; meta.nested: inside a JSON part, so text.
    expect(binaryFlags(component)).toEqual([true, false]);
    expect(binaryFlags(either!.requestBody!.content[0]!.schema)).toEqual([true, true]);
    expect(binaryFlags(upload!.responses[0]!.content[0]!.schema)).toEqual([true]);
  });

  it("is a string in JSON bodies, JSON responses and parameters", () => {
    expect(binaryFlags(upload!.parameters[0]!.schema)).toEqual([false]);
    expect(binaryFlags(upload!.requestBody!.content[1]!.schema)).toEqual([false]);
    expect(binaryFlags(upload!.responses[0]!.content[1]!.schema)).toEqual([false]);
  });
});
