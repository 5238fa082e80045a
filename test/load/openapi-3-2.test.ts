/**
 * OpenAPI 3.2 input (issue 15): documents are checked against the official 3.2 schema (the
 * validator ships it) and read into the same IR as 3.1. What 3.2 adds that apigen does not
 * generate yet is a warning at its place, never silence: additionalOperations, `in:
 * querystring`, a discriminator's defaultMapping. QUERY is an operation key in 3.2 only; streams
 * of items (itemSchema, or x-apigen-stream beside a 3.0/3.1 schema) are read into the IR.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOutput } from "../../src/generate.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";

const FIXTURE = path.join(FIXTURES, "specs", "3.2", "openapi-3-2.yaml");
const DIR = path.join(SCRATCH, "openapi-3-2");

async function diagnose(spec: string) {
  const built = await buildOutput({ spec, out: path.join(DIR, "out", path.basename(spec)), format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", client: true, server: "express" });
  const diagnostics = built.diagnostics.filter((d) => !d.code.startsWith("lint/"));
  return { ok: built.ok, lines: diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.severity} ${d.code} ${d.pointer}`), diagnostics };
}

function spec(name: string, text: string): string {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, name);
  writeFileSync(file, text);
  return file;
}

describe("OpenAPI 3.2 documents", () => {
  it("load as 3.2, and read QUERY operations with their request body into the IR", async () => {
    const loaded = await loadSpec(FIXTURE);
    expect(loaded.spec?.version).toBe("3.2");
    const { api } = normalizeDocument(loaded.spec!);
    expect(api.operations.map((op) => `${op.method} ${op.path} ${op.operationId}`)).toEqual([
      "get /products listProducts",
      "query /products searchProducts",
      "purge /products purgeProducts",
      "post /products/imports importProducts",
      "get /products/{id} getProduct",
      "get /products/{id}/history productHistory",
      "get /products/{id}/events productEvents",
    ]);
    const search = api.operations.find((op) => op.operationId === "searchProducts")!;
    expect([search.requestBody?.required, search.requestBody?.content.map((m) => m.contentType)]).toEqual([true, ["application/json"]]);
    expect(search.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(["query limit"]);
    // A response with only 3.2's summary is documented by it; a media type by $ref reads its target.
    const list = api.operations.find((op) => op.operationId === "listProducts")!;
    expect(list.responses.find((r) => r.status === "200")?.description).toBe("The products, first ones first.");
    const product = api.operations.find((op) => op.operationId === "getProduct")!.responses.find((r) => r.status === "200")!;
    expect(product.content.map((m) => [m.contentType, m.schema.kind === "ref" ? m.schema.target : m.schema.kind])).toEqual([["application/json", "#/components/schemas/Product"]]);
  });

  it("warn, with their line and column, about what is not generated: an additionalOperations method Node refuses, positional multipart encodings", async () => {
    const { ok, lines, diagnostics } = await diagnose(FIXTURE);
    expect(ok).toBe(true);
    expect(lines).toEqual([
      "93:9 warning APIGEN_UNSUPPORTED_METHOD #/paths/~1products/additionalOperations/BREW",
      "109:15 warning APIGEN_UNSUPPORTED_KEYWORD #/paths/~1products~1imports/post/requestBody/content/multipart~1mixed/prefixEncoding",
      "111:15 warning APIGEN_UNSUPPORTED_KEYWORD #/paths/~1products~1imports/post/requestBody/content/multipart~1mixed/itemEncoding",
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("additionalOperations.BREW: apigen generates the methods Node's HTTP parser accepts"),
      expect.stringContaining("prefixEncoding (OpenAPI 3.2, parts of a positional multipart body) is not read"),
      expect.stringContaining("itemEncoding (OpenAPI 3.2, parts of a positional multipart body) is not read"),
    ]);
  });

  it("read `in: querystring` as its fields when it is a form-encoded object (query parameters), and warn about any other", async () => {
    const { api } = normalizeDocument((await loadSpec(FIXTURE)).spec!);
    const history = api.operations.find((op) => op.operationId === "productHistory")!;
    expect(history.parameters.map((p) => `${p.in} ${p.name} ${p.style} ${p.explode} ${p.required}`)).toEqual(["path id simple false true", "query since form true false"]);
    const json = spec("querystring-json.yaml", ["openapi: 3.2.0", "info: { title: t, version: '1' }", "paths:", "  /search:", "    get:", "      parameters:", "        - name: q", "          in: querystring", "          content:", "            application/json:", "              schema: { type: object }", "      responses: { '200': { description: ok } }", ""].join("\n"));
    const { lines, diagnostics } = await diagnose(json);
    expect(lines).toEqual(["7:11 warning APIGEN_UNSUPPORTED_PARAMETER #/paths/~1search/get/parameters/0"]);
    expect(diagnostics[0]!.message).toContain("as application/json");
    expect(normalizeDocument((await loadSpec(json)).spec!).api.operations[0]!.parameters).toEqual([]);
  });

  it("are checked against the 3.2 schema: a mistake is an error at its place, in 3.2's terms", async () => {
    const file = spec("bad-tag.yaml", ["openapi: 3.2.0", "info: { title: t, version: '1' }", "tags:", "  - name: a", "    kind: 5", "paths: {}", ""].join("\n"));
    const { ok, lines, diagnostics } = await diagnose(file);
    expect(ok).toBe(false);
    expect(lines).toEqual(["5:11 error APIGEN_INVALID_DOCUMENT #/tags/0/kind"]);
    expect(diagnostics[0]!.message).toContain("OpenAPI 3.2");
  });

  it("QUERY is no operation key before 3.2: a 3.1 document with one is refused, and nothing is generated for it", async () => {
    const text = ["openapi: 3.1.0", "info: { title: t, version: '1' }", "paths:", "  /a:", "    query:", "      responses: { '200': { description: ok } }", ""].join("\n");
    const { ok, lines } = await diagnose(spec("query-3-1.yaml", text));
    expect(ok).toBe(false);
    expect(lines.join("\n")).toContain("#/paths/~1a");
    const loaded = await loadSpec(path.join(DIR, "query-3-1.yaml"));
    expect(normalizeDocument(loaded.spec!).api.operations).toEqual([]);
  });

  it("read response streams of items: itemSchema of SSE (data typed by its contentSchema when JSON) and JSON Lines; x-apigen-stream in 3.1; a request stream, or an itemSchema of another media type, warns", async () => {
    const { api } = normalizeDocument((await loadSpec(FIXTURE)).spec!);
    const media = (id: string) => api.operations.find((op) => op.operationId === id)!.responses[0]!.content[0]!;
    const history = media("productHistory");
    expect([history.stream?.format, history.stream?.item.kind === "ref" && history.stream.item.target, history.schema.kind]).toEqual(["jsonl", "#/components/schemas/Product", "unknown"]);
    const events = media("productEvents").stream!;
    expect([events.format, events.jsonData]).toEqual(["sse", true]);
    const data = events.item.kind === "object" ? events.item.properties.find((p) => p.name === "data")?.schema : undefined;
    expect(data?.kind === "ref" && data.target).toBe("#/components/schemas/Change");

    const marked = spec("marked-3-1.yaml", ["openapi: 3.1.0", "info: { title: t, version: '1' }", "paths:", "  /ticks:", "    get:", "      responses:", "        '200':", "          description: ok", "          content:", "            application/x-ndjson:", "              x-apigen-stream: true", "              schema: { type: integer }", "            text/plain:", "              schema: { type: string }", ""].join("\n"));
    const ticks = normalizeDocument((await loadSpec(marked)).spec!).api.operations[0]!.responses[0]!.content;
    expect(ticks.map((m) => [m.contentType, m.stream?.format, m.stream?.item.kind, m.schema.kind])).toEqual([
      ["application/x-ndjson", "jsonl", "integer", "unknown"],
      ["text/plain", undefined, undefined, "string"],
    ]);

    const upload = spec("upload-3-2.yaml", ["openapi: 3.2.0", "info: { title: t, version: '1' }", "paths:", "  /imports:", "    post:", "      requestBody:", "        content:", "          application/jsonl:", "            itemSchema: { type: object }", "      responses: { '202': { description: ok } }", ""].join("\n"));
    expect((await diagnose(upload)).lines).toEqual(["9:25 warning APIGEN_STREAM_NOT_SUPPORTED #/paths/~1imports/post/requestBody/content/application~1jsonl/itemSchema"]);
    expect(normalizeDocument((await loadSpec(upload)).spec!).api.operations[0]!.requestBody!.content[0]!.stream).toBeUndefined();

    const mixed = spec("mixed-3-2.yaml", ["openapi: 3.2.0", "info: { title: t, version: '1' }", "paths:", "  /parts:", "    get:", "      responses:", "        '200':", "          description: ok", "          content:", "            multipart/mixed:", "              itemSchema: { type: string }", ""].join("\n"));
    const { lines } = await diagnose(mixed);
    expect(lines).toEqual(["11:27 warning APIGEN_STREAM_NOT_SUPPORTED #/paths/~1parts/get/responses/200/content/multipart~1mixed/itemSchema"]);
  });

  it("read style: cookie as form, with a warning (values are percent-encoded, which RFC 6265 syntax is not)", async () => {
    const file = spec("cookie-style.yaml", ["openapi: 3.2.0", "info: { title: t, version: '1' }", "paths:", "  /a:", "    get:", "      parameters:", "        - { name: session, in: cookie, style: cookie, schema: { type: string } }", "      responses: { '200': { description: ok } }", ""].join("\n"));
    const { lines } = await diagnose(file);
    expect(lines).toEqual(["7:47 warning APIGEN_UNSUPPORTED_STYLE #/paths/~1a/get/parameters/0/style"]);
    const param = normalizeDocument((await loadSpec(file)).spec!).api.operations[0]!.parameters[0]!;
    expect([param.style, param.explode]).toEqual(["form", true]);
  });

  it("of another minor version than 3.0, 3.1 and 3.2 are refused, naming what apigen reads", async () => {
    const loaded = await loadSpec(spec("v33.yaml", "openapi: 3.3.0\ninfo: { title: t, version: '1' }\npaths: {}\n"));
    expect(loaded.spec).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.code, d.help])).toEqual([["APIGEN_UNSUPPORTED_VERSION", expect.stringContaining("3.0.x, 3.1.x and 3.2.x")]]);
  });
});
