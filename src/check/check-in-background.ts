import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LoadedSpec } from "../load/load-spec.js";
import type { ValidationMode } from "./validation-mode.js";
import { structuralDiagnostics, structuralErrors, type StructuralErrors } from "./validate-structure.js";

/** Below this size the check is quick, and a thread would cost more than it saves. */
const WORKER_MIN_BYTES = 512 * 1024;

const WORKER_FILE = new URL("./structure-worker.js", import.meta.url);

/**
 * A structure-check worker started before the spec is read (`warmStructureCheck`). Hand it to
 * `startStructureCheck`, or `dispose` it when there is nothing to check (the spec did not load).
 */
export interface WarmWorker {
  dispose(): void;
  /** The worker, unless it failed while starting (then a fresh one is started). */
  take(): Worker | undefined;
}

/**
 * Starts the structural check's worker while this thread reads and parses the spec: loading the
 * validator and its OpenAPI schemas takes the worker 0.6 s, which otherwise came after the load
 * and put `apigen lint` of GitHub's spec at 2.6 s, 0.45 s of it waiting for the worker. Only for
 * a local root file big enough to be checked in a worker; undefined otherwise.
 */
export function warmStructureCheck(input: string): WarmWorker | undefined {
  if (!existsSync(fileURLToPath(WORKER_FILE))) return undefined;
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    return undefined; // stdin, a URL, a missing file: the loader says what is wrong.
  }
  if (size < WORKER_MIN_BYTES) return undefined;
  const worker = new Worker(WORKER_FILE, { workerData: { input } });
  // Until it is given a document, it must not keep the process alive.
  worker.unref();
  let failed = false;
  worker.once("error", () => (failed = true));
  return {
    dispose: () => void worker.terminate(),
    take: () => {
      if (failed) return undefined;
      worker.ref();
      return worker;
    },
  };
}

/**
 * Starts the structural check (validation against the OpenAPI JSON schema, ~0.7 s on GitHub's
 * 13 MB spec) on a second core, so that normalising and linting run meanwhile; await the result
 * before using the normalised document. Small documents, and runs from TypeScript sources (no
 * compiled worker file), are checked in this thread. `warm`: a worker started before loading.
 */
export function startStructureCheck(spec: LoadedSpec, mode?: ValidationMode, warm?: WarmWorker): Promise<Diagnostic[]> {
  const text = spec.texts.reduce((sum, t) => sum + (t?.length ?? 0), 0);
  if (text < WORKER_MIN_BYTES || !existsSync(fileURLToPath(WORKER_FILE))) {
    warm?.dispose();
    return inThread(spec, mode);
  }
  let json: string;
  try {
    json = spec.jsonText ?? JSON.stringify(spec.document);
  } catch {
    warm?.dispose();
    return inThread(spec, mode);
  }
  return new Promise<StructuralErrors>((resolve, reject) => {
    const worker = warm?.take() ?? new Worker(WORKER_FILE);
    worker.once("message", (errors: StructuralErrors) => {
      resolve(errors);
      void worker.terminate();
    });
    worker.once("error", reject);
    // As UTF-8 bytes, handed over rather than copied: posting the 13 MB string took the main
    // thread 80 ms, encoding it 10-50 ms.
    const bytes = Buffer.from(json, "utf8");
    worker.postMessage({ json: bytes, version: spec.version }, [bytes.buffer]);
  }).then((errors) => structuralDiagnostics(errors, spec, mode));
}

async function inThread(spec: LoadedSpec, mode?: ValidationMode): Promise<Diagnostic[]> {
  return structuralDiagnostics(await structuralErrors(spec.document, spec.version), spec, mode);
}
