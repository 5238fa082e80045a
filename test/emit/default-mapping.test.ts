/**
 * OpenAPI 3.2's discriminator `defaultMapping` (issue 15): a payload whose tag is absent or names
 * no mapping is read as the default schema instead of being refused. The 3.2 fixture's Change
 * (`price` -> PriceChange, `rename` -> Rename, default Rename), generated and used as a user would:
 * the type accepts an unknown tag with the default's shape, and the zod schema parses by the tag
 * where it is mapped (a mapped tag with the wrong shape is still an error) and by the default
 * where it is not.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const SPEC = path.join(FIXTURES, "specs", "3.2", "openapi-3-2.yaml");
const DIR = path.join(SCRATCH, "default-mapping");

describe("discriminator defaultMapping (3.2)", () => {
  let schemas: any;

  beforeAll(async () => {
    const result = runCli(["generate", SPEC, "--out", DIR, "--force", "--no-lint", "--format", "none"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("defaultMapping");
    schemas = await import(path.join(DIR, "schemas.gen.ts"));
  }, 120_000);

  it("types an unknown tag as the default schema, and keeps mapped tags narrowed", () => {
    writeFileSync(
      path.join(DIR, "use.ts"),
      [
        'import type { Change } from "./models.gen.js";',
        'export const unknownKind: Change = { kind: "discount", name: "ten percent" };',
        'export const price: Change = { kind: "price", price: 3 };',
        "export function priceOf(change: Change): number | undefined {",
        '  return change.kind === "price" && "price" in change ? change.price : undefined;',
        "}",
        "",
      ].join("\n"),
    );
    expect(typecheck(DIR, ["models.gen.ts", "use.ts"])).toBe("");
  });

  it("parses an unknown or absent tag as the default schema, and a mapped tag as its own", () => {
    const { ChangeSchema } = schemas;
    expect(ChangeSchema.parse({ kind: "discount", name: "ten percent" })).toEqual({ kind: "discount", name: "ten percent" });
    expect(ChangeSchema.parse({ kind: "price", price: 3 })).toEqual({ kind: "price", price: 3 });
    expect(ChangeSchema.parse({ kind: "rename", name: "mug" })).toEqual({ kind: "rename", name: "mug" });
    // A mapped tag is held to its schema: no falling back to the default.
    const wrong = ChangeSchema.safeParse({ kind: "price", name: "not a price" });
    expect(wrong.success).toBe(false);
    expect(wrong.error.issues.map((issue: { path: unknown[] }) => issue.path.join("/"))).toEqual(["price"]);
    // An unknown tag must still match the default.
    expect(ChangeSchema.safeParse({ kind: "discount" }).success).toBe(false);
    // Absent: the default's own rules decide (Rename requires kind).
    expect(ChangeSchema.safeParse({ name: "no kind" }).success).toBe(false);
  });
});
