/**
 * The core runtime (templates/core/runtime: problem details, the zod helpers the server's
 * validation runs schemas with) laid out as outputs have it, `<runtime>/<file>.ts`, for the tests
 * that assemble a server runtime by hand instead of generating one.
 */
import { copyFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { REPO } from "./paths.js";

export const CORE_RUNTIME = path.join(REPO, "templates", "core", "runtime");

/** Copies every core runtime file into `runtimeDir` (with `copy`, a plain copy unless given). */
export function copyCoreRuntime(runtimeDir: string, copy: (from: string, to: string) => void = copyFileSync): void {
  for (const file of readdirSync(CORE_RUNTIME)) if (file.endsWith(".ts")) copy(path.join(CORE_RUNTIME, file), path.join(runtimeDir, file));
}
