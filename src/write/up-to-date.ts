import { stat } from "node:fs/promises";
import path from "node:path";
import { readManifest, WORK_DIR } from "./manifest.js";
import { readIfExists } from "./plan-output.js";
import { safeJoin, sha256 } from "./write-output.js";

/**
 * The fast path: true when the folder already holds what a run with these inputs, options and
 * apigen version would write, so the caller can skip the whole pipeline. That is: the manifest's
 * hashes and version match, every generated file still has its recorded hash, and every scaffold
 * still exists (a run would recreate a deleted one). A v1 manifest, a missing one, or an
 * interrupted run (`.apigen/` present) is never up to date.
 */
export async function isUpToDate(outDir: string, optionsHash: string, inputsHash: string, version: string): Promise<boolean> {
  if (await stat(path.join(outDir, WORK_DIR)).then(() => true, () => false)) return false;
  try {
    const manifest = await readManifest(outDir);
    // A v1 manifest reads with empty hashes: never a match, even for a caller passing empty ones.
    if (!manifest || !manifest.apigen || !manifest.optionsHash || !manifest.inputsHash) return false;
    if (manifest.apigen !== version || manifest.optionsHash !== optionsHash || manifest.inputsHash !== inputsHash) return false;
    for (const entry of manifest.files) {
      const current = await readIfExists(safeJoin(outDir, entry.path));
      if (current === undefined) return false;
      if (entry.kind === "generated" && sha256(current) !== entry.sha256) return false;
    }
    return true;
  } catch {
    return false; // a damaged manifest or a path outside the folder: the full run reports it
  }
}
