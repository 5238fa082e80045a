/** Shared by the write-stage tests: scratch folders, file trees, and a whole run as the pipeline does it. */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { GeneratedFile } from "../../src/emit/render.js";
import { applyOutput, recoverOutput } from "../../src/write/apply-output.js";
import { buildManifest, type ManifestMeta } from "../../src/write/manifest.js";
import { planOutput, type OutputPlan } from "../../src/write/plan-output.js";
import { SCRATCH } from "../helpers/paths.js";

export const META: ManifestMeta = { apigen: "0.1.0", optionsHash: "o".repeat(64), inputsHash: "i".repeat(64), inputs: ["openapi.yaml"] };

/** A fresh, empty folder under .tmp/test/write/. */
export function scratch(name: string): string {
  const dir = path.join(SCRATCH, "write", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function gen(filePath: string, contents: string, kind: GeneratedFile["kind"] = "generated"): GeneratedFile {
  return { path: filePath, contents, kind };
}

/** Every file under `dir` (relative `/` paths, sorted) with its text; the folder's whole state. */
export function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else tree[relative] = readFileSync(path.join(dir, relative), "utf8");
    }
  };
  walk("");
  return tree;
}

/** Recover, plan, and (when nothing blocks, or with force) apply: one run of the write stage. */
export async function run(outDir: string, files: GeneratedFile[], force = false, meta = META): Promise<OutputPlan> {
  await recoverOutput(outDir);
  const plan = await planOutput(outDir, files, { force });
  if (plan.problems.length === 0 || force) await applyOutput(outDir, plan, buildManifest(files, meta));
  return plan;
}
