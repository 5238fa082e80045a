import type { GeneratedFile } from "../emit/render.js";
import { unifiedDiff } from "./line-diff.js";
import { planOutput, readIfExists, type OutputProblem } from "./plan-output.js";
import { safeJoin } from "./write-output.js";

/** One file a run would touch, with a short unified diff of the change. */
export interface FileDiff {
  path: string;
  change: "added" | "changed" | "removed";
  diff: string;
}

/** Check mode's answer: up to date when `files` is empty. */
export interface OutputDiff {
  files: FileDiff[];
  /** What would stop a real run without --force (hand edits, foreign files). */
  problems: OutputProblem[];
}

/**
 * What a run would change in the folder, without writing anything: the forced plan (so hand
 * edits and foreign files show up as changes, which is what a CI check wants to see), each with a
 * diff cut to `maxLines` lines. Call `recoverOutput` first, as for a run.
 */
export async function diffOutput(outDir: string, files: GeneratedFile[], maxLines = 40): Promise<OutputDiff> {
  const plan = await planOutput(outDir, files, { force: true });
  const result: FileDiff[] = [];
  for (const file of plan.write) {
    const current = await readIfExists(safeJoin(outDir, file.path));
    result.push({ path: file.path, change: current === undefined ? "added" : "changed", diff: unifiedDiff(file.path, current, file.contents, maxLines) });
  }
  for (const relative of plan.remove) {
    const current = await readIfExists(safeJoin(outDir, relative));
    result.push({ path: relative, change: "removed", diff: unifiedDiff(relative, current ?? "", undefined, maxLines) });
  }
  result.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: result, problems: plan.problems };
}
