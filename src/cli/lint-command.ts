import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { ConfigError, findConfig, loadConfig } from "../config/load-config.js";
import { formatDiagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import { formatJson } from "../lint/format-json.js";
import { formatSarif } from "../lint/format-sarif.js";
import { formatText, summaryLine } from "../lint/format-text.js";
import type { LintConfig } from "../lint/lint-config.js";
import { countFindings } from "../lint/lint-spec.js";
import { RULES } from "../lint/registry.js";
import { lintFile } from "../lint/run-lint.js";
import type { LintFinding } from "../lint/types.js";
import { inputLimit } from "./jobs.js";
import { useColor } from "./report.js";

interface LintFlags {
  config?: string;
  format?: "text" | "json" | "sarif";
  maxWarnings?: string;
  output?: string;
  listRules?: boolean;
  maxInputBytes?: string;
}

interface LintJob {
  input: string;
  lint?: LintConfig;
}

/** Exit codes as in main.ts: 1 findings over the threshold or an unreadable spec; 2 usage or config errors (thrown). */
const FAIL = 1;

/**
 * `apigen lint [spec]`: the spec given, or every job of apigen.config.* (with each job's `lint`
 * settings). Findings go to stdout (or --output) as text, JSON or SARIF.
 */
export function registerLintCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("lint")
    .description("review a spec against the HTTP API design rules (or every job of apigen.config.*)")
    .argument("[spec]", "path or URL of the OpenAPI document; default: the config's jobs")
    .option("-c, --config <file>", "config file (default: apigen.config.{ts,mjs,js,json,yaml} in this folder)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this (0: any warning fails)")
    .option("--output <file>", "write the report to a file instead of standard output")
    .option("--list-rules", "print every rule with its default severity, and exit")
    .option("--max-input-bytes <size>", "size limit for the spec and each file it $refs: bytes, or e.g. 200MB (default 50MB)")
    .action(async (spec: string | undefined, flags: LintFlags) => {
      const global = program.opts<{ quiet: boolean; json: boolean; color: boolean }>();
      if (flags.listRules) {
        for (const r of RULES) process.stdout.write(`${r.id.padEnd(34)} ${r.severity.padEnd(5)} ${r.description}\n`);
        return;
      }
      const maxWarnings = flags.maxWarnings === undefined ? undefined : Number(flags.maxWarnings);
      if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new ConfigError("--max-warnings takes a whole number (0 or more)");
      const { jobs, policy } = await lintJobs(spec, flags);

      let findings: LintFinding[] = [];
      let unreadable = false;
      for (const job of jobs) {
        const result = await lintFile(job.input, job.lint, policy);
        for (const d of result.diagnostics) if (d.severity === "error" || !global.quiet) process.stderr.write(formatDiagnostic(d) + "\n");
        unreadable ||= hasErrors(result.diagnostics);
        findings.push(...result.findings);
      }
      if (global.quiet) findings = findings.filter((f) => f.severity === "error");
      const format = global.json ? "json" : (flags.format ?? "text");
      const report =
        format === "json" ? formatJson(findings) : format === "sarif" ? formatSarif(findings, version(), process.cwd(), jobs.flatMap((j) => j.lint?.custom ?? [])) : formatText(findings, { color: !flags.output && useColor(global.color) && Boolean(process.stdout.isTTY) });
      if (flags.output) {
        writeFileSync(flags.output, report);
        if (!global.quiet && format !== "text") process.stderr.write(`apigen lint: ${summaryLine(findings)}; report written to ${flags.output}\n`);
      } else {
        process.stdout.write(report);
      }
      const counts = countFindings(findings);
      const tooManyWarnings = maxWarnings !== undefined && counts.warn > maxWarnings;
      if (unreadable || counts.error > 0 || tooManyWarnings) setExitCode(FAIL);
      if (tooManyWarnings && !global.quiet) process.stderr.write(`apigen lint: ${counts.warn} warning(s), more than --max-warnings ${maxWarnings}\n`);
    });
}

/** The specs to lint with their settings: the one given (with the config's job for it, if any), or the config's jobs. */
async function lintJobs(spec: string | undefined, flags: LintFlags): Promise<{ jobs: LintJob[]; policy: { allowFilesOutside?: boolean; allowRemoteRefs?: string[]; maxBytes?: number } }> {
  const explicitConfig = flags.config;
  const cwd = process.cwd();
  const configFile = spec === undefined || explicitConfig ? findConfig(cwd, explicitConfig) : findConfig(cwd);
  const config = configFile ? (await loadConfig(configFile)).config : undefined;
  const policy = { allowFilesOutside: config?.allowFilesOutside, allowRemoteRefs: config?.allowRemoteRefs, maxBytes: inputLimit(flags, config) };
  if (spec !== undefined) {
    const same = (a: string) => (/^https?:/i.test(a) ? a === spec : path.resolve(a) === path.resolve(spec));
    const job = config?.jobs.find((j) => same(j.input));
    return { jobs: [{ input: spec, lint: job?.lint || undefined }], policy };
  }
  if (!config) throw new ConfigError("no spec given and no apigen.config.* found; pass a spec: apigen lint <spec>");
  // A job with lint: false is still linted when asked by name (with the default settings).
  return { jobs: config.jobs.map((j) => ({ input: j.input, lint: j.lint || undefined })), policy };
}

function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
