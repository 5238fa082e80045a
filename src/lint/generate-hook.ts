import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ApiDocument } from "../ir/document.js";
import type { LoadedSpec } from "../load/load-spec.js";
import type { LintConfig } from "./lint-config.js";
import { lintSpec } from "./lint-spec.js";

/**
 * The lint as `apigen generate` runs it: findings become diagnostics with code `lint/<rule-id>`,
 * printed by the usual reporter. They are warnings, so generation goes on, except that with
 * `failOn: "error"` error-level findings are errors and stop it. Info findings are left to
 * `apigen lint` (generate's output would drown in them).
 */
export function lintDiagnostics(spec: LoadedSpec, api: ApiDocument, config: LintConfig = {}): Diagnostic[] {
  return lintSpec(spec, api, config)
    .filter((f) => f.severity !== "info")
    .map((f) => ({
      code: `lint/${f.ruleId}`,
      severity: config.failOn === "error" && f.severity === "error" ? "error" : "warning",
      message: f.message,
      pointer: f.pointer,
      position: f.position,
      help: f.help,
    }));
}
