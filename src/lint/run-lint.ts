import { startStructureCheck } from "../check/check-in-background.js";
import { hasErrors, locateDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parsePointer } from "../load/json-pointer.js";
import { loadSpec, type LoadOptions } from "../load/load-spec.js";
import { normalizeDocument } from "../normalize/normalize-document.js";
import type { LintConfig } from "./lint-config.js";
import { lintSpec } from "./lint-spec.js";
import type { LintFinding } from "./types.js";

export interface LintFileResult {
  /** Problems that kept the spec from being read (parse errors, broken $refs, invalid structure). */
  diagnostics: Diagnostic[];
  findings: LintFinding[];
}

/** Loads, checks and normalises one spec, then lints it; a spec that cannot be read yields its diagnostics instead. */
export async function lintFile(input: string, config: LintConfig = {}, options: Pick<LoadOptions, "allowFilesOutside" | "allowRemoteRefs" | "maxBytes"> = {}): Promise<LintFileResult> {
  const loaded = await loadSpec(input, options);
  if (!loaded.spec) return { diagnostics: loaded.diagnostics, findings: [] };
  const spec = loaded.spec;
  // The structural check runs on another core while this one normalises and lints.
  const checking = startStructureCheck(spec);
  let normalized: ReturnType<typeof normalizeDocument> | undefined;
  let normalizeError: unknown;
  try {
    normalized = normalizeDocument(spec);
  } catch (e) {
    normalizeError = e;
  }
  const findings = normalized ? lintSpec(spec, normalized.api, config) : [];
  const structural = await checking;
  if (!normalized && !hasErrors(structural)) throw normalizeError;
  const found = [...loaded.diagnostics, ...structural, ...(normalized?.diagnostics ?? [])];
  const diagnostics = locateDiagnostics(found, (pointer) => spec.source.positionOf(parsePointer(pointer) ?? []));
  // Structural errors are reported, but a spec that still normalised is reviewed too: the design
  // findings are as useful next to a schema mistake as without one.
  return { diagnostics, findings };
}
