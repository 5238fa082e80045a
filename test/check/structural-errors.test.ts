/**
 * Issue 16: one mistake gives one structural diagnostic that names it, at the mistake's pointer
 * and line:col; "missing the required property $ref" only where a reference was attempted; and
 * independent mistakes are all reported in one run (none hidden until another is fixed).
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose.js";

describe("structural errors: one per mistake", () => {
  it("`in: querystring` (3.0): one error at .../in listing the four 3.0 locations", async () => {
    const { ok, lines, diagnostics } = await diagnose("in-querystring-3.0.yaml");
    expect(ok).toBe(false);
    expect(lines).toEqual(["11:15 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/0/in"]);
    expect(diagnostics[0]!.message).toBe('/paths/~1things/get/parameters/0/in is "querystring"; OpenAPI 3.0 allows "path", "query", "header", "cookie"');
  });

  it("`in: querystring` (3.1): one error listing the 3.1 locations", async () => {
    const { lines, diagnostics } = await diagnose("in-querystring-3.1.yaml");
    expect(lines).toEqual(["11:15 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/0/in"]);
    expect(diagnostics[0]!.message).toBe('/paths/~1things/get/parameters/0/in is "querystring"; OpenAPI 3.1 allows "query", "header", "path", "cookie"');
  });

  it("`type: objekt`: one error at .../type with the allowed types (the normaliser does not say it again)", async () => {
    const { lines, diagnostics } = await diagnose("type-objekt.yaml");
    expect(lines).toEqual(["22:17 error APIGEN_INVALID_DOCUMENT #/components/schemas/Thing/properties/name/type"]);
    expect(diagnostics[0]!.message).toBe('/components/schemas/Thing/properties/name/type is "objekt"; OpenAPI 3.0 allows "array", "boolean", "integer", "number", "object", "string"');
  });

  it("independent mistakes in different operations, in one operation and at the top are all reported at once", async () => {
    const { lines, diagnostics } = await diagnose("two-operations.yaml");
    expect(lines).toEqual([
      "3:1 error APIGEN_INVALID_DOCUMENT #",
      "7:7 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get",
      "9:15 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/0/in",
      "16:11 error APIGEN_INVALID_DOCUMENT #/paths/~1others/post/responses/201",
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'the document is missing the required property "info"',
      '/paths/~1things/get is missing the required property "responses"',
      '/paths/~1things/get/parameters/0/in is "querystring"; OpenAPI 3.0 allows "path", "query", "header", "cookie"',
      '/paths/~1others/post/responses/201 is missing the required property "description"',
    ]);
  });

  it("a misspelt key in a parameter: one error at the key, no \"missing $ref\"", async () => {
    const { lines, diagnostics } = await diagnose("misspelt-key.yaml");
    expect(lines).toEqual(["12:11 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/parameters/0/requried"]);
    expect(diagnostics[0]!.message).toBe('unexpected property "requried" at /paths/~1things/get/parameters/0');
  });

  it("security schemes: a misspelt type, a missing scheme, a bad $ref and a misspelt $ref, one error each (two for the last)", async () => {
    const { lines, diagnostics } = await diagnose("security-schemes.yaml");
    expect(lines).toEqual([
      "11:13 error APIGEN_INVALID_DOCUMENT #/components/securitySchemes/typo/type",
      "14:7 error APIGEN_INVALID_DOCUMENT #/components/securitySchemes/incomplete",
      "16:13 error APIGEN_INVALID_DOCUMENT #/components/securitySchemes/broken-ref/$ref",
      "18:7 error APIGEN_INVALID_DOCUMENT #/components/securitySchemes/misspelt-ref",
      "18:7 error APIGEN_INVALID_DOCUMENT #/components/securitySchemes/misspelt-ref/ref",
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      '/components/securitySchemes/typo/type is "htttp"; OpenAPI 3.0 allows "apiKey", "http", "oauth2", "openIdConnect"',
      '/components/securitySchemes/incomplete is missing the required property "scheme"',
      "/components/securitySchemes/broken-ref/$ref is 12; OpenAPI 3.0 expects string",
      // The one place "missing $ref" is right: the key looks like a misspelt $ref.
      '/components/securitySchemes/misspelt-ref is missing the required property "$ref"',
      'unexpected property "ref" at /components/securitySchemes/misspelt-ref',
    ]);
  });

  it("never says \"missing the required property $ref\" of an object that does not look like a reference", async () => {
    for (const file of ["in-querystring-3.0.yaml", "type-objekt.yaml", "two-operations.yaml", "misspelt-key.yaml", "recoverable-3.0.yaml"]) {
      const { diagnostics } = await diagnose(file);
      expect(diagnostics.map((d) => d.message).filter((m) => m.includes('"$ref"')), file).toEqual([]);
    }
  });
});
