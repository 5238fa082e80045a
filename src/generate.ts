import path from "node:path";
import { checkAndNormalize } from "./check/check-and-normalize.js";
import type { ValidationMode } from "./check/validation-mode.js";
import { hasErrors, locateDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { clientPackageProblem, type ClientPackageOptions } from "./emit/client/client-package-view.js";
import { emitOutput } from "./emit/emit-output.js";
import { overrideFiles, type GeneratedFile } from "./emit/render.js";
import { moduleNamesOf } from "./emit/template-names.js";
import { formatFiles, type FormatOptions } from "./format/format-files.js";
import { parsePointer } from "./load/json-pointer.js";
import { loadSpec } from "./load/load-spec.js";
import { lintDiagnostics } from "./lint/generate-hook.js";
import type { LintConfig } from "./lint/lint-config.js";
import { resolveNames, type NamingOptions } from "./resolve/resolve-names.js";
import { readFile } from "node:fs/promises";
import { APIGEN_VERSION, generatorFingerprint } from "./version.js";
import { applyOutput, hasCommittedJournal, recoverOutput } from "./write/apply-output.js";
import { diffOutput, type OutputDiff } from "./write/diff-output.js";
import { hashInputs, hashOptions } from "./write/hashing.js";
import { buildManifest, readManifest, WORK_DIR } from "./write/manifest.js";
import { planOutput } from "./write/plan-output.js";
import { isUpToDate } from "./write/up-to-date.js";
import { warmStructureCheck } from "./check/check-in-background.js";
import { skipScaffolds } from "./write/skip-scaffolds.js";

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
  /** Also generate a server with this pack (a built-in one's name, or a pack folder's path): contracts, handler types, route registration, scaffolds. */
  server?: string;
  /** Also generate a client pack (a built-in one's name, or a pack folder's path) over the typed client; implies `client`. */
  clientPack?: string;
  /** Suffixes of derived names. */
  naming?: NamingOptions;
  /** Folder of template overrides: `<dir>/<pack>/<template>.hbs` replaces a built-in template. */
  templates?: string;
  /** Scaffolds never to write (paths in the output folder; `*` one segment, `**` any, as src/config/path-glob.ts): the project has its own. */
  skipScaffolds?: string[];
  /** Called as each stage starts (the CLI shows it on a terminal for large specs). */
  onStage?: (stage: string) => void;
  /** $ref policy and input limits (see LoadOptions). */
  allowFilesOutside?: boolean;
  allowRemoteRefs?: string[];
  /** Size limit for the spec and each document it references, in bytes (default 50 MB). */
  maxInputBytes?: number;
  /** Run `apigen lint`'s rules with these settings (the job's `lint` section); undefined: no lint. */
  lint?: LintConfig;
  /** "warn": invalid-document errors with one obvious reading become warnings (check/recoverable.ts); default "strict". */
  validation?: ValidationMode;
}

export interface GenerateResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  written: string[];
  unchanged: string[];
  /** Generated files of an earlier run that this run no longer produces, removed. */
  removed: string[];
  /** Why the run stopped (or, with force, went ahead anyway): hand edits, files apigen did not write. */
  conflicts: string[];
  /** What the user should know that did not stop the run: scaffolds left behind by a tag the spec dropped, skip entries that match nothing. */
  warnings: string[];
  timings: Record<string, number>;
  /** The spec and every file it $refs. */
  inputFiles: string[];
  /** Nothing changed since the last run: the pipeline did not run. */
  upToDate?: boolean;
}


export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Every file of the output, formatted, in memory. */
  files: GeneratedFile[];
  /** The spec and every file it $refs (for watch mode and the no-change check). */
  inputFiles: string[];
  /** The same files with their text where the loader had it (stdin, URLs). */
  inputTexts: { path: string; contents?: string }[];
  timings: Record<string, number>;
  /** Warnings about the options, not the spec (a skipScaffolds entry that matches no scaffold). */
  notices: string[];
}

