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
    const file = path.join(REPO, "node_modules", "@readme", "oas-examples", "3.0", "json", "discriminators.json");
    const spec = await loadOracleSpec(file);
    const op = spec.api.operations.find((o) => o.path === "/discriminator-with-mapping")!;
    const media = op.requestBody!.content[0]!;
    const body = { discrim: "Option One", optionone: 1 };
    const verdict = new SpecValidator(spec).judge(op, [], { path: {}, query: {}, headers: {}, cookies: {}, body }, { pointer: media.schema.pointer, required: false });
    expect(verdict.ok).toBe(false);
    const entry = ajvIsWrongAbout({ spec: "discriminators", operation: "PATCH /discriminator-with-mapping", ajvErrors: verdict.errors, request: "", discriminatedBody: true });
    expect(entry).toBe(AJV_IS_WRONG[0]);
    // The same errors on an untagged union are not excused: there oneOf exclusivity is apigen's to keep.
    expect(ajvIsWrongAbout({ spec: "x", operation: "x", ajvErrors: verdict.errors, request: "", discriminatedBody: false })).toBeUndefined();
  });

  test("every run-time entry says why", () => {
    for (const entry of AJV_IS_WRONG) expect(entry.reason.length).toBeGreaterThan(20);
  });
});
