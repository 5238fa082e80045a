import path from "node:path";
import { validateStructure } from "./check/validate-structure.js";
import { hasErrors, locateDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { buildClientPackageView, clientPackageProblem, type ClientPackageOptions } from "./emit/client/client-package-view.js";
import { buildClientView } from "./emit/client/client-view.js";
import { buildCoreView } from "./emit/core/core-view.js";
import type { ApiDocument } from "./ir/document.js";
import { renderPack, type GeneratedFile } from "./emit/render.js";
import { formatFiles, type FormatOptions } from "./format/format-files.js";
import { parsePointer } from "./load/json-pointer.js";
import { loadSpec } from "./load/load-spec.js";
import { normalizeDocument } from "./normalize/normalize-document.js";
import { resolveNames, type ResolvedNames } from "./resolve/resolve-names.js";
import { TEMPLATES_DIR } from "./templates-dir.js";
import { applyWrites, planWrites } from "./write/write-output.js";

export interface GenerateOptions {
  spec: string;
  out: string;
  format: FormatOptions;
  /** Overwrite files in the output folder that apigen did not write. */
  force: boolean;
  /** The command line to name in each generated file's header. */
  command: string;
  /** Also generate the typed client (client.gen.ts and its runtime). */
  client?: boolean;
  /** Make the output folder an npm package of the client (package.json, tsconfig, README); implies `client`. */
  clientPackage?: ClientPackageOptions;
}

export interface GenerateResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  written: string[];
  unchanged: string[];
  conflicts: string[];
  timings: Record<string, number>;
}


export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Every file of the output, formatted, in memory. */
  files: GeneratedFile[];
  /** The spec and every file it $refs (for watch mode and the no-change check). */
  inputFiles: string[];
  timings: Record<string, number>;
}

/** Runs the pipeline up to the files in memory: load, check, normalize, resolve, emit, format. */
export async function buildOutput(options: Omit<GenerateOptions, "force">): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = Math.round(performance.now() - start);
    }
  };
  const packageProblem = options.clientPackage && clientPackageProblem(options.clientPackage);
  if (packageProblem) throw new Error(packageProblem);

  const loaded = await time("load", () => loadSpec(options.spec));
  const fail = (diagnostics: Diagnostic[]): BuildResult => ({ ok: false, diagnostics, files: [], inputFiles: loaded.spec?.files ?? [options.spec], timings });
  if (!loaded.spec) return fail(loaded.diagnostics);
  const spec = loaded.spec;
  const structural = await time("check", () => validateStructure(spec));
  // Normalising also finds schema errors the structural check cannot see (e.g. `type: 12`), so it
  // runs even after structural errors, to report everything at once; it reads defensively.
  const normalized = await time("normalize", () => {
    try {
      return normalizeDocument(spec);
    } catch (e) {
      if (hasErrors(structural)) return undefined;
      throw e;
    }
  });
  const found = [...structural, ...(normalized?.diagnostics ?? [])];
  const diagnostics = locateDiagnostics(found, (pointer) => spec.source.positionOf(parsePointer(pointer) ?? []));
  if (hasErrors(diagnostics) || !normalized) return fail(diagnostics);
  const { api } = normalized;

  const names = await time("resolve", () => resolveNames(api));
  const files = await time("emit", () => {
    const core = emitCore(api, names, options.command);
    return options.client || options.clientPackage ? [...core, ...emitClient(api, names, options.command, options.clientPackage, core)] : core;
  });
  const formatted = await time("format", () => formatFiles(files, options.out, options.format));
  return { ok: true, diagnostics, files: formatted, inputFiles: spec.files, timings };
}

/** Runs the whole pipeline and writes the output folder. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const built = await buildOutput(options);
  const { diagnostics, timings } = built;
  if (!built.ok) return { ok: false, diagnostics, written: [], unchanged: [], conflicts: [], timings };
  const start = performance.now();
  const plan = await planWrites(options.out, built.files);
  if (plan.conflicts.length > 0 && !options.force) {
    return { ok: false, diagnostics, written: [], unchanged: plan.unchanged, conflicts: plan.conflicts, timings };
  }
  if (options.force) plan.write.push(...built.files.filter((f) => plan.conflicts.includes(f.path)));
  await applyWrites(options.out, plan, built.files, "apigen");
  timings.write = Math.round(performance.now() - start);
  return { ok: true, diagnostics, written: plan.write.map((f) => f.path), unchanged: plan.unchanged, conflicts: [], timings };
}

function generatedHeader(command: string): string {
  return `// Generated by apigen (${command}). Do not edit: changes are overwritten on the next run.`;
}

function emitClient(api: ApiDocument, names: ResolvedNames, command: string, clientPackage: ClientPackageOptions | undefined, core: GeneratedFile[]): GeneratedFile[] {
  const view = buildClientView(api, names, generatedHeader(command));
  const files = renderPack(path.join(TEMPLATES_DIR, "client"), { "client.gen.ts": view.client, "client-schemas.gen.ts": view.schemas });
  if (!clientPackage) return files;
  const packageView = buildClientPackageView(api, names, view.client, clientPackage, [...core, ...files]);
  return [...files, ...renderPack(path.join(TEMPLATES_DIR, "client-package"), packageView)];
}

function emitCore(api: ApiDocument, names: ResolvedNames, command: string): GeneratedFile[] {
  const header = generatedHeader(command);
  const view = buildCoreView(api, names, header);
  return renderPack(path.join(TEMPLATES_DIR, "core"), {
    "models.gen.ts": { header, ...view.models },
    "schemas.gen.ts": { header, ...view.schemas },
    "problem.gen.ts": { header, ...view.problems },
  });
}