/** Runs the pipeline up to the files in memory: load, check, normalize, resolve, emit, format. */
export async function buildOutput(options: Omit<GenerateOptions, "force">): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    options.onStage?.(stage);
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = Math.round(performance.now() - start);
    }
  };
  const packageProblem = options.clientPackage && clientPackageProblem(options.clientPackage);
  if (packageProblem) throw new Error(packageProblem);

  const warm = warmStructureCheck(options.spec);
  const loaded = await time("load", () => loadSpec(options.spec, { allowFilesOutside: options.allowFilesOutside, allowRemoteRefs: options.allowRemoteRefs, maxBytes: options.maxInputBytes })).catch((error: unknown) => {
    warm?.dispose();
    throw error;
  });
  const inputFiles = loaded.spec?.files ?? [options.spec];
  const fail = (diagnostics: Diagnostic[]): BuildResult => ({ ok: false, diagnostics, files: [], inputFiles, inputTexts: [], timings, notices: [] });
  if (!loaded.spec) {
    warm?.dispose();
    return fail(loaded.diagnostics);
  }
  const spec = loaded.spec;
  // While the check runs on another core: names and files from the IR. They are used only for a
  // document the check and the normaliser accept; a failure on the way is apigen's bug only then.
  const checked = await checkAndNormalize(spec, { validation: options.validation, stage: time, fallback: undefined, meanwhileStage: false, warm }, async (normalized) => {
    try {
      const names = await time("resolve", () => resolveNames(normalized.api, options.naming, moduleNamesOf(options.templates)));
      return await time("emit", () => emitOutput(normalized.api, names, options));
    } catch (error) {
      return { error };
    }
  });
  const { normalized } = checked;
  const found = [...loaded.diagnostics, ...checked.structural, ...checked.normalizer];
  const diagnostics = locateDiagnostics(found, (pointer) => spec.source.positionOf(parsePointer(pointer) ?? []));
  if (hasErrors(diagnostics) || !normalized || !checked.meanwhile) return fail(diagnostics);
  if ("error" in checked.meanwhile) throw checked.meanwhile.error;
  const { api } = normalized;
  const { files, packInputs } = checked.meanwhile;

  const { kept, notices } = skipScaffolds(files, options.skipScaffolds ?? []);
  // Lint findings are warnings (lint.failOn "error" makes error-level ones stop the run); they
  // count only for a document the check accepts. The rules run while Biome formats the big files.
  const lintOnThisThread = () => {
    options.onStage?.("lint");
    const start = performance.now();
    const found = options.lint ? lintDiagnostics(spec, api, options.lint) : [];
    timings.lint = Math.round(performance.now() - start);
    return found;
  };
  const { files: formatted, meanwhile: lint } = await time("format", () => formatFiles(kept, options.out, options.format, lintOnThisThread));
  // "format" above includes lint's time on this thread; each stage says only its own.
  timings.format = Math.max(0, timings.format! - (timings.lint ?? 0));
  diagnostics.push(...lint);
  if (hasErrors(diagnostics)) return fail(diagnostics);
  // The texts as loaded (stdin and URLs cannot be read again).
  const inputTexts = spec.files.map((file, i) => ({ path: i === 0 ? options.spec : file, contents: spec.texts[i] }));
  const overrides = [...overrideFiles(options.templates), ...packInputs];
  inputTexts.push(...overrides.map((file) => ({ path: file, contents: undefined })));
  return { ok: true, diagnostics, files: formatted, inputFiles: [...spec.files, ...overrides], inputTexts, timings, notices };
}

/** Runs the whole pipeline and writes the output folder, unless nothing changed since the last run. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  await recoverOutput(options.out);
  const optionsHash = optionsHashOf(options);
  const skip = options.force ? undefined : await unchangedSinceLastRun(options.out, optionsHash);
  if (skip) return { ok: true, diagnostics: [], written: [], removed: [], unchanged: skip.files, conflicts: [], warnings: [], timings: {}, inputFiles: skip.inputs, upToDate: true };

  const built = await buildOutput(options);
  const { diagnostics, timings, inputFiles } = built;
  const failed = { diagnostics, written: [], removed: [], unchanged: [], warnings: [], timings, inputFiles };
  if (!built.ok) return { ok: false, conflicts: [], ...failed };
  const start = performance.now();
  const plan = await planOutput(options.out, built.files, { force: options.force });
  if (plan.problems.length > 0 && !options.force) return { ok: false, conflicts: plan.problems.map((p) => p.message), ...failed };
  const inputs = await readInputs(built.inputTexts);
  const manifest = buildManifest(built.files, { apigen: APIGEN_VERSION, optionsHash, inputsHash: hashInputs(inputs), inputs: inputs.map((i) => i.path) });
  await applyOutput(options.out, plan, manifest);
  timings.write = Math.round(performance.now() - start);
  const warnings = [...built.notices, ...plan.orphanedScaffolds.map(orphanWarning)];
  return { ok: true, diagnostics, written: plan.write.map((f) => f.path), removed: plan.remove, unchanged: plan.unchanged, conflicts: plan.problems.map((p) => p.message), warnings, timings, inputFiles };
}

function orphanWarning(file: string): string {
  return `${file} is a scaffold for operations the spec no longer has; it was edited, so it stays (no longer tracked by apigen), but it may import generated files that are gone: delete it or move its code.`;
}

/** What `checkOutput` found: the pipeline's result (unless the fast path answered) and the difference. */
export interface CheckResult extends BuildResult {
  diff: OutputDiff | undefined;
  /** Set when a killed run's committed journal is still in the folder: it is neither the old nor the new output yet. */
  interrupted?: string;
  /** Nothing changed since the last run: the pipeline did not run. */
  upToDate?: boolean;
}

