import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { LoadedSpec } from "../load/load-spec.js";
import { normalizeDocument } from "../normalize/normalize-document.js";
import { startStructureCheck, type WarmWorker } from "./check-in-background.js";
import { withoutRestated } from "./validate-structure.js";
import { applyValidationMode, type ValidationMode } from "./validation-mode.js";

export interface Checked<T> {
  /** The IR, unless normalising failed (only ever on a document the structural check refuses). */
  normalized: ReturnType<typeof normalizeDocument> | undefined;
  /** The structural check's findings, under the validation mode. */
  structural: Diagnostic[];
  /** What the normaliser found that the check did not already say, under the validation mode. */
  normalizer: Diagnostic[];
  /** What `meanwhile` returned (its fallback when it failed on a document the check refuses). */
  meanwhile: T;
}

/** Runs one stage; generate passes its timer, which names the stage in --timings. */
export type Stage = <R>(name: string, fn: () => R) => Promise<R>;

const untimed: Stage = async (_name, fn) => fn();

/**
 * What generate and lint both do with a loaded spec: the structural check (the OpenAPI JSON
 * schema) runs on another core while this one normalises the document and runs `meanwhile` on
 * the IR (lint: the rules; generate: names and files, dropped if the check refuses the
 * document). Normalising also finds schema errors the check cannot see (`type: 12`), so
 * it runs even on a document the check will refuse, reading defensively; a failure there, or in
 * `meanwhile`, is expected on such a document and is apigen's bug only when the check finds
 * nothing, in which case it is thrown.
 */
export async function checkAndNormalize<T>(
  spec: LoadedSpec,
  options: { validation: ValidationMode | undefined | "as-found"; stage?: Stage; fallback: T; meanwhileStage?: string | false; warm?: WarmWorker | undefined },
  meanwhile: (normalized: NonNullable<Checked<T>["normalized"]>) => T | Promise<T>,
): Promise<Checked<T>> {
  const stage = options.stage ?? untimed;
  // "as-found" (lint): the findings as the check words them; generate's modes add how --validation warn reads them.
  const mode = options.validation === "as-found" ? undefined : options.validation;
  const underMode = (diagnostics: Diagnostic[]) => (options.validation === "as-found" ? diagnostics : applyValidationMode(diagnostics, mode));
  const checking = startStructureCheck(spec, mode, options.warm);
  let failure: { error: unknown } | undefined;
  const normalized = await stage("normalize", () => {
    try {
      return normalizeDocument(spec);
    } catch (error) {
      failure = { error };
      return undefined;
    }
  });
  const run = async () => {
    try {
      return normalized ? await meanwhile(normalized) : options.fallback;
    } catch (error) {
      failure ??= { error };
      return options.fallback;
    }
  };
  // `meanwhileStage: false`: `meanwhile` times its own stages.
  const result = options.meanwhileStage === false ? await run() : await stage(options.meanwhileStage ?? "lint", run);
  const structural = underMode(await stage("check (waiting for it)", () => checking));
  if (failure && !hasErrors(structural)) throw failure.error;
  const normalizer = underMode(withoutRestated(structural, normalized?.diagnostics ?? []));
  return { normalized, structural, normalizer, meanwhile: result };
}
