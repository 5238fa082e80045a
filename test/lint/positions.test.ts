/**
 * Findings about a name (a path item, a component) are located at the key, in YAML and in JSON,
 * not at the first line of its value (issue 16), and carry the end of the key for SARIF.
 */
import { describe, expect, it } from "vitest";
import { lintFixtureFile } from "./helpers.js";

const where = (findings: Awaited<ReturnType<typeof lintFixtureFile>>, ruleId: string) => {
  const f = findings.find((x) => x.ruleId === ruleId);
  return f && { line: f.position?.line, column: f.position?.column, end: f.end };
};

describe("finding positions", () => {
  it("YAML: a path finding is on the path's key, a component finding on the component's name", async () => {
    const findings = await lintFixtureFile("positions/openapi.yaml");
    // `  /orders/{orderId}/cancel:` is line 4, the key starts at column 3 and is 24 characters long.
    expect(where(findings, "no-verbs-in-paths")).toEqual({ line: 4, column: 3, end: { line: 4, column: 27 } });
    // `    Orphan:` is line 24.
    expect(where(findings, "unused-components")).toEqual({ line: 24, column: 5, end: { line: 24, column: 11 } });
  });

  it("JSON: the same, at the quoted key", async () => {
    const findings = await lintFixtureFile("positions/openapi.json");
    expect(where(findings, "no-verbs-in-paths")).toEqual({ line: 8, column: 5, end: { line: 8, column: 31 } });
    expect(where(findings, "unused-components")).toEqual({ line: 41, column: 7, end: { line: 41, column: 15 } });
  });

  it("the YAML and JSON forms of one spec give the same findings", async () => {
    const yaml = await lintFixtureFile("positions/openapi.yaml");
    const json = await lintFixtureFile("positions/openapi.json");
    expect(json.map((f) => [f.ruleId, f.pointer])).toEqual(yaml.map((f) => [f.ruleId, f.pointer]));
  });
});
