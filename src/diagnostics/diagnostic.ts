/**
 * Diagnostics are the only way a stage reports a problem with the user's input.
 * They are collected (never thrown one at a time) so the user sees everything at once.
 */
export type Severity = "error" | "warning";

export interface SourcePosition {
  /** Path of the file as the user named it (relative paths stay relative). */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
}

export interface Diagnostic {
  /** Stable machine id, e.g. APIGEN_REF_NOT_FOUND. */
  code: string;
  severity: Severity;
  message: string;
  /** JSON pointer into the document the problem was found in. */
  pointer: string;
  /** Where in the source text; absent only when the input had no text (e.g. an object passed in). */
  position?: SourcePosition;
  /** One sentence on how to fix it. */
  help?: string;
  /**
   * For an invalid document that apigen can still read in one obvious way: how it reads it (a
   * phrase, e.g. "no required properties"). With `validation: "warn"` such errors become warnings.
   */
  recovery?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** One diagnostic as the CLI prints it: `file:line:col error CODE message` plus pointer and help. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}` : "<input>";
  const lines = [`${where} ${d.severity} ${d.code}: ${d.message}`];
  if (d.pointer) lines.push(`  at ${d.pointer}`);
  if (d.help) lines.push(`  help: ${d.help}`);
  return lines.join("\n");
}

/** Fills in positions of diagnostics that only carry a pointer (computed late: it costs a parse). */
export function locateDiagnostics(
  diagnostics: readonly Diagnostic[],
  positionOf: (pointer: string) => SourcePosition | undefined,
): Diagnostic[] {
  return diagnostics.map((d) => (d.position ? d : { ...d, position: positionOf(d.pointer) }));
}
