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
 * line on stdout unless --quiet), or one JSON document on stdout with --json.
 */
/** Lint warnings `generate` prints before summarising the rest. */
const MAX_LINT_WARNINGS_SHOWN = 20;

export class Reporter {
  private readonly jobs: JobReport[] = [];

  constructor(private readonly options: ReportOptions) {}

  job(report: JobReport, mode: "generate" | "check"): void {
    this.jobs.push(report);
    if (this.options.json) return;
    let lintWarnings = 0;
    for (const d of report.diagnostics) {
      if (this.options.quiet && d.severity !== "error") continue;
      // A big spec can have thousands of lint findings; generate shows the first few, `apigen lint` all.
      if (d.severity === "warning" && d.code.startsWith("lint/") && ++lintWarnings > MAX_LINT_WARNINGS_SHOWN) continue;
      process.stderr.write(this.paint(formatDiagnostic(d), d.severity) + "\n");
    }
    if (lintWarnings > MAX_LINT_WARNINGS_SHOWN) {
      process.stderr.write(this.paint(`apigen: ${lintWarnings - MAX_LINT_WARNINGS_SHOWN} more lint warning(s) not shown; \`apigen lint\` lists them all.`, "warning") + "\n");
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

/** Colour only on a terminal, and never with NO_COLOR or --no-color. */
export function useColor(flag: boolean): boolean {
  return flag && Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
}
