/**
 * A broken $ref or a YAML syntax error no longer empties the lint (issue 16): each is an
 * error-level finding (resolvable-refs, valid-yaml) with its file:line:col, and the rest of the
 * spec is linted; generate still refuses such a spec.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/load/load-spec.js";
import { lintFile } from "../../src/lint/run-lint.js";
import { SCRATCH } from "../helpers/paths.js";
import { lintFixture } from "./helpers.js";

const summary = (findings: { ruleId: string; severity: string; position?: { line: number; column: number } }[]) =>
  findings.map((f) => [f.ruleId, f.severity, f.position?.line, f.position?.column]);

describe("lint of a spec with a broken $ref or a syntax error", () => {
  it("reports each unresolved $ref (local pointer and missing file) at the $ref, and lints the rest", async () => {
    const result = await lintFile(lintFixture("broken/unresolved-ref.yaml"));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The default response read as {} gives no problem-json-errors finding of its own; Order is
    // indeed unused (the $ref misspells it).
    expect(summary(result.findings)).toEqual([
      ["no-verbs-in-paths", "warn", 6, 3],
      ["resolvable-refs", "error", 15, 31],
      ["resolvable-refs", "error", 17, 17],
      ["unused-components", "warn", 20, 5],
    ]);
    expect(result.findings.find((f) => f.ruleId === "resolvable-refs")!.message).toBe('$ref "#/components/schemas/Ordr" points at nothing');
    expect(result.findings.find((f) => f.ruleId === "resolvable-refs")!.pointer).toBe("#/paths/~1orders~1{orderId}~1cancel/post/responses/200/content/application~1json/schema/$ref");
  });

  it("reports a YAML syntax error at its position, and lints what the parser read", async () => {
    const result = await lintFile(lintFixture("broken/syntax-error.yaml"));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const paths = result.findings.filter((f) => ["no-verbs-in-paths", "kebab-case-paths", "valid-yaml"].includes(f.ruleId));
    // The unclosed flow map of line 9 is reported where the parser noticed it, at the next key.
    expect(summary(paths)).toEqual([
      ["no-verbs-in-paths", "warn", 4, 3],
      ["kebab-case-paths", "warn", 10, 3],
      ["valid-yaml", "error", 10, 3],
    ]);
    expect(paths[2]!.message).toContain("Flow map");
  });

  it("a document the parser cannot read at all gives its syntax error as the finding", async () => {
    const result = await lintFile(lintFixture("broken/unreadable.yaml"));
    expect(result.diagnostics).toEqual([]);
    expect(summary(result.findings)).toEqual([["valid-yaml", "error", 2, 1]]);
  });

  it("the rules' config applies: resolvable-refs can be lowered to a warning", async () => {
    const result = await lintFile(lintFixture("broken/unresolved-ref.yaml"), { rules: { "resolvable-refs": "warn" } });
    expect(result.findings.filter((f) => f.ruleId === "resolvable-refs").map((f) => f.severity)).toEqual(["warn", "warn"]);
  });

  it("the loader without `recover` (what generate uses) still refuses both", async () => {
    const ref = await loadSpec(lintFixture("broken/unresolved-ref.yaml"));
    expect(ref.spec).toBeUndefined();
    expect(ref.diagnostics.map((d) => d.code)).toEqual(["APIGEN_REF_NOT_FOUND"]);
    const syntax = await loadSpec(lintFixture("broken/syntax-error.yaml"));
    expect(syntax.spec).toBeUndefined();
    expect(syntax.diagnostics.map((d) => d.code)).toEqual(["APIGEN_PARSE_ERROR"]);
  });

  it("a structural error the normaliser also finds is reported once, as in generate", async () => {
    const dir = path.join(SCRATCH, "lint-broken");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "objekt.yaml");
    writeFileSync(file, "openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: objekt\n");
    const result = await lintFile(file);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.pointer} ${d.position?.line}:${d.position?.column}`)).toEqual(["#/components/schemas/A/type 7:13"]);
  });
});

