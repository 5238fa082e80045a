/**
 * Swagger 2.0 input: validated against the 2.0 schema on the text as written, converted to
 * OpenAPI 3.0 (swagger2openapi), and every later diagnostic still lands on the original 2.0 node.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateStructure } from "../../src/check/validate-structure.js";
import { getAtPointer, parsePointer } from "../../src/load/json-pointer.js";
import { loadSpec, type LoadedSpec } from "../../src/load/load-spec.js";
import { SourceText } from "../../src/load/source-text.js";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const spec2 = (name: string) => path.join(FIXTURES, "specs", "2.0", name);
const bad = (name: string) => path.join(FIXTURES, "bad", name);
const rel = (file: string) => path.relative(process.cwd(), file);

async function load(file: string): Promise<LoadedSpec> {
  const loaded = await loadSpec(file);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(loaded.spec).toBeDefined();
  return loaded.spec!;
}

describe("Swagger 2.0 is upgraded to OpenAPI 3.0 on load", () => {
  it("petstore.yaml: version, components, request bodies, servers", async () => {
    const spec = await load(spec2("petstore.yaml"));
    expect(spec.version).toBe("3.0");
    expect(spec.convertedFrom).toBe("2.0");
    const doc = spec.document as Record<string, any>;
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.swagger).toBeUndefined();
    expect(Object.keys(doc.components.schemas)).toEqual(["NewPet", "Pet", "Error", "Pet_Owner"]);
    expect(doc.servers).toEqual([{ url: "https://petstore.example.com/v1" }]);
    expect(doc.paths["/pets"].post.requestBody).toEqual({ $ref: "#/components/requestBodies/NewPet" });
    expect(doc.paths["/pets/{petId}/photo"].post.requestBody.content["multipart/form-data"].schema.properties.file).toEqual({ type: "string", format: "binary" });
    expect(doc.components.schemas.NewPet.properties.tag.nullable).toBe(true);
    // The source is still the 2.0 text, for positions.
    expect(spec.source.file).toBe(spec2("petstore.yaml"));
    expect(spec.source.text).toBe(readFileSync(spec2("petstore.yaml"), "utf8"));
  });

  it("the converted document passes the OpenAPI 3.0 structural check", async () => {
    for (const name of ["petstore.yaml", "conversion-warnings.yaml", path.join("external", "swagger.yaml")]) {
      const spec = await load(spec2(name));
      expect(await validateStructure(spec), name).toEqual([]);
    }
  });

  it("external $refs of a 2.0 document are bundled before the conversion", async () => {
    const spec = await load(spec2(path.join("external", "swagger.yaml")));
    expect(spec.files).toEqual([spec2(path.join("external", "swagger.yaml")), rel(spec2(path.join("external", "definitions.yaml")))]);
    const json = JSON.stringify(spec.document);
    expect(json).not.toContain("definitions.yaml");
    expect(json).not.toContain("#/definitions/");
  });

  it("leaves no x-s2o-* conversion markers in the document", async () => {
    const spec = await load(spec2("conversion-warnings.yaml"));
    expect(JSON.stringify(spec.document)).not.toContain("x-s2o-");
  });
});

describe("positions of diagnostics on the converted document land on the 2.0 original", () => {
  // given: a pointer into the converted 3.0 document; want: the 2.0 node it came from.
  const table: { given: string; want: string; line?: number }[] = [
    { given: "#/openapi", want: "#/swagger", line: 1 },
    { given: "#/info/title", want: "#/info/title", line: 3 },
    { given: "#/servers/0/url", want: "#/host", line: 5 },
    { given: "#/components/schemas/Pet/allOf/1/properties/id", want: "#/definitions/Pet/allOf/1/properties/id" },
    { given: "#/components/schemas/Pet_Owner/properties/nickname/pattern", want: "#/definitions/Pet Owner/properties/nickname/pattern" },
    { given: "#/components/schemas/NewPet/properties/tag/nullable", want: "#/definitions/NewPet/properties/tag/x-nullable" },
    { given: "#/components/parameters/limitParam/schema/maximum", want: "#/parameters/limitParam/maximum", line: 34 },
    { given: "#/components/parameters/traceHeader", want: "#/parameters/traceHeader" },
    { given: "#/components/responses/NotFound/content/application~1json/schema", want: "#/responses/NotFound/schema" },
    { given: "#/components/securitySchemes/petstore_auth/flows/implicit/authorizationUrl", want: "#/securityDefinitions/petstore_auth/authorizationUrl" },
    { given: "#/components/securitySchemes/api_key/name", want: "#/securityDefinitions/api_key/name" },
    // A body parameter leaves the list: the header after it moves from index 1 to 0.
    { given: "#/paths/~1pets/post/parameters/0", want: "#/paths/~1pets/post/parameters/1" },
    { given: "#/paths/~1pets/post/parameters/0/schema/type", want: "#/paths/~1pets/post/parameters/1/type" },
    { given: "#/paths/~1pets/get/parameters/1/schema/items/pattern", want: "#/paths/~1pets/get/parameters/1/items/pattern" },
    { given: "#/paths/~1pets/get/parameters/2", want: "#/paths/~1pets/get/parameters/2" },
    { given: "#/paths/~1pets~1{petId}/parameters/0/schema/format", want: "#/paths/~1pets~1{petId}/parameters/0/format" },
    // Request bodies come from the body parameter, form fields from their formData parameter.
    { given: "#/paths/~1pets~1{petId}/put/requestBody", want: "#/paths/~1pets~1{petId}/put/parameters/0" },
    { given: "#/components/requestBodies/NewPet/content/application~1json/schema", want: "#/paths/~1pets/post/parameters/0/schema" },
    { given: "#/components/requestBodies/NewPet/required", want: "#/paths/~1pets/post/parameters/0/required" },
    { given: "#/paths/~1pets~1{petId}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/caption/pattern", want: "#/paths/~1pets~1{petId}~1photo/post/parameters/1/pattern" },
    { given: "#/paths/~1pets~1{petId}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/file", want: "#/paths/~1pets~1{petId}~1photo/post/parameters/2" },
    // Responses: content/{media type}/schema is the 2.0 response schema; header schemas are the header.
    { given: "#/paths/~1pets/get/responses/200/content/application~1json/schema/items", want: "#/paths/~1pets/get/responses/200/schema/items" },
    { given: "#/paths/~1pets/get/responses/200/headers/X-Next/schema/pattern", want: "#/paths/~1pets/get/responses/200/headers/X-Next/pattern" },
    { given: "#/paths/~1pets~1{petId}/get/responses/404", want: "#/paths/~1pets~1{petId}/get/responses/404" },
    { given: "#/paths/~1pets/post/security/0/petstore_auth", want: "#/paths/~1pets/post/security/0/petstore_auth" },
  ];

  it.each(table)("$given -> $want", async ({ given, want, line }) => {
    const spec = await loadCached();
    const convertedTokens = parsePointer(given)!;
    // The given pointer is real: it names a node of the converted document.
    expect(getAtPointer(spec.document, convertedTokens), `${given} is not in the converted document`).toBeDefined();
    expect(spec.originalPointer(given)).toBe(want);
    const original = new SourceText(spec.source.file, spec.source.text);
    const wantTokens = parsePointer(want)!;
    const position = spec.source.positionOf(convertedTokens);
    expect(position).toEqual(original.positionOf(wantTokens));
    // ...and that original node exists in the 2.0 text (not a fallback to an ancestor).
    const doc2 = (await import("yaml")).parse(spec.source.text);
    expect(getAtPointer(doc2, wantTokens.map(String)), `${want} is not in the 2.0 document`).toBeDefined();
    if (line !== undefined) expect(position.line).toBe(line);
  });

  let cached: Promise<LoadedSpec> | undefined;
  function loadCached(): Promise<LoadedSpec> {
    cached ??= load(spec2("petstore.yaml"));
    return cached;
  }

  it("a pointer to something the conversion made up falls back to the nearest 2.0 ancestor", async () => {
    const spec = await loadCached();
    const original = new SourceText(spec.source.file, spec.source.text);
    expect(spec.source.positionOf(["components", "schemas", "NewPet", "properties", "name", "not-there"])).toEqual(
      original.positionOf(["definitions", "NewPet", "properties", "name"]),
    );
    expect(spec.source.positionOf(["components", "nothing", "here"])).toEqual(original.positionOf([]));
  });
});

describe("2.0 documents with problems", () => {
  it("2.0 schema errors are reported on the 2.0 text, one per mistake", async () => {
    const loaded = await loadSpec(bad("swagger2-invalid.yaml"));
    expect(loaded.spec).toBeUndefined();
    const got = loaded.diagnostics.map((d) => `${d.position!.line}:${d.position!.column} ${d.code} ${d.pointer}`);
    expect(got).toEqual([
      "13:20 APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/0/pattern",
      "15:15 APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/1/in",
      "28:27 APIGEN_INVALID_DOCUMENT #/definitions/Thing/properties/id/exclusiveMinimum",
    ]);
    expect(loaded.diagnostics[1]!.message).toBe('/paths/~1things/get/parameters/1/in must be one of "body", "header", "formData", "query", "path"');
    expect(loaded.diagnostics[0]!.help).toContain("Swagger 2.0 schema");
  });

  it("a dangling #/definitions $ref is reported where it stands in the 2.0 text", async () => {
    const loaded = await loadSpec(bad("swagger2-dangling-ref.yaml"));
    expect(loaded.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column, d.pointer])).toEqual([
      ["APIGEN_REF_NOT_FOUND", 14, 19, "#/paths/~1things/get/responses/200/schema/$ref"],
    ]);
    expect(loaded.diagnostics[0]!.help).toContain("#/definitions/Name");
  });

  it("what 3.0 cannot express is a warning at the 2.0 parameter", async () => {
    const loaded = await loadSpec(spec2("conversion-warnings.yaml"));
    expect(loaded.spec).toBeDefined();
    const got = loaded.diagnostics.map((d) => `${d.severity} ${d.code} ${d.position!.line}:${d.position!.column} ${d.pointer}`);
    expect(got).toEqual([
      "warning APIGEN_SWAGGER2_CONVERSION 12:11 #/paths/~1reports/get/parameters/0",
      "warning APIGEN_SWAGGER2_CONVERSION 18:11 #/paths/~1reports/get/parameters/1",
    ]);
    expect(loaded.diagnostics[0]!.message).toContain("collectionFormat:pipes");
    expect(loaded.diagnostics[1]!.message).toContain("collectionFormat:tsv");
  });

  it("a document the converter fails on is one diagnostic, without the converter's stack trace", async () => {
    const loaded = await loadSpec(bad("swagger2-converter-fails.yaml"));
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.position!.line}:${d.position!.column}`)).toEqual(["APIGEN_SWAGGER2_CONVERSION 1:1"]);
    expect(loaded.diagnostics[0]!.message).toContain("cannot be converted to OpenAPI 3.0 (swagger2openapi: ");
    const cli = runCli(["generate", bad("swagger2-converter-fails.yaml"), "--out", path.join(SCRATCH, "load", "converter-fails")]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain("APIGEN_SWAGGER2_CONVERSION");
    expect(cli.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it.each([
    { name: 'swagger: "1.2"', text: 'swagger: "1.2"\ninfo: {}\n', code: "APIGEN_UNSUPPORTED_VERSION", message: 'unsupported Swagger version "1.2"' },
    { name: "swagger: 2.0 (a number)", text: "swagger: 2.0\ninfo: {}\n", code: "APIGEN_UNSUPPORTED_VERSION", message: "unsupported Swagger version 2" },
  ])("$name -> $code", async ({ text, code, message }) => {
    const loaded = await loadSpec("-", { readStdin: async () => text });
    expect(loaded.diagnostics.map((d) => [d.code, d.message, d.position?.line])).toEqual([[code, message, 1]]);
  });
});
