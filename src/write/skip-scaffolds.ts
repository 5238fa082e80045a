import { pathGlob } from "../config/path-glob.js";
import type { GeneratedFile } from "../emit/render.js";

/**
 * Leaves out the scaffolds the job says the project has its own of (`main.ts`, `handlers/*`):
 * they are neither written nor tracked, whatever is at their path. An entry that matches no
 * scaffold of this output is a notice, since it is usually a typo.
 */
export function skipScaffolds(files: GeneratedFile[], patterns: string[]): { kept: GeneratedFile[]; notices: string[] } {
  if (patterns.length === 0) return { kept: files, notices: [] };
  const matchers = patterns.map((p) => ({ pattern: p, glob: pathGlob(p.replace(/^\.\//, "")), used: false }));
  const kept = files.filter((file) => {
    if (file.kind !== "scaffold") return true;
    const hits = matchers.filter((m) => m.glob.test(file.path));
    for (const m of hits) m.used = true;
    return hits.length === 0;
  });
  const scaffolds = files.filter((f) => f.kind === "scaffold").map((f) => f.path).sort();
  const notices = matchers
    .filter((m) => !m.used)
    .map((m) => `skipScaffolds lists ${JSON.stringify(m.pattern)}, which matches no scaffold of this output (its scaffolds: ${scaffolds.join(", ") || "none"})`);
  return { kept, notices };
}
