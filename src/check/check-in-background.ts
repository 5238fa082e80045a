import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LoadedSpec } from "../load/load-spec.js";
import type { ValidationMode } from "./validation-mode.js";
import { structuralDiagnostics, structuralErrors, type StructuralErrors } from "./validate-structure.js";

/** Below this size the check is quick, and a thread would cost more than it saves. */
const WORKER_MIN_BYTES = 512 * 1024;

/**
 * Starts the structural check (validation against the OpenAPI JSON schema, ~0.7 s on GitHub's
 * 13 MB spec) on a second core, so that normalising and linting run meanwhile; await the result
 * before using the normalised document. Small documents, and runs from TypeScript sources (no
 * compiled worker file), are checked in this thread.
 */
export function startStructureCheck(spec: LoadedSpec, mode?: ValidationMode): Promise<Diagnostic[]> {
  const workerFile = new URL("./structure-worker.js", import.meta.url);
  const text = spec.texts.reduce((sum, t) => sum + (t?.length ?? 0), 0);
  if (text < WORKER_MIN_BYTES || !existsSync(fileURLToPath(workerFile))) return inThread(spec, mode);
  let json: string;
  try {
    json = JSON.stringify(spec.document);
  } catch {
    return inThread(spec, mode);
  }
  return new Promise<StructuralErrors>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { json } });
    worker.once("message", (errors: StructuralErrors) => {
      resolve(errors);
      void worker.terminate();
    });
    worker.once("error", reject);
  }).then((errors) => structuralDiagnostics(errors, spec, mode));
}

async function inThread(spec: LoadedSpec, mode?: ValidationMode): Promise<Diagnostic[]> {
  return structuralDiagnostics(await structuralErrors(spec.document), spec, mode);
}
