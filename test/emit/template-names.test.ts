/**
 * The names a generated file takes for itself are read from its template (emit/template-names.ts),
 * not kept in lists beside the templates. Two parts: the reader on given/want template texts, and
 * a spec whose components are named like what the core files declare (the lists had missed
 * `WithAdditionalProperties` of models.gen.ts and `OperationProblems` of problem.gen.ts: such a
 * spec's output did not compile) or import (`M`), generated with client and server and compiled.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientModuleNames, coreModuleNames, namesInTemplate, serverModuleNames } from "../../src/emit/template-names.js";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

describe("namesInTemplate", () => {
  const cases: [string, string, string[]][] = [
    ["a namespace import", 'import type * as M from "./models.gen.js";', ["M"]],
    ["a default import", 'import express from "express";', ["express"]],
    ["named imports, renamed and typed", 'import { a, type B, c as d } from "x";', ["B", "a", "d"]],
    ["a list the view fills in", 'import { {{valueImports}} } from "x";\nimport { {{name}} } from "y";', []],
    ["re-exports across lines", 'export {\n  One,\n  two as Three,\n} from "x";\nexport type { Four } from "y";', ["Four", "One", "Three"]],
    ["top-level declarations", "export const a = 1;\nconst b = 2;\nexport function c() {}\nexport interface D {}\nexport type E<T> = T;\nclass F {}", ["D", "E", "F", "a", "b", "c"]],
    ["names the view writes, and indented code", "export type {{name}} = {{{type}}};\nfunction f() {\n  const inner = 1;\n}", ["f"]],
  ];
  it.each(cases)("%s", (_name, text, want) => {
    expect(namesInTemplate(text)).toEqual(want);
  });
});

describe("the built-in templates' names", () => {
  it("cover what the core, client and server files declare and import", () => {
    expect(coreModuleNames(undefined)).toEqual(expect.arrayContaining(["M", "z", "ObjectSchema", "WithAdditionalProperties", "OperationProblems", "ProblemDetails", "ProblemError"]));
    expect(clientModuleNames(undefined)).toEqual(expect.arrayContaining(["Client", "createClient", "defaultBaseUrl", "securitySchemes", "userAgent", "createRuntime", "operation", "NotFoundError", "ClientAuth"]));
    const server = serverModuleNames(undefined);
    expect(server.contract).toEqual(expect.arrayContaining(["R", "S", "M", "Z", "P", "E", "projections", "Handlers", "SecurityVerifiers", "contracts", "securitySchemes"]));
    expect(server.handlers).toEqual(expect.arrayContaining(["handlers", "verifiers"]));
  });

  it("keep a template override's own names", () => {
    const dir = path.join(SCRATCH, "template-names-override");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, "core"), { recursive: true });
    writeFileSync(path.join(dir, "core", "models.gen.ts.hbs"), "{{{header}}}\nexport type Brand<T> = T & { readonly brand: unique symbol };\n{{#each declarations}}\nexport type {{name}} = {{{type}}};\n{{/each}}\n");
    expect(coreModuleNames(dir)).toContain("Brand");
  });
});

describe("a spec whose components are named like the output's own names", () => {
  it("generates code that compiles, the components renamed", { timeout: 180_000 }, () => {
    const dir = path.join(SCRATCH, "template-names");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const spec = {
      openapi: "3.1.0",
      info: { title: "Names", version: "1.0.0" },
      paths: {
        "/things": {
          get: {
            operationId: "listThings",
            responses: {
              "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/WithAdditionalProperties" } } } },
              "404": { description: "not found", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/OperationProblems" } } } },
              default: { description: "other", content: { "application/json": { schema: { $ref: "#/components/schemas/M" } } } },
            },
          },
        },
      },
      components: {
        schemas: {
          WithAdditionalProperties: { type: "object", properties: { name: { type: "string" } }, additionalProperties: { type: "integer" } },
          OperationProblems: { type: "object", properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" } } },
          M: { type: "object", properties: { id: { type: "string" } } },
        },
      },
    };
    writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(spec));
    const out = path.join(dir, "out");
    const result = runCli(["generate", path.join(dir, "openapi.json"), "--out", out, "--client", "--server", "express", "--format", "none", "--no-lint"]);
    expect(result.status, result.stderr).toBe(0);
    const models = readFileSync(path.join(out, "models.gen.ts"), "utf8");
    for (const name of ["WithAdditionalPropertiesModel", "OperationProblemsModel", "MModel"]) expect(models).toContain(`export type ${name} =`);
    expect(typecheck(out, ["**/*.ts"], { noUnusedLocals: true })).toBe("");
  });
});
