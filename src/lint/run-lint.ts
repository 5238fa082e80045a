import { checkAndNormalize } from "../check/check-and-normalize.js";
import { locateDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parsePointer } from "../load/json-pointer.js";
import { loadSpec, type LoadOptions } from "../load/load-spec.js";
import type { LintConfig } from "./lint-config.js";
import { lintSpec, loaderFindings } from "./lint-spec.js";
import { warmStructureCheck } from "../check/check-in-background.js";
import type { LintFinding } from "./types.js";

export interface LintFileResult {
  /** Problems that kept the spec from being read (an unreadable file, invalid structure, ...). */
  diagnostics: Diagnostic[];
  findings: LintFinding[];
}

/** Loader codes of a document's syntax: reported as `valid-yaml` findings, not as diagnostics. */
const SYNTAX_CODES = new Set(["APIGEN_PARSE_ERROR", "APIGEN_DUPLICATE_KEY"]);

/**
 * Loads, checks and normalises one spec, then lints it. The loader reads past a YAML syntax
 * error and drops a `$ref` that leads nowhere (`recover`): those become error-level findings
 * (`valid-yaml`, `resolvable-refs`) and the rest of the spec is linted. A spec that cannot be read
 * at all yields its syntax errors as findings and its other problems as diagnostics.
 */
export async function lintFile(input: string, config: LintConfig = {}, options: Pick<LoadOptions, "allowFilesOutside" | "allowRemoteRefs" | "maxBytes"> = {}): Promise<LintFileResult> {
  const warm = warmStructureCheck(input);
  const loaded = await loadSpec(input, { ...options, recover: true }).catch((error: unknown) => {
    warm?.dispose();
    throw error;
  });
  if (!loaded.spec) {
    warm?.dispose();
    const syntax = loaded.diagnostics.filter((d) => SYNTAX_CODES.has(d.code));
    return { diagnostics: loaded.diagnostics.filter((d) => !SYNTAX_CODES.has(d.code)), findings: loaderFindings(syntax, config) };
  }
  const spec = loaded.spec;
  const recovered = loaded.recovered ?? [];
  const ruleFailures: Diagnostic[] = [];
  const checked = await checkAndNormalize(spec, { validation: "as-found", fallback: loaderFindings(recovered, config), warm }, (normalized) => lintSpec(spec, normalized.api, config, { recovered, ruleFailures }));
  const findings = checked.meanwhile;
  // A node whose broken $ref was dropped reads as {}: what the structure check says about it
  // (a response without a description, ...) restates the resolvable-refs finding.
  const dropped = recovered.filter((d) => d.pointer.endsWith("/$ref")).map((d) => d.pointer.slice(0, -"/$ref".length));
  const beside = (d: Diagnostic) => dropped.some((p) => d.pointer === p || d.pointer.startsWith(`${p}/`));
  const found = [...loaded.diagnostics, ...checked.structural.filter((d) => !beside(d)), ...checked.normalizer.filter((d) => !beside(d)), ...ruleFailures];
  const diagnostics = locateDiagnostics(found, (pointer) => spec.source.positionOf(parsePointer(pointer) ?? []));
  // Structural errors are reported, but a spec that still normalised is reviewed too: the design
  // findings are as useful next to a schema mistake as without one.
  return { diagnostics, findings };
}
