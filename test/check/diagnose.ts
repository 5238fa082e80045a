import path from "node:path";
import type { ValidationMode } from "../../src/check/validation-mode.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { buildOutput } from "../../src/generate.js";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";

export const structureFixture = (name: string) => path.join(FIXTURES, "bad", "structure", name);

/** The pipeline in memory on one fixture: whether it would write, and its diagnostics as `line:col severity CODE pointer`. */
export async function diagnose(name: string, validation?: ValidationMode): Promise<{ ok: boolean; lines: string[]; diagnostics: Diagnostic[] }> {
  const built = await buildOutput({ spec: structureFixture(name), out: path.join(SCRATCH, "check", name), format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", client: true, validation });
  const diagnostics = built.diagnostics.filter((d) => !d.code.startsWith("lint/"));
  const lines = diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.severity} ${d.code} ${d.pointer}`);
  return { ok: built.ok, lines, diagnostics };
}