/**
 * Check mode: compares the folder with what a run would write, and writes nothing (not even the
 * repair of an interrupted run, which only generate carries out). When the manifest shows the
 * same inputs, options and version, and every file still has its recorded hash, the folder is up
 * to date without running the pipeline, as generate's no-change path decides; otherwise the
 * pipeline runs in memory and its files are compared with the folder.
 */
export async function checkOutput(options: Omit<GenerateOptions, "force">): Promise<CheckResult> {
  if (await hasCommittedJournal(options.out)) {
    const interrupted = `an interrupted apigen run left ${path.join(options.out, WORK_DIR)}/ unfinished; run apigen generate to complete it`;
    return { ok: true, diagnostics: [], files: [], inputFiles: [options.spec], inputTexts: [], timings: {}, notices: [], diff: undefined, interrupted };
  }
  const skip = await unchangedSinceLastRun(options.out, optionsHashOf(options));
  if (skip) return { ok: true, diagnostics: [], files: [], inputFiles: skip.inputs, inputTexts: [], timings: {}, notices: [], diff: { files: [], problems: [] }, upToDate: true };
  const built = await buildOutput(options);
  return { ...built, diff: built.ok ? await diffOutput(options.out, built.files) : undefined };
}

/** The hash of every option that changes the output (and so the no-change decision). */
function optionsHashOf(options: Omit<GenerateOptions, "force">): string {
  // generatorFingerprint: the same options with another build of apigen are another output.
  return hashOptions({ generator: generatorFingerprint(), format: options.format, client: Boolean(options.client), ...(options.server ? { server: options.server } : {}), ...(options.clientPack ? { clientPack: options.clientPack } : {}), clientPackage: options.clientPackage ?? null, command: options.command, naming: options.naming ?? {}, templates: options.templates ?? null, lint: options.lint ?? null, skipScaffolds: options.skipScaffolds ?? [], ...(options.validation === "warn" ? { validation: "warn" } : {}) });
}

/**
 * The no-change fast path: when the inputs recorded in the manifest still hash the same, the
 * options and apigen's version match, and the files are as written, the run has nothing to do.
 * Returns the unchanged files, or undefined when a full run is needed. URLs and stdin always run.
 */
async function unchangedSinceLastRun(out: string, optionsHash: string): Promise<{ files: string[]; inputs: string[] } | undefined> {
  const manifest = await readManifest(out).catch(() => undefined);
  if (!manifest || manifest.inputs.length === 0 || manifest.inputs.some((i) => i === "-" || /^https?:/i.test(i))) return undefined;
  const inputs = await readInputs(manifest.inputs.map((path) => ({ path })));
  if (!inputs) return undefined;
  if (!(await isUpToDate(out, optionsHash, hashInputs(inputs), APIGEN_VERSION))) return undefined;
  // The recorded inputs are the spec, every file it $refs and the template overrides: watch mode
  // keeps watching all of them after a run that had nothing to do.
  return { files: manifest.files.map((f) => f.path), inputs: manifest.inputs };
}

/** Input files' contents: given ones as they are, others read from disk (undefined when one is gone). */
async function readInputs(files: { path: string; contents?: string }[]): Promise<{ path: string; contents: string }[]>;
async function readInputs(files: { path: string }[]): Promise<{ path: string; contents: string }[] | undefined>;
async function readInputs(files: { path: string; contents?: string }[]): Promise<{ path: string; contents: string }[] | undefined> {
  const out: { path: string; contents: string }[] = [];
  for (const f of files) {
    const contents = f.contents ?? (await readFile(f.path, "utf8").catch(() => undefined));
    if (contents === undefined) return undefined;
    out.push({ path: f.path, contents });
  }
  return out;
}
