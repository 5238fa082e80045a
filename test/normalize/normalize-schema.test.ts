/** 3.0 and 3.1 spellings of the same schema normalise to the same IR (given/want tables). */
import { describe, expect, it } from "vitest";
import { NormalizeContext } from "../../src/normalize/context.js";
import { normalizeSchema } from "../../src/normalize/normalize-schema.js";
import { SourceText } from "../../src/load/source-text.js";
import type { OpenApiVersion } from "../../src/load/load-spec.js";

function normalize(version: OpenApiVersion, schema: unknown, components: Record<string, unknown> = {}) {
  const ctx = new NormalizeContext({ components: { schemas: components } }, version, new SourceText("spec.yaml", ""));
  return normalizeSchema(ctx, schema, "#/x");
}

describe("3.0 and 3.1 differences are erased", () => {
  it.each([
    ["nullable string", { type: "string", nullable: true }, { type: ["string", "null"] }],
    ["exclusive minimum", { type: "number", minimum: 0, exclusiveMinimum: true }, { type: "number", exclusiveMinimum: 0 }],
    ["example vs examples", { type: "string", example: "a" }, { type: "string", examples: ["a"] }],
    ["single-value enum vs const", { type: "string", enum: ["a"] }, { type: "string", enum: ["a"] }],
  ])("%s", (_name, v30, v31) => {
    expect(normalize("3.0", v30)).toEqual(normalize("3.1", v31));
  });

  it("3.1 oneOf with a null variant is a nullable node", () => {
    const node = normalize("3.1", { oneOf: [{ $ref: "#/components/schemas/A" }, { type: "null" }] }, { A: { type: "string" } });
    expect(node).toMatchObject({ kind: "ref", target: "#/components/schemas/A", nullable: true });
  });

  it("3.1 $ref siblings apply; 3.0 $ref siblings are ignored", () => {
    const components = { A: { type: "string" } };
    expect(normalize("3.1", { $ref: "#/components/schemas/A", maxLength: 3 }, components)).toMatchObject({ kind: "intersection" });
    expect(normalize("3.0", { $ref: "#/components/schemas/A", maxLength: 3 }, components)).toMatchObject({ kind: "ref" });
    expect(normalize("3.1", { $ref: "#/components/schemas/A", readOnly: true }, components)).toMatchObject({ kind: "ref", readOnly: true });
  });

  it("type arrays with several types become a union, each with its own keywords", () => {
    const node = normalize("3.1", { type: ["string", "integer"], minLength: 2, minimum: 1 });
    expect(node).toMatchObject({ kind: "union", variants: [{ kind: "string", minLength: 2 }, { kind: "integer", minimum: 1 }] });
  });

  it("null inside an enum becomes nullability", () => {
    expect(normalize("3.1", { enum: ["a", null, "a"] })).toMatchObject({ kind: "enum", values: ["a"], nullable: true });
  });

  it("discriminator without mapping maps component names", () => {
    const components = { Cat: { type: "object" }, Dog: { type: "object" } };
    const node = normalize("3.0", { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: "kind" } }, components);
    expect(node).toMatchObject({
      kind: "union",
      discriminator: { propertyName: "kind", mapping: [{ value: "Cat", target: "#/components/schemas/Cat" }, { value: "Dog", target: "#/components/schemas/Dog" }] },
    });
  });
});

describe("media types", () => {
  it.each([
    ["application/json", true],
    ["application/problem+json", true],
    ["application/vnd.api+json; charset=utf-8", true],
    ["Application/JSON", true],
    ["text/plain", false],
    ["application/jsonl", false],
    ["multipart/form-data", false],
  ])("isJsonMediaType(%j) is %j", async (type, want) => {
    const { isJsonMediaType } = await import("../../src/ir/operation.js");
    expect(isJsonMediaType(type)).toBe(want);
  });
});
