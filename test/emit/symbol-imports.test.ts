/**
 * Issue 17's code-model bug: imports were decided by searching the printed text for a helper's
 * name, so spec text that spells one (an enum value "M.fast", a property called isJsonEqual, a
 * summary mentioning PaginatedOperation<) imported what nothing used, and projects built with
 * noUnusedLocals failed. Imports now come from the symbols the printers record. This spec spells
 * every such name and uses none of the helpers; the output must import none of them and compile
 * with noUnusedLocals (through the checked views of the @ts-nocheck files).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const DIR = path.join(SCRATCH, "symbol-imports");
const HELPER_NAMES = ["isJsonEqual", "hasUniqueItems", "abortOnFail", "specPattern", "allOfClosed", "oneOfTagged", "oneOfObjects", "requiredSets", "withOwnKeysOnly", "fromWireNumber", "fromWireBoolean", "fromWireArray"];
const SPEC = {
  openapi: "3.1.0",
  info: { title: "Names that spell helpers", version: "1.0.0" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        summary: "Mentions M.Thing, ApiError<x>, ApiResponse<y>, PaginatedOperation<z>, OperationFunction<w>, paginated<v> and operation<u>",
        // No parameters: the client names a parameter group by its declaration in models.gen.ts
        // (M.ListThingsQuery), which would import the models for a reason; here nothing may.
        responses: { "204": { description: "Nothing" } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        description: "Spells isJsonEqual( and hasUniqueItems, WithAdditionalProperties<",
        properties: Object.fromEntries([...HELPER_NAMES, "M"].map((name) => [name, { type: "string", enum: [`${name}(`, "M.fast"] }])),
      },
    },
  },
};

describe("imports come from the symbols printed, not from text", () => {
  beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path.join(DIR, "openapi.json"), JSON.stringify(SPEC, null, 2));
    const result = runCli(["generate", "openapi.json", "--out", "out", "--client", "--format", "none", "--no-lint"], { cwd: DIR });
    expect(result.status, result.stderr).toBe(0);
  });

  const read = (file: string) => readFileSync(path.join(DIR, "out", file), "utf8");
  const importLines = (file: string) => read(file).split("\n").filter((line) => line.startsWith("import"));

  it("schemas.gen.ts imports no runtime helper it does not call", () => {
    const imports = importLines("schemas.gen.ts").join("\n");
    for (const name of HELPER_NAMES) expect(imports).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("models.gen.ts does not import WithAdditionalProperties", () => {
    expect(importLines("models.gen.ts").join("\n")).not.toContain("WithAdditionalProperties");
  });

  it("client-schemas.gen.ts does not import the schemas when no operation has a response schema", () => {
    expect(importLines("client-schemas.gen.ts").join("\n")).not.toContain("schemas.gen");
  });

  it("client.gen.ts imports neither the models nor the runtime types its operations do not use", () => {
    const imports = importLines("client.gen.ts").join("\n");
    expect(imports).not.toContain("models.gen");
    for (const name of ["PaginatedOperation", "paginated", "ApiResponse<", "TokenCredential", "BasicCredential"]) expect(imports).not.toMatch(new RegExp(`\\b${name}\\b`));
    expect(imports).toMatch(/\bOperationFunction\b/);
    expect(imports).toMatch(/\bApiResponse\b/);
  });

  it("the output compiles with noUnusedLocals", () => {
    expect(typecheck(path.join(DIR, "out"), ["**/*.ts"], { noUnusedLocals: true, noUnusedParameters: true })).toBe("");
  });
});
