import { readdir, readFile } from "node:fs/promises";
import type { GeneratedFile } from "../emit/render.js";
import { readManifest, WORK_DIR, type ManifestEntry } from "./manifest.js";
import { MANIFEST_FILE, safeJoin, sha256 } from "./write-output.js";

/** Why a file (or the folder, path ".") stops a run unless `--force`. */
export interface OutputProblem {
  path: string;
  kind: "not-ours" | "hand-edited" | "non-empty-without-manifest";
  message: string;
}

/** What a run would do to the output folder. Paths are relative to it, sorted. */
export interface OutputPlan {
  /** Files to write (new or changed); with `force`, also the files their problems name. */
  write: GeneratedFile[];
  /** Generated files of the previous run that this run no longer produces. */
  remove: string[];
  /** Files left as they are: identical content, or scaffolds that already exist. */
  unchanged: string[];
  /** Without `force` the run must stop when this is non-empty; with it, a list of warnings. */
  problems: OutputProblem[];
  /**
   * Scaffolds of an earlier run that this run no longer produces (their tag left the spec) and
   * that the user edited: kept as theirs, dropped from the manifest, and named in a warning,
   * since they usually import generated files that are gone. Unedited ones are in `remove`.
   */
  orphanedScaffolds: string[];
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Decides what a run writes and removes, from the previous manifest and what is on disk.
 * Call `recoverOutput` first: a half-finished previous run would otherwise look like hand edits.
 */
export async function planOutput(outDir: string, files: GeneratedFile[], options: { force: boolean }): Promise<OutputPlan> {
  checkPaths(outDir, files);
  const manifest = await readManifest(outDir);
  const known = new Map<string, ManifestEntry>(manifest?.files.map((f) => [f.path, f]) ?? []);
  const plan: OutputPlan = { write: [], remove: [], unchanged: [], problems: [], orphanedScaffolds: [] };
  const problem = (path: string, kind: OutputProblem["kind"], message: string) => plan.problems.push({ path, kind, message });

  if (!manifest && (await hasForeignEntries(outDir))) {
    problem(".", "non-empty-without-manifest", `${outDir} is not empty and has no ${MANIFEST_FILE}, so it is not a folder apigen wrote. Choose an empty or new folder, or pass --force to write into it.`);
  }
  for (const file of [...files].sort((a, b) => byPath(a.path, b.path))) {
    const current = await readIfExists(safeJoin(outDir, file.path));
    const entry = known.get(file.path);
    if (current === undefined) plan.write.push(file);
    // Same bytes: nothing to do, whoever wrote them (an edit that matches the new output is no loss).
    else if (current === file.contents) plan.unchanged.push(file.path);
    // A scaffold is the user's from its first write on: never overwritten, whatever apigen would write now.
    else if (file.kind === "scaffold") plan.unchanged.push(file.path);
    else if (!entry) {
      problem(file.path, "not-ours", `${file.path} exists but apigen did not write it (it is not in ${MANIFEST_FILE}). Move it away, or pass --force to overwrite it.`);
      if (options.force) plan.write.push(file);
    } else if (sha256(current) !== entry.sha256) {
      // (Also a former scaffold that became generated: it was the user's, so edits to it count.)
      problem(file.path, "hand-edited", handEdited(file.path, "overwrite"));
      if (options.force) plan.write.push(file);
    } else plan.write.push(file);
  }

  const produced = new Set(files.map((f) => f.path));
  const stale = (manifest?.files ?? []).filter((f) => !produced.has(f.path));
  for (const entry of stale.sort((a, b) => byPath(a.path, b.path))) {
    const current = await readIfExists(safeJoin(outDir, entry.path));
    if (current === undefined) continue; // already gone
    // A scaffold apigen wrote and nobody touched is still apigen's bytes: it goes like a generated file.
    if (sha256(current) === entry.sha256) plan.remove.push(entry.path);
    else if (entry.kind === "scaffold") plan.orphanedScaffolds.push(entry.path);
    else {
      problem(entry.path, "hand-edited", handEdited(entry.path, "delete"));
      if (options.force) plan.remove.push(entry.path);
    }
  }
  return plan;
}

function handEdited(file: string, action: "overwrite" | "delete"): string {
  const why = action === "overwrite" ? "was edited by hand since apigen wrote it" : "is no longer generated but was edited by hand since apigen wrote it";
  return `${file} ${why}. Move the change into a scaffold file or a template override, or pass --force to ${action} it.`;
}

/** Rejects paths apigen reserves for itself or that leave the folder, before anything is read. */
function checkPaths(outDir: string, files: GeneratedFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    safeJoin(outDir, file.path);
    const first = file.path.split(/[\\/]/)[0];
    if (file.path === MANIFEST_FILE || first === WORK_DIR) throw new Error(`refusing to write ${JSON.stringify(file.path)}: apigen reserves that path`);
    if (seen.has(file.path)) throw new Error(`internal: ${file.path} is produced twice`);
    seen.add(file.path);
  }
}

/** True when the folder holds anything besides apigen's own work folder. */
async function hasForeignEntries(outDir: string): Promise<boolean> {
  try {
    return (await readdir(outDir)).some((name) => name !== WORK_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
