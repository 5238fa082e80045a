/**
 * Findings about a name (a path item, a component) are located at the key, in YAML and in JSON,
 * not at the first line of its value (issue 16), and carry the end of the key for SARIF.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parsePointer } from "../../src/load/json-pointer.js";
import { lintFile } from "../../src/lint/run-lint.js";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
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

describe("finding positions in one-line JSON (a minified spec, as Microsoft Graph ships)", () => {
  it("a finding ends where its node or key ends, not at the end of the file's only line", { timeout: 60_000 }, async () => {
    const dir = path.join(SCRATCH, "lint-positions");
    mkdirSync(dir, { recursive: true });
    let checked = 0;
    let collections = 0;
    for (const name of readdirSync(path.join(FIXTURES, "lint")).filter((f) => f.endsWith(".yaml"))) {
      let document: unknown;
      try {
        document = parse(readFileSync(path.join(FIXTURES, "lint", name), "utf8"));
      } catch {
        continue; // a fixture of YAML-level faults (duplicate keys) has no JSON form
      }
      const text = JSON.stringify(document);
      const file = path.join(dir, name.replace(/\.yaml$/, ".json"));
      writeFileSync(file, text);
      const { findings } = await lintFile(path.relative(process.cwd(), file), {});
      for (const f of findings.filter((x) => x.position && x.end)) {
        expect(f.position!.line).toBe(1);
        expect(f.end!.line).toBe(1);
        const shown = text.slice(f.position!.column - 1, f.end!.column - 1);
        const tokens = parsePointer(f.pointer)!;
        const node = tokens.reduce<unknown>((value, token) => (value as Record<string, unknown> | undefined)?.[token], document);
        // The name's key, quoted, or the whole node as written.
        expect([JSON.stringify(tokens.at(-1)), JSON.stringify(node)], `${name}: ${f.ruleId} at ${f.pointer}`).toContain(shown);
        checked++;
        if (typeof node === "object" && shown === JSON.stringify(node)) collections++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(collections).toBeGreaterThan(10);
  });
});
