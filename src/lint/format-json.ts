import { countFindings } from "./lint-spec.js";
import type { LintFinding } from "./types.js";

/** One JSON document: every finding (rule id, severity, message, help, pointer, file/line/column and where it ends) and the counts. */
export function formatJson(findings: readonly LintFinding[]): string {
  const summary = countFindings(findings);
  const list = findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    help: f.help,
    pointer: f.pointer,
    file: f.position?.file,
    line: f.position?.line,
    column: f.position?.column,
    endLine: f.end?.line,
    endColumn: f.end?.column,
  }));
  return JSON.stringify({ findings: list, summary: { errors: summary.error, warnings: summary.warn, infos: summary.info } }, null, 2) + "\n";
}
