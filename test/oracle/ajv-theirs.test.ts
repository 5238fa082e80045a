/**
 * (ajv does read 3.0's `nullable: true` itself, so that one needs no adaptation.)
 * Where plain ajv and apigen disagree because ajv implements JSON Schema and not OpenAPI's
 * reading of it: the oracle's judge (ajv.ts) adapts the spec for each, and this file shows
 * every such disagreement happening with ajv as it is, with the reason. AJV_IS_WRONG
 * (ajv-theirs.ts) lists the ones met at run time that no adaptation covers.
 */
import path from "node:path";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { REPO } from "../helpers/paths.js";
import { convert30, SpecValidator } from "./ajv.js";
import { AJV_IS_WRONG, ajvIsWrongAbout } from "./ajv-theirs.js";
import { loadOracleSpec } from "./spec.js";

const OAS = path.join(REPO, "node_modules", "@readme", "oas-examples", "3.0", "json");

describe("ajv disagreements that are ajv's, not apigen's", () => {
  test("readOnly: a required readOnly property is required in responses only (OpenAPI 3.x); ajv requires it in requests too", async () => {
    const spec = await loadOracleSpec(path.join(REPO, "examples", "orders-api", "openapi.yaml"));
    const op = spec.api.operations.find((o) => o.operationId === "createOrder")!;
    const media = op.requestBody!.content[0]!;
    const body = { customer_id: "00000000-0000-4000-8000-000000000000", items: [{ product_id: "00000000-0000-4000-8000-000000000001", quantity: 1 }], shipping_address: { line1: "1 Main St", city: "Springfield", postal_code: "12345", country: "US" }, payment_method: { type: "card", token: "tok_12345678" } };
    const plain = new Ajv2020({ strict: false, validateSchema: false, logger: false, allErrors: true });
    plain.addSchema({ ...structuredClone(spec.document), $id: "plain" });
    const validate = plain.compile({ $ref: `plain#${media.schema.pointer.replace(/^#/, "").split("/").map(encodeURIComponent).join("/")}` });
    expect(validate(body)).toBe(false);
    expect(validate.errors!.map((e) => e.params["missingProperty"])).toEqual(expect.arrayContaining(["id", "status", "total"]));
    const judge = new SpecValidator(spec);
    expect(judge.judge(op, [], { path: {}, query: {}, headers: {}, cookies: {}, body }, { pointer: media.schema.pointer, required: true })).toEqual({ ok: true, errors: [] });
  });

  test("3.0 boolean exclusiveMinimum (draft-04 style) makes ajv refuse the schema outright; the judge converts it to draft-07", () => {
    const schema = { type: "number", minimum: 0, exclusiveMinimum: true };
    const plain = new Ajv({ strict: false, logger: false, validateSchema: false });
    expect(() => plain.validate(structuredClone(schema), 0)).toThrow(/exclusiveMinimum value must be/);
    expect(plain.validate(convert30(structuredClone(schema)), 0)).toBe(false);
    expect(plain.validate(convert30(structuredClone(schema)), 0.5)).toBe(true);
  });

  test("discriminator: ajv does not read it, so variants that differ only by the tag's value overlap and oneOf fails (AJV_IS_WRONG[0])", async () => {
    const file = path.join(OAS, "discriminators.json");
    const spec = await loadOracleSpec(file);
    const op = spec.api.operations.find((o) => o.path === "/discriminator-with-mapping")!;
    const media = op.requestBody!.content[0]!;
    const body = { discrim: "Option One", optionone: 1 };
    const verdict = new SpecValidator(spec).judge(op, [], { path: {}, query: {}, headers: {}, cookies: {}, body }, { pointer: media.schema.pointer, required: false });
    expect(verdict.ok).toBe(false);
    const entry = ajvIsWrongAbout({ spec: "discriminators", operation: "PATCH /discriminator-with-mapping", ajvErrors: verdict.errors, request: "", discriminatedBody: true });
    expect(entry).toBe(AJV_IS_WRONG[0]);
  });

  test("untagged oneOf of open objects: a value both variants accept is a oneOf failure for ajv, apigen accepts it (AJV_IS_WRONG[1], deliberate)", async () => {
    const spec = await loadOracleSpec(path.join(OAS, "polymorphism.json"));
    const op = spec.api.operations.find((o) => o.path === "/anything/one-of-object-ref")!;
    const media = op.requestBody!.content[0]!;
    const judge = (body: unknown) => new SpecValidator(spec).judge(op, [], { path: {}, query: {}, headers: {}, cookies: {}, body }, { pointer: media.schema.pointer, required: false });
    // {a} is an object1 and, every property being optional, an object2 too.
    const both = judge({ a: "x" });
    expect(both.ok).toBe(false);
    expect(both.errors.map((e) => e.message)).toEqual(['must match exactly one schema in oneOf {"passingSchemas":[0,1]}']);
    expect(ajvIsWrongAbout({ spec: "polymorphism", operation: "POST /anything/one-of-object-ref", ajvErrors: both.errors, request: "", discriminatedBody: false })).toBe(AJV_IS_WRONG[1]);
    // A value no variant accepts is not excused, nor an error beside the overlap.
    const none = judge("text");
    expect(none.ok).toBe(false);
    expect(ajvIsWrongAbout({ spec: "polymorphism", operation: "x", ajvErrors: none.errors, request: "", discriminatedBody: false })).toBeUndefined();
    expect(ajvIsWrongAbout({ spec: "x", operation: "x", ajvErrors: [...both.errors, { pointer: "/query/limit", message: "must be integer" }], request: "", discriminatedBody: false })).toBeUndefined();
    // And apigen's union runtime takes the first variant that accepts it.
    const { oneOfObjects } = await import("../../templates/core/runtime/zod-unions.js");
    const { z } = await import("zod");
    const union = oneOfObjects([z.object({ a: z.string().optional(), b: z.string().optional() }), z.object({ c: z.string().optional(), d: z.string().optional() })], [[], []], [null, null]);
    expect(union.safeParse({ a: "x" })).toEqual({ success: true, data: { a: "x" } });
  });

  test("allOf with additionalProperties: false in each member: ajv rejects the other member's property, apigen's closed merge allows every member's (AJV_IS_WRONG[2], deliberate)", async () => {
    const spec = await loadOracleSpec(path.join(OAS, "schema-additional-properties.json"));
    const op = spec.api.operations.find((o) => o.path === "/post")!;
    const media = op.requestBody!.content[0]!;
    const judge = (body: unknown) => new SpecValidator(spec).judge(op, [], { path: {}, query: {}, headers: {}, cookies: {}, body }, { pointer: media.schema.pointer, required: false });
    const key = "object with `additionalPropeties` within an allOf";
    const verdict = judge({ [key]: { primitiveProperty: "a", alt_primitiveProperty: "b" } });
    expect(verdict.ok).toBe(false);
    expect(verdict.errors.map((e) => e.message).sort()).toEqual(['must NOT have additional properties {"additionalProperty":"alt_primitiveProperty"}', 'must NOT have additional properties {"additionalProperty":"primitiveProperty"}']);
    expect(ajvIsWrongAbout({ spec: "schema-additional-properties", operation: "POST /post", ajvErrors: verdict.errors, request: "", discriminatedBody: false })).toBe(AJV_IS_WRONG[2]);
    // A key no member declares is rejected by both, so there is nothing to excuse.
    const { allOfClosed } = await import("../../templates/core/runtime/zod-unions.js");
    const { z } = await import("zod");
    const merged = allOfClosed(["primitiveProperty", "alt_primitiveProperty"], z.intersection(z.object({ primitiveProperty: z.string().optional() }), z.object({ alt_primitiveProperty: z.string().optional() })));
    expect(merged.safeParse({ primitiveProperty: "a", alt_primitiveProperty: "b" }).success).toBe(true);
    expect(merged.safeParse({ primitiveProperty: "a", other: 1 }).success).toBe(false);
    expect(judge({ [key]: { primitiveProperty: "a", other: 1 } }).ok).toBe(false);
  });

  test("every run-time entry says why", () => {
    for (const entry of AJV_IS_WRONG) expect(entry.reason.length).toBeGreaterThan(20);
  });
});
