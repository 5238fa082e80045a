import type { LintFinding } from "./types.js";
import { countFindings } from "./lint-spec.js";
import { appendTo } from "../multimap.js";

const LABEL = { error: "error", warn: "warning", info: "info" } as const;

/** Findings grouped by file (`file` header, then `line:col severity rule-id message`), and a summary line. */
export function formatText(findings: readonly LintFinding[], options: { color?: boolean } = {}): string {
  const paint = (text: string, code: number) => (options.color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const byFile = new Map<string, LintFinding[]>();
  for (const f of findings) {
    const file = f.position?.file ?? "<input>";
    appendTo(byFile, file, f);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(file);
    for (const f of list) {
      const where = f.position ? `${f.position.line}:${f.position.column}` : "-";
      const severity = LABEL[f.severity];
      lines.push(`  ${where}  ${paint(severity, f.severity === "error" ? 31 : f.severity === "warn" ? 33 : 36)}  ${f.ruleId}  ${f.message}`);
      if (f.pointer) lines.push(`      at ${f.pointer}`); // a syntax error has a position but no pointer
      lines.push(`      help: ${f.help}`);
    }
    lines.push("");
  }
  lines.push(summaryLine(findings));
  return lines.join("\n") + "\n";
}

/** `N errors, M warnings, K infos`. */
export function summaryLine(findings: readonly LintFinding[]): string {
  const c = countFindings(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(c.error, "error")}, ${plural(c.warn, "warning")}, ${plural(c.info, "info")}`;
}
