import path from "node:path";
import { RULES } from "./registry.js";
import type { CustomLintRule } from "./custom-rules.js";
import type { LintFinding } from "./types.js";

const LEVEL = { error: "error", warn: "warning", info: "note" } as const;

/** The page documenting every built-in rule, one section (anchor) per rule id. */
export const RULES_DOC = "https://github.com/apigen/apigen/blob/main/docs/lint/rules.md";

/** Where a rule is documented: its section of docs/lint/rules.md (a test checks that every anchor exists). */
export function helpUriOf(ruleId: string): string {
  return `${RULES_DOC}#${ruleId}`;
}

/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): every rule in
 * tool.driver.rules, each finding a result with a physical location relative to the working
 * folder (code scanning resolves it against the repository root, where CI runs apigen).
 */
export function formatSarif(findings: readonly LintFinding[], version: string, cwd = process.cwd(), customRules: readonly CustomLintRule[] = []): string {
  // Custom rules follow the built-in ones (the first definition of an id, when jobs share one).
  const custom = customRules.filter((r, i) => customRules.findIndex((x) => x.id === r.id) === i && !RULES.some((b) => b.id === r.id));
  const rules = [
    ...RULES.map((r) => ({ id: r.id, severity: r.severity, description: r.description, help: r.help, helpUri: helpUriOf(r.id) as string | undefined })),
    ...custom.map((r) => ({ id: r.id, severity: r.severity ?? "warn", description: r.description, help: r.help, helpUri: r.url })),
  ];
  const uri = (file: string) => (/^https?:/i.test(file) ? file : path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join("/"));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "apigen lint",
            version,
            informationUri: "https://github.com/apigen/apigen#lint",
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              help: r.helpUri ? { text: r.help, markdown: `${r.help}\n\n[Documentation](${r.helpUri})` } : { text: r.help },
              defaultConfiguration: { level: r.severity === "off" ? "none" : LEVEL[r.severity] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: rules.findIndex((r) => r.id === f.ruleId),
          level: LEVEL[f.severity],
          message: { text: `${f.message} (${f.pointer})` },
          locations: f.position
            ? [{ physicalLocation: { artifactLocation: { uri: uri(f.position.file) }, region: regionOf(f) } }]
            : [],
          partialFingerprints: { apigenPointer: `${f.ruleId}:${f.pointer}` },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

/** SARIF region: the start, and the end (exclusive column) when the finding has one. */
function regionOf(f: LintFinding): Record<string, number> {
  const p = f.position!;
  const end = f.end ?? { line: p.line, column: p.column + 1 };
  return { startLine: p.line, startColumn: p.column, endLine: end.line, endColumn: end.column };
}
