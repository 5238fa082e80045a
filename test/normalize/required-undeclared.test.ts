/**
 * `required` naming a property that `properties` does not declare still requires it (JSON Schema):
 * the oracle found oas-3.0-schema-enums' body accepted without `enum (with example) *required`,
 * which ajv (rightly) rejected. The property is added, typed by additionalProperties.
 */
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/load/load-spec.js";
import { SourceText } from "../../src/load/source-text.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import type { ObjectNode } from "../../src/ir/schema.js";

const document = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Loose: { type: "object", required: ["a", "ghost"], properties: { a: { type: "string" } } },
      Typed: { type: "object", required: ["ghost"], additionalProperties: { type: "integer" } },
      Closed: { type: "object", required: ["ghost"], properties: { a: { type: "string" } }, additionalProperties: false },
    },
  },
};

describe("required names a property that is not declared", () => {
  const { api } = normalizeDocument({ document: document as unknown as OpenApiDocument, version: "3.0", source: new SourceText("spec.yaml", "") } as never);
  const schema = (name: string) => api.schemas.find((s) => s.specName === name)!.schema as ObjectNode;
  const props = (name: string) => schema(name).properties.map((p) => `${p.name}${p.required ? "" : "?"}: ${p.schema.kind}`);

  it("is a required property of any value", () => {
    expect(props("Loose")).toEqual(["a: string", "ghost: unknown"]);
  });
  it("takes the additionalProperties schema when there is one", () => {
    expect(props("Typed")).toEqual(["ghost: integer"]);
  });
  it("is never where additionalProperties: false forbids it: the schema accepts nothing, as in JSON Schema", () => {
    expect(props("Closed")).toEqual(["a?: string", "ghost: never"]);
  });
});
