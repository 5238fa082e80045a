/**
 * `oneOf`/`anyOf` of bare `required` lists beside an object's properties constrain the object
 * (normalize: ObjectNode.requiredAlternatives; print-zod: a refinement). The oracle found
 * oas-3.0-readme-legacy's `POST /docs` (`oneOf: [{required: [title, category]}, {required:
 * [title, categorySlug]}]`) accepting a body with neither, which ajv rejected. The output is
 * compiled with tsc --strict and its schemas run.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const dir = path.join(SCRATCH, "required-alternatives");
const spec = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Doc: {
        type: "object",
        properties: { title: { type: "string" }, category: { type: "string" }, categorySlug: { type: "string" } },
        oneOf: [{ required: ["title", "category"], title: "by id" }, { required: ["title", "categorySlug"] }],
      },
      Either: { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] },
    },
  },
};

let schemas: Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string; path: unknown[] }[] } } }>;

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec));
  const result = runCli(["generate", path.join(dir, "spec.json"), "--out", path.join(dir, "out"), "--format", "none", "--no-lint"]);
  expect(result.status, result.stderr).toBe(0);
  expect(typecheck(path.join(dir, "out"))).toBe("");
  schemas = await import(path.join(dir, "out", "schemas.gen.ts"));
}, 120_000);

describe("required-only oneOf/anyOf beside properties", () => {
  it("oneOf: exactly one set present in full", () => {
    expect(schemas["DocSchema"]!.safeParse({ title: "t", category: "c" }).success).toBe(true);
    expect(schemas["DocSchema"]!.safeParse({ title: "t", categorySlug: "s" }).success).toBe(true);
    const none = schemas["DocSchema"]!.safeParse({ category: "c" });
    expect(none.success).toBe(false);
    expect(none.error!.issues[0]!.message).toBe("exactly one of these sets of properties must be present: title + category | title + categorySlug");
    expect(schemas["DocSchema"]!.safeParse({ title: "t", category: "c", categorySlug: "s" }).success).toBe(false);
  });

  it("anyOf: at least one set present", () => {
    expect(schemas["EitherSchema"]!.safeParse({ a: "x", b: "y" }).success).toBe(true);
    expect(schemas["EitherSchema"]!.safeParse({ b: "y" }).success).toBe(true);
    expect(schemas["EitherSchema"]!.safeParse({}).success).toBe(false);
  });
});
