import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** `strict` (the default): an invalid document stops the run. `warn`: errors with one obvious reading become warnings. */
export type ValidationMode = "strict" | "warn";

/**
 * Applies the validation mode to the diagnostics of one run. In `warn` mode each error that
 * carries a `recovery` (see check/recoverable.ts) becomes a warning at the same code, pointer and
 * position, saying how it was read; in `strict` mode it stays an error whose help names the flag.
 * Errors without a recovery are untouched in both modes.
 */
export function applyValidationMode(diagnostics: readonly Diagnostic[], mode: ValidationMode = "strict"): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.severity !== "error" || d.recovery === undefined) return d;
    if (mode === "warn") return { ...d, severity: "warning", message: `${d.message}; read as ${d.recovery}` };
    return { ...d, help: `${d.help ? `${d.help} ` : ""}With --validation warn, apigen reads it as ${d.recovery} and generates anyway.` };
  });
}
