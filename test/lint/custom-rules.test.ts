/**
 * Custom lint rules from a JS config (issue 16), through the real binary: findings in every
 * format, severities from lint.rules, x-apigen-lint-ignore, strict config (no clash with a
 * built-in id), and a rule that throws gives a diagnostic naming it, not a stack trace.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const dir = path.join(SCRATCH, "lint-custom");

const SPEC = `openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      responses:
        "204": { description: ok }
        default: { $ref: "#/components/responses/Problem" }
    post:
      operationId: createOrder
      responses:
        "202": { description: accepted }
        default: { $ref: "#/components/responses/Problem" }
    delete:
      operationId: deleteOrders
      x-apigen-lint-ignore: [acme-operation-summary]
      responses:
        "204": { description: deleted }
        default: { $ref: "#/components/responses/Problem" }
components:
  responses:
    Problem:
      description: problem
      content: { application/problem+json: { schema: { type: object, properties: { title: { type: string } } } } }
`;

/** The README's example rule, as a user would write it in apigen.config.mjs. */
const RULE = `{
  id: "acme-operation-summary",
  description: "Every operation has a summary",
  help: "Add a one-line summary: the docs portal lists operations by it.",
  url: "https://example.com/api-guide#summaries",
  check({ api }) {
    return api.operations
      .filter((op) => !op.summary)
      .map((op) => ({ pointer: op.pointer, message: \`\${op.method.toUpperCase()} \${op.path} has no summary\` }));
  },
}`;

function project(name: string, lint: string): string {
  const at = path.join(dir, name);
  mkdirSync(at, { recursive: true });
  writeFileSync(path.join(at, "openapi.yaml"), SPEC);
  writeFileSync(path.join(at, "apigen.config.mjs"), `export default { jobs: [{ input: "openapi.yaml", output: "out", lint: ${lint} }] };\n`);
  return at;
}

describe("custom lint rules (lint.custom in a JS config)", () => {
  it("report findings like built-in rules: text, JSON, SARIF (with the rule and its url); x-apigen-lint-ignore silences one", () => {
    const cwd = project("basic", `{ custom: [${RULE}] }`);
    const text = runCli(["lint", "--no-color"], { cwd });
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("  12:7  warning  acme-operation-summary  POST /orders has no summary\n");
    expect(text.stdout).toContain("help: Add a one-line summary");
    expect(text.stdout).not.toContain("DELETE /orders has no summary");
    expect(text.stdout).not.toContain("unused-lint-ignore");

    const json = JSON.parse(runCli(["lint", "--format", "json"], { cwd }).stdout);
    expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === "acme-operation-summary")).toHaveLength(1);

    const sarif = JSON.parse(runCli(["lint", "--format", "sarif"], { cwd }).stdout).runs[0];
    const ids = sarif.tool.driver.rules.map((r: { id: string }) => r.id);
    const index = ids.indexOf("acme-operation-summary");
    expect(index).toBeGreaterThan(0);
    expect(sarif.tool.driver.rules[index]).toMatchObject({ helpUri: "https://example.com/api-guide#summaries", defaultConfiguration: { level: "warning" } });
    expect(sarif.results.find((r: { ruleId: string }) => r.ruleId === "acme-operation-summary").ruleIndex).toBe(index);
  });

  it("lint.rules sets a custom rule's severity (error: exit 1) or turns it off", () => {
    const error = runCli(["lint", "--format", "json"], { cwd: project("error", `{ custom: [${RULE}], rules: { "acme-operation-summary": "error" } }`) });
    expect(error.status).toBe(1);
    expect(JSON.parse(error.stdout).findings.find((f: { ruleId: string }) => f.ruleId === "acme-operation-summary").severity).toBe("error");
    const off = runCli(["lint", "--format", "json"], { cwd: project("off", `{ custom: [${RULE}], rules: { "acme-operation-summary": "off" } }`) });
    expect(JSON.parse(off.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("acme-operation-summary");
    // With the rule off, its ignore entry silences nothing, and is not reported either (as for built-in rules).
    expect(JSON.parse(off.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("unused-lint-ignore");
  });

  it("the config stays strict: a built-in id, a missing check, an unknown key are config errors (exit 2) naming the place", () => {
    const clash = runCli(["lint"], { cwd: project("clash", `{ custom: [{ ...${RULE}, id: "no-verbs-in-paths" }] }`) });
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("jobs.0.lint.custom.0.id");
    expect(clash.stderr).toContain('custom lint rule "no-verbs-in-paths" has the id of a built-in rule');

    const noCheck = runCli(["lint"], { cwd: project("no-check", `{ custom: [{ id: "acme-x", description: "x", help: "x" }] }`) });
    expect(noCheck.status).toBe(2);
    expect(noCheck.stderr).toContain("jobs.0.lint.custom.0.check");

    const unknown = runCli(["lint"], { cwd: project("unknown-key", `{ custom: [{ ...${RULE}, level: "warn" }] }`) });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown key "level"');
  });

  it("a rule that throws gives a diagnostic naming it, without a stack trace; the other rules still report", () => {
    const cwd = project("throws", `{ custom: [{ id: "acme-boom", description: "boom", help: "boom", check() { throw new Error("cannot read properties of undefined"); } }, ${RULE}] }`);
    const result = runCli(["lint", "--no-color"], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('APIGEN_LINT_RULE_FAILED');
    expect(result.stderr).toContain('custom lint rule "acme-boom" threw: cannot read properties of undefined');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toContain("acme-operation-summary");
  });
});
