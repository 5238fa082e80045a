/** `apigen lint` through the real binary: text, JSON and SARIF output, exit codes, config (issue 6). */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const fixture = (name: string) => path.join("test", "fixtures", "lint", name);

describe("apigen lint", () => {
  it("the example spec lints clean, warnings and infos included (its exceptions are documented with x-apigen-lint-ignore)", () => {
    const result = runCli(["lint", "examples/orders-api/openapi.yaml", "--max-warnings", "0"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("0 errors, 0 warnings, 0 infos\n");
  });

  it("text output is grouped by file with file:line:col details, the rule id, help and a summary line", () => {
    const result = runCli(["lint", fixture("no-verbs-in-paths.yaml"), "--no-color"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("test/fixtures/lint/no-verbs-in-paths.yaml\n");
    expect(result.stdout).toContain('  4:3  warning  no-verbs-in-paths  path /orders/{orderId}/cancel: segment "cancel" is a verb\n      at #/paths/~1orders~1{orderId}~1cancel\n      help: ');
    expect(result.stdout).toContain("0 errors, 3 warnings, 0 infos");
  });

  it("an error-level finding exits 1; --max-warnings 0 fails on any warning", () => {
    expect(runCli(["lint", fixture("operation-id-unique.yaml")]).status).toBe(1);
    expect(runCli(["lint", fixture("no-verbs-in-paths.yaml"), "--max-warnings", "3"]).status).toBe(0);
    const strict = runCli(["lint", fixture("no-verbs-in-paths.yaml"), "--max-warnings", "0"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain("3 warning(s), more than --max-warnings 0");
  });

  it("usage errors exit 2", () => {
    expect(runCli(["lint", fixture("clean.yaml"), "--max-warnings", "many"]).status).toBe(2);
    expect(runCli(["lint", fixture("clean.yaml"), "--format", "xml"]).status).toBe(2);
  });

  it("an unreadable spec exits 1 with its diagnostics", () => {
    const result = runCli(["lint", "test/fixtures/lint/missing.yaml"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("APIGEN_INPUT_NOT_READABLE");
  });

  it("--format json lists every finding with rule id, pointer and position, and the counts", () => {
    const result = runCli(["lint", fixture("operation-id-unique.yaml"), "--format", "json"]);
    const report = JSON.parse(result.stdout) as { findings: Record<string, unknown>[]; summary: Record<string, number> };
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: "operation-id-unique", severity: "error", pointer: "#/paths/~1customers/get/operationId", file: "test/fixtures/lint/operation-id-unique.yaml", line: 11, column: 20 }),
    );
    expect(report.summary).toEqual({ errors: 1, warnings: 2, infos: 0 });
  });

  it("--format sarif is SARIF 2.1.0 with the rules and located results", () => {
    const result = runCli(["lint", fixture("operation-id-unique.yaml"), "--format", "sarif"]);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain("operation-id-unique");
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
    }
    const finding = run.results.find((r: { ruleId: string }) => r.ruleId === "operation-id-unique");
    expect(finding.level).toBe("error");
    expect(finding.ruleIndex).toBe(ids.indexOf("operation-id-unique"));
    // The region ends after the value (`orders`, columns 20 to 25).
    expect(finding.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "test/fixtures/lint/operation-id-unique.yaml" },
      region: { startLine: 11, startColumn: 20, endLine: 11, endColumn: 26 },
    });
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toBe(`https://github.com/apigen/apigen/blob/main/docs/lint/rules.md#${rule.id}`);
  });

  it("reads the jobs and lint settings of apigen.config.json when no spec is given; an unknown rule id is a config error (exit 2)", () => {
    const dir = path.join(SCRATCH, "lint-config");
    mkdirSync(dir, { recursive: true });
    const spec = path.resolve(fixture("no-verbs-in-paths.yaml"));
    writeFileSync(path.join(dir, "apigen.config.json"), JSON.stringify({ jobs: [{ input: spec, output: "out", lint: { rules: { "no-verbs-in-paths": "error" } } }] }));
    const result = runCli(["lint", "--format", "json"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).findings.find((f: { ruleId: string }) => f.ruleId === "no-verbs-in-paths").severity).toBe("error");

    writeFileSync(path.join(dir, "apigen.config.json"), JSON.stringify({ jobs: [{ input: spec, output: "out", lint: { rules: { "no-verb-in-path": "error" } } }] }));
    const bad = runCli(["lint"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown lint rule "no-verb-in-path"');
  });

  it("--list-rules prints every rule with its default severity", () => {
    const result = runCli(["lint", "--list-rules"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^operation-id-unique\s+error\s+/m);
    expect(result.stdout.trim().split("\n")).toHaveLength(35);
  });

  it("a broken $ref and a YAML syntax error are error findings in text, JSON and SARIF (exit 1), the rest linted; generate still refuses (issue 16)", () => {
    const text = runCli(["lint", fixture("broken/unresolved-ref.yaml"), "--no-color"]);
    expect(text.status).toBe(1);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain('  15:31  error  resolvable-refs  $ref "#/components/schemas/Ordr" points at nothing\n');
    expect(text.stdout).toContain("no-verbs-in-paths");

    const json = JSON.parse(runCli(["lint", fixture("broken/unresolved-ref.yaml"), "--format", "json"]).stdout);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: "resolvable-refs", severity: "error", line: 17, column: 17 }));
    expect(json.summary.errors).toBe(2);

    const syntaxText = runCli(["lint", fixture("broken/syntax-error.yaml"), "--no-color"]);
    expect(syntaxText.stdout).toContain("  10:3  error  valid-yaml  Flow map in block collection must be sufficiently indented and end with a }\n      help: ");

    const sarif = runCli(["lint", fixture("broken/syntax-error.yaml"), "--format", "sarif"]);
    expect(sarif.status).toBe(1);
    const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
    expect(results.find((r) => r.ruleId === "valid-yaml")).toMatchObject({ level: "error", locations: [{ physicalLocation: { region: { startLine: 10 } } }] });
    expect(results.some((r) => r.ruleId === "kebab-case-paths")).toBe(true);

    const generate = runCli(["generate", fixture("broken/unresolved-ref.yaml"), "--out", path.join(SCRATCH, "lint-broken-generate")]);
    expect(generate.status).toBe(1);
    expect(generate.stderr).toContain("APIGEN_REF_NOT_FOUND");
  });
});
