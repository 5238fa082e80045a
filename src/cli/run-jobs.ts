import path from "node:path";
import type { JobConfig } from "../config/config-schema.js";
import { checkOutput, generate, type GenerateOptions } from "../generate.js";
import { formatOptionsOf, type ResolvedJobs } from "./jobs.js";
import type { JobReport, Reporter } from "./report.js";

export interface RunFlags {
  force: boolean;
  timings: boolean;
  /** Show the stage being worked on (a terminal only; never with --quiet or --json). */
  progress: boolean;
}

/** Runs every job in generate or check mode; returns whether all succeeded (and, in check mode, were up to date). */
export async function runJobs(mode: "generate" | "check", resolved: ResolvedJobs, flags: RunFlags, reporter: Reporter): Promise<{ ok: boolean; inputFiles: string[] }> {
  let ok = true;
  const inputFiles: string[] = [];
  for (const job of resolved.jobs) {
    const policy = { allowFilesOutside: resolved.allowFilesOutside, allowRemoteRefs: resolved.allowRemoteRefs, maxInputBytes: resolved.maxInputBytes };
    const progress = flags.progress ? (stage: string) => process.stderr.write(`\r\u001b[2Kapigen: ${job.input}: ${stage}…`) : undefined;
    const report = mode === "generate" ? await generateJob(job, flags, { ...policy, onStage: progress }) : await checkJob(job, { ...policy, onStage: progress });
    if (progress) process.stderr.write("\r\u001b[2K");
    inputFiles.push(...report.inputFiles);
    reporter.job(report, mode);
    if (flags.timings) reporter.timings(report);
    ok &&= report.ok && (mode === "generate" || (report.stale ?? []).length === 0);
  }
  return { ok, inputFiles };
}

type RefPolicy = Pick<GenerateOptions, "allowFilesOutside" | "allowRemoteRefs" | "maxInputBytes" | "onStage">;

function optionsOf(job: JobConfig, policy: RefPolicy): Omit<GenerateOptions, "force"> {
  const client = Boolean(job.client || job.clientPackage);
  const shown = /^https?:/i.test(job.input) || job.input === "-" ? job.input : path.basename(job.input);
  return {
    spec: job.input,
    out: job.output,
    format: formatOptionsOf(job),
    client,
    clientPackage: job.clientPackage,
    server: job.server,
    clientPack: job.clientPack,
    // The header names the command; it does not vary with flags that leave the output alone.
    command: `apigen generate ${shown}${client ? " --client" : ""}${job.server ? ` --server ${job.server}` : ""}${job.clientPack ? ` --client-pack ${job.clientPack}` : ""}`,
    naming: job.naming,
    templates: job.templates,
    skipScaffolds: job.skipScaffolds,
    // generate lints the spec too, with the job's settings (warnings only, unless lint.failOn says
    // "error"), unless the job says lint: false (or --no-lint).
    lint: job.lint === false ? undefined : (job.lint ?? {}),
    validation: job.validation,
    ...policy,
  };
}

async function generateJob(job: JobConfig, flags: RunFlags, policy: RefPolicy): Promise<JobReport & { inputFiles: string[] }> {
  const result = await generate({ ...optionsOf(job, policy), force: flags.force });
  // Without --force a conflict stops the run; with it, the run went ahead and they are warnings.
  const problems = result.ok ? [] : result.conflicts;
  const warnings = result.ok ? result.conflicts.map((c) => `warning (--force): ${c}`) : [];
  return {
    input: job.input,
    output: job.output,
    ok: result.ok,
    upToDate: result.upToDate,
    written: result.written,
    removed: result.removed,
    unchanged: result.unchanged,
    problems: [...problems, ...warnings, ...result.warnings.map((w) => `warning: ${w}`)],
    diagnostics: result.diagnostics,
    timings: result.timings,
    inputFiles: result.inputFiles,
  };
}

/** Check mode: the folder compared with what a run would write (the no-change path, else the pipeline in memory); nothing is written. */
async function checkJob(job: JobConfig, policy: RefPolicy): Promise<JobReport & { inputFiles: string[] }> {
  const built = await checkOutput(optionsOf(job, policy));
  return {
    input: job.input,
    output: job.output,
    written: [],
    removed: [],
    unchanged: [],
    ok: built.ok && !built.interrupted,
    upToDate: built.upToDate,
    stale: built.diff?.files ?? [],
    problems: [...(built.interrupted ? [built.interrupted] : []), ...(built.diff?.problems ?? []).map((p) => p.message), ...built.notices.map((n) => `warning: ${n}`)],
    diagnostics: built.diagnostics,
    timings: built.timings,
    inputFiles: built.inputFiles,
  };
}
