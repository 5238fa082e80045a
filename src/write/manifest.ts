import { readFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "../emit/render.js";
import { MANIFEST_FILE, sha256 } from "./write-output.js";

/** Where apigen keeps its journal and staged files while a run is being written. Never listed in the manifest. */
export const WORK_DIR = ".apigen";

/** One file apigen wrote, with the hash of what it wrote (how hand edits are noticed). */
export interface ManifestEntry {
  path: string;
  sha256: string;
  kind: "generated" | "scaffold";
}

/** `.apigen-manifest.json`, version 2: deterministic (no timestamps), files sorted by path. */
export interface Manifest {
  /** The apigen version that wrote the folder. */
  apigen: string;
  optionsHash: string;
  inputsHash: string;
  /** The input files hashed into inputsHash (paths as the run named them), for the no-change check. */
  inputs: string[];
  files: ManifestEntry[];
}

/** What a run records besides its files. */
export interface ManifestMeta {
  apigen: string;
  optionsHash: string;
  inputsHash: string;
  inputs: string[];
}

/** The manifest for a run's complete output (every file it produces, written or unchanged). */
export function buildManifest(files: GeneratedFile[], meta: ManifestMeta): Manifest {
  const entries = files.map((f) => ({ path: f.path, sha256: sha256(f.contents), kind: f.kind }));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Spelled out so the key order on disk never depends on how `meta` was built.
  return { apigen: meta.apigen, optionsHash: meta.optionsHash, inputsHash: meta.inputsHash, inputs: [...meta.inputs].sort(), files: entries };
}

/** The manifest's bytes on disk. */
export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Reads the folder's manifest, v2 or v1 (`{ generator, files }`, before the hashes existed: its
 * hashes read as empty, so it is never up to date but its file hashes still protect hand edits).
 * Undefined when there is none; an unreadable one is an error rather than "no manifest", since
 * treating the folder as foreign would block the run and treating it as empty would lose track of files.
 */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const file = path.join(outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: delete it to start the folder over`);
  }
  return parseManifest(raw, file);
}

function parseManifest(raw: unknown, file: string): Manifest {
  const data = raw as Partial<Manifest> & { generator?: unknown };
  if (typeof data !== "object" || data === null || !Array.isArray(data.files)) throw new Error(`${file} is not an apigen manifest`);
  const files: ManifestEntry[] = [];
  for (const entry of data.files as unknown[]) {
    const e = entry as Partial<ManifestEntry>;
    if (typeof e?.path !== "string" || typeof e.sha256 !== "string" || (e.kind !== "generated" && e.kind !== "scaffold")) {
      throw new Error(`${file} has a malformed file entry: ${JSON.stringify(entry)}`);
    }
    files.push({ path: e.path, sha256: e.sha256, kind: e.kind });
  }
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const inputs = Array.isArray(data.inputs) ? data.inputs.filter((i): i is string => typeof i === "string") : [];
  return { apigen: text(data.apigen), optionsHash: text(data.optionsHash), inputsHash: text(data.inputsHash), inputs, files };
}
