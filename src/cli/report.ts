import { formatDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

export interface ReportOptions {
  quiet: boolean;
  json: boolean;
  color: boolean;
}

export interface JobReport {
  input: string;
  output: string;
  ok: boolean;
  /** generate: files written / removed; check: files that would change. */
  written: string[];
  removed: string[];
  unchanged: string[];
  stale?: { path: string; change: "added" | "changed" | "removed"; diff: string }[];
  upToDate?: boolean;
  problems: string[];
  diagnostics: Diagnostic[];
  timings: Record<string, number>;
}

/**
 * Prints what the commands did. Text for people (diagnostics and problems on stderr, a summary
 * line on stdout unless --quiet), or one JSON document on stdout with --json (which keeps every
 * diagnostic, lint findings included).
 */
export class Reporter {
  private readonly jobs: JobReport[] = [];

  constructor(private readonly options: ReportOptions) {}

  job(report: JobReport, mode: "generate" | "check"): void {
    this.jobs.push(report);
    if (this.options.json) return;
    // Lint findings that do not stop the run are counted in one line, not listed: a big spec has
    // thousands, on every run. Those that stop it (lint.failOn "error") are listed like any error.
    let lintWarnings = 0;
    for (const d of report.diagnostics) {
      if (d.severity === "warning" && d.code.startsWith("lint/")) {
        lintWarnings++;
        continue;
      }
      if (this.options.quiet && d.severity !== "error") continue;
      process.stderr.write(this.paint(formatDiagnostic(d), d.severity) + "\n");
    }
    if (lintWarnings > 0 && !this.options.quiet) {
      const lintErrors = report.diagnostics.filter((d) => d.severity === "error" && d.code.startsWith("lint/")).length;
      process.stderr.write(`apigen: lint: ${lintSummary(lintWarnings, lintErrors)} in ${report.input}; \`${lintCommand(report.input)}\` lists them (lint: false in the config or --no-lint turns this off)\n`);
    }
    for (const p of report.problems) process.stderr.write(this.paint(`apigen: ${p}`, "error") + "\n");
    if (mode === "check") {
      for (const s of report.stale ?? []) {
        process.stdout.write(`${s.change === "added" ? "A" : s.change === "removed" ? "D" : "M"} ${report.output}/${s.path}\n`);
        if (s.diff) process.stdout.write(s.diff.replace(/\n?$/, "\n"));
      }
    }
    if (this.options.quiet) return;
    if (!report.ok) {
      const errors = report.diagnostics.filter((d) => d.severity === "error").length;
      if (errors > 0) process.stderr.write(`apigen: ${report.input}: ${errors} error(s); nothing was written.\n`);
      return;
    }
    if (mode === "check") {
      const n = report.stale?.length ?? 0;
      process.stdout.write(n === 0 ? `apigen: ${report.output} is up to date\n` : `apigen: ${report.output}: ${n} file(s) out of date; run apigen generate\n`);
    } else if (report.upToDate) {
      process.stdout.write(`apigen: ${report.output} is up to date (inputs and options unchanged)\n`);
    } else {
      process.stdout.write(`apigen: wrote ${report.written.length} file(s), removed ${report.removed.length}, ${report.unchanged.length} unchanged, in ${report.output}\n`);
    }
  }

  timings(report: JobReport): void {
    if (!this.options.json) process.stdout.write(`timings (ms): ${JSON.stringify(report.timings)}\n`);
  }

  /** With --json: the whole run as one document. */
  finish(ok: boolean): void {
    if (this.options.json) process.stdout.write(JSON.stringify({ ok, jobs: this.jobs }, null, 2) + "\n");
  }

  private paint(text: string, severity: "error" | "warning"): string {
    if (!this.options.color) return text;
    const code = severity === "error" ? 31 : 33;
    return text.replace(/ (error|warning) /, ` \u001b[${code}m$1\u001b[39m `);
  }
}

function lintSummary(warnings: number, errors: number): string {
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  return [errors > 0 ? count(errors, "error") : "", count(warnings, "warning")].filter(Boolean).join(", ");
}

/** The command that lists a job's findings: the spec named when it is not from the config (standard input cannot be read again). */
function lintCommand(input: string): string {
  return input === "-" ? "apigen lint <spec>" : `apigen lint ${/^[\w@%+=:,./-]+$/.test(input) ? input : JSON.stringify(input)}`;
}

/** Colour only on a terminal, and never with NO_COLOR or --no-color. */
export function useColor(flag: boolean): boolean {
  return flag && Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
}
