import { readFile } from "node:fs/promises";
import path from "node:path";
import type { JobConfig } from "../config/config-schema.js";
import { buildOutput, generate, type GenerateOptions } from "../generate.js";
import { safeJoin } from "../write/write-output.js";
import { formatOptionsOf, type ResolvedJobs } from "./jobs.js";
import type { JobReport, Reporter } from "./report.js";

export interface RunFlags {
  force: boolean;
  timings: boolean;
}

/** Runs every job in generate or check mode; returns whether all succeeded (and, in check mode, were up to date). */
export async function runJobs(mode: "generate" | "check", resolved: ResolvedJobs, flags: RunFlags, reporter: Reporter): Promise<{ ok: boolean; inputFiles: string[] }> {
  let ok = true;
  const inputFiles: string[] = [];
  for (const job of resolved.jobs) {
    const report = mode === "generate" ? await generateJob(job, flags) : await checkJob(job);
    inputFiles.push(...report.inputFiles);
    reporter.job(report, mode);
    if (flags.timings) reporter.timings(report);
    ok &&= report.ok && (mode === "generate" || (report.stale ?? []).length === 0);
  }
  return { ok, inputFiles };
}

function optionsOf(job: JobConfig): Omit<GenerateOptions, "force"> {
  const client = Boolean(job.client || job.clientPackage);
  const shown = /^https?:/i.test(job.input) || job.input === "-" ? job.input : path.basename(job.input);
  return {
    spec: job.input,
    out: job.output,
    format: formatOptionsOf(job),
    client,
    clientPackage: job.clientPackage,
    // The header names the command; it does not vary with flags that leave the output alone.
    command: `apigen generate ${shown}${client ? " --client" : ""}`,
  };
}

async function generateJob(job: JobConfig, flags: RunFlags): Promise<JobReport & { inputFiles: string[] }> {
  const result = await generate({ ...optionsOf(job), force: flags.force });
  const problems = result.conflicts.length
    ? [`${job.output} has files apigen did not write that this run would overwrite: ${result.conflicts.join(", ")}. Move them away, choose another output, or pass --force.`]
    : [];
  return {
    input: job.input,
    output: job.output,
    ok: result.ok,
    written: result.written,
    removed: [],
    unchanged: result.unchanged,
    problems,
    diagnostics: result.diagnostics,
    timings: result.timings,
    inputFiles: [job.input],
  };
}

/** Check mode: the whole pipeline in memory, compared with the output folder; nothing is written. */
async function checkJob(job: JobConfig): Promise<JobReport & { inputFiles: string[] }> {
  const built = await buildOutput(optionsOf(job));
  const stale: NonNullable<JobReport["stale"]> = [];
  if (built.ok) {
    for (const file of built.files) {
      if (file.kind === "scaffold") continue;
      const current = await readFile(safeJoin(job.output, file.path), "utf8").catch(() => undefined);
      if (current === undefined) stale.push({ path: file.path, change: "added", diff: "" });
      else if (current !== file.contents) stale.push({ path: file.path, change: "changed", diff: "" });
    }
  }
  return {
    input: job.input,
    output: job.output,
    ok: built.ok,
    written: [],
    removed: [],
    unchanged: [],
    stale,
    problems: [],
    diagnostics: built.diagnostics,
    timings: built.timings,
    inputFiles: built.inputFiles,
  };
}
