import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "../emit/render.js";

export const MANIFEST_FILE = ".apigen-manifest.json";

export interface Manifest {
  generator: string;
  files: { path: string; sha256: string; kind: "generated" | "scaffold" }[];
}

export interface WritePlan {
  write: GeneratedFile[];
  unchanged: string[];
  /** Files that exist, were not written by apigen, and would be overwritten. */
  conflicts: string[];
}

/** Refuses any path that would land outside the output folder (a hostile pack or name). */
export function safeJoin(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  const root = path.resolve(outDir);
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes("..") || !target.startsWith(root + path.sep)) {
    throw new Error(`refusing to write ${JSON.stringify(relative)}: it is outside the output folder`);
  }
  return target;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Decides what a run writes: unchanged files are skipped, files apigen did not write are conflicts. */
export async function planWrites(outDir: string, files: GeneratedFile[]): Promise<WritePlan> {
  const previous = await readManifest(outDir);
  const known = new Map(previous?.files.map((f) => [f.path, f]) ?? []);
  const plan: WritePlan = { write: [], unchanged: [], conflicts: [] };
  for (const file of files) {
    const target = safeJoin(outDir, file.path);
    const existing = await readFile(target, "utf8").catch(() => undefined);
    if (existing === undefined) plan.write.push(file);
    else if (existing === file.contents) plan.unchanged.push(file.path);
    else if (file.kind === "scaffold") plan.unchanged.push(file.path); // the user's from the first write on
    else if (known.has(file.path)) plan.write.push(file);
    else plan.conflicts.push(file.path);
  }
  return plan;
}

/**
 * Writes the plan: each file goes to a temporary name first and is renamed into place, so a
 * reader never sees a half-written file. All contents exist before the first write starts.
 */
export async function applyWrites(outDir: string, plan: WritePlan, allFiles: GeneratedFile[], generator: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const file of plan.write) {
    const target = safeJoin(outDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.apigen-${process.pid}.tmp`;
    await writeFile(temp, file.contents, "utf8");
    await rename(temp, target);
  }
  const manifest: Manifest = {
    generator,
    files: allFiles.map((f) => ({ path: f.path, sha256: sha256(f.contents), kind: f.kind })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 2) + "\n", "utf8");
  await rename(`${manifestPath}.tmp`, manifestPath);
}

async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}
