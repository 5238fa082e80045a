import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { serializeManifest, WORK_DIR, type Manifest } from "./manifest.js";
import type { OutputPlan } from "./plan-output.js";
import { MANIFEST_FILE, safeJoin } from "./write-output.js";

/** Points in `applyOutput` a hook can observe (progress, and the kill tests that stop a run there). */
export type ApplyPhase = "staged-half" | "staged" | "committed" | "renamed-half" | "renamed" | "removed" | "manifest-written" | "journal-removed";

/** Optional observers; the defaults do nothing. */
export interface ApplyHooks {
  onPhase?: (phase: ApplyPhase) => void | Promise<void>;
}

/** What `recoverOutput` found: nothing to do, an uncommitted run thrown away, or a committed run finished. */
export type RecoveryResult = "clean" | "rolled-back" | "rolled-forward";

/** `.apigen/commit.json`: everything needed to finish a committed run without its process. */
interface Journal {
  journal: 1;
  /** Staged under `.apigen/staging/<path>`, renamed to `<path>`. */
  write: string[];
  remove: string[];
  manifest: Manifest;
}

const STAGING = "staging";
const JOURNAL = "commit.json";

/**
 * Writes a plan all-or-nothing across the whole run. Every new file is staged under
 * `.apigen/staging/` (same filesystem, so moving it into place is a rename); then the journal
 * `.apigen/commit.json` appears by an atomic rename, which is the commit point; then the renames,
 * removals and manifest are carried out and the journal and staging are deleted. A run killed
 * before the commit point leaves only `.apigen/` behind (rolled back by `recoverOutput`); one
 * killed after it is finished by `recoverOutput` from the journal. Guards against the process
 * dying, not the machine: nothing is fsync'ed (that costs milliseconds per file). Apply a plan
 * only when it has no problems or the user passed --force; `manifest` lists the whole run
 * (`buildManifest(allFiles, meta)`), not just the files written.
 */
export async function applyOutput(outDir: string, plan: OutputPlan, manifest: Manifest, hooks: ApplyHooks = {}): Promise<void> {
  const work = path.join(outDir, WORK_DIR);
  const journalPath = path.join(work, JOURNAL);
  if (await exists(journalPath)) throw new Error(`${journalPath} exists: a previous run was interrupted; call recoverOutput first`);
  // Staging without a journal was never committed: leftovers of a killed run, safe to drop.
  await rm(work, { recursive: true, force: true });
  const stagingRoot = path.join(work, STAGING);
  await mkdir(stagingRoot, { recursive: true });
  const half = Math.ceil(plan.write.length / 2);
  for (const [i, file] of plan.write.entries()) {
    const staged = safeJoin(stagingRoot, file.path);
    await mkdir(path.dirname(staged), { recursive: true });
    await writeFile(staged, file.contents, "utf8");
    if (i + 1 === half) await hooks.onPhase?.("staged-half");
  }
  await hooks.onPhase?.("staged");
  const journal: Journal = { journal: 1, write: plan.write.map((f) => f.path), remove: plan.remove, manifest };
  await writeFile(`${journalPath}.tmp`, JSON.stringify(journal), "utf8");
  await rename(`${journalPath}.tmp`, journalPath); // the commit point
  await hooks.onPhase?.("committed");
  await rollForward(outDir, journal, hooks);
}

/**
 * Brings the folder back to a whole state after a run that was killed: finishes a committed run
 * (journal present) or throws away an uncommitted one (staging only). Call it at the start of
 * every run and before check mode reads the folder. Idempotent, and itself safe to kill.
 */
export async function recoverOutput(outDir: string): Promise<RecoveryResult> {
  const work = path.join(outDir, WORK_DIR);
  let text: string;
  try {
    text = await readFile(path.join(work, JOURNAL), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    if (!(await exists(work))) return "clean";
    await rm(work, { recursive: true, force: true });
    return "rolled-back";
  }
  await rollForward(outDir, parseJournal(text, path.join(work, JOURNAL)));
  return "rolled-forward";
}

/** Whether a killed run's journal (past the commit point) waits in the folder for `recoverOutput`. */
export async function hasCommittedJournal(outDir: string): Promise<boolean> {
  return exists(path.join(outDir, WORK_DIR, JOURNAL));
}

/** Carries out a committed journal. Each step tolerates having been done already. */
async function rollForward(outDir: string, journal: Journal, hooks: ApplyHooks = {}): Promise<void> {
  const work = path.join(outDir, WORK_DIR);
  const stagingRoot = path.join(work, STAGING);
  const half = Math.ceil(journal.write.length / 2);
  for (const [i, relative] of journal.write.entries()) {
    const from = safeJoin(stagingRoot, relative);
    const to = safeJoin(outDir, relative);
    await mkdir(path.dirname(to), { recursive: true });
    try {
      await rename(from, to);
    } catch (e) {
      // A staged file that is gone was renamed before the previous attempt died.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || (await exists(from))) throw e;
    }
    if (i + 1 === half) await hooks.onPhase?.("renamed-half");
  }
  await hooks.onPhase?.("renamed");
  for (const relative of journal.remove) {
    const target = safeJoin(outDir, relative);
    await rm(target, { force: true });
    await pruneEmptyDirs(outDir, path.dirname(target));
  }
  await hooks.onPhase?.("removed");
  const manifestTemp = path.join(work, "manifest.tmp");
  await writeFile(manifestTemp, serializeManifest(journal.manifest), "utf8");
  await rename(manifestTemp, path.join(outDir, MANIFEST_FILE));
  await hooks.onPhase?.("manifest-written");
  // The journal goes first: staging left without it reads as "uncommitted" and is dropped, which is right now.
  await rm(path.join(work, JOURNAL), { force: true });
  await hooks.onPhase?.("journal-removed");
  await rm(work, { recursive: true, force: true });
}

/** Removes folders a removal left empty (e.g. a runtime folder no longer generated), up to the output folder. */
async function pruneEmptyDirs(outDir: string, dir: string): Promise<void> {
  const root = path.resolve(outDir);
  for (let current = path.resolve(dir); current.startsWith(root + path.sep); current = path.dirname(current)) {
    try {
      await rmdir(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") return; // not empty (or not ours to judge): stop here
    }
  }
}

function parseJournal(text: string, file: string): Journal {
  // The journal only ever appears whole (renamed into place), so a broken one means outside damage.
  let data: Partial<Journal>;
  try {
    data = JSON.parse(text) as Partial<Journal>;
  } catch {
    throw new Error(`${file} is damaged; delete the ${WORK_DIR} folder and regenerate`);
  }
  if (data.journal !== 1 || !Array.isArray(data.write) || !Array.isArray(data.remove) || !Array.isArray(data.manifest?.files)) {
    throw new Error(`${file} is not an apigen journal; delete the ${WORK_DIR} folder and regenerate`);
  }
  return data as Journal;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
