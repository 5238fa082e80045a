// Hand-written declarations for scripts/corpus.mjs (plain JavaScript), so the corpus tests are type-checked.
// The name table comes from apigen's dist/, whose types are src/'s.
import type { OpenApiDocument, OpenApiVersion } from "../src/load/load-spec.js";
import type { HttpMethod, Operation } from "../src/ir/operation.js";
import type { ComponentNames, OperationNames, TypeAndSchema } from "../src/resolve/resolve-names.js";

export const REPO: string;
/** Where outputs go; .tmp/corpus unless APIGEN_CORPUS_DIR or setCorpusDir says otherwise. */
export let CORPUS_DIR: string;
export function setCorpusDir(dir: string): void;

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

/** One spec of the corpus (corpusSpecs). `warnOf` (on `<slug>-warn` entries only): the spec generated with `--validation warn`. */
export interface CorpusSpec {
  slug: string;
  file: string;
  group: "real" | "oas-examples";
  warnOf?: string;
}

export function corpusSpecs(options?: { patched?: boolean; warn?: boolean }): CorpusSpec[];

// ---------------------------------------------------------------------------------------------
// Step 1: generate
// ---------------------------------------------------------------------------------------------

/** What the generate steps take: a CorpusSpec, or any spec of the caller's own with a group of its own. */
export interface SpecInput {
  slug: string;
  file: string;
  group: string;
  /** Generated with `--validation warn` when set. */
  warnOf?: string;
}

export type ServerPack = "express" | "fastify" | "nest" | "hono";

/** An `error`/`warning` line of apigen's output. */
export interface GenerateDiagnostic {
  line: number | undefined;
  code: string;
  message: string;
}

/** One run of the CLI on one spec (generateSpec, generateAll). */
export interface GenerateResult {
  slug: string;
  /** The spec file relative to the repository. */
  file: string;
  /** The spec file as given. */
  input: string;
  group: string;
  warnOf: { of: string; why: string | undefined } | undefined;
  outDir: string;
  exitCode: number;
  ms: number;
  /** Wall time of the batch process that generated it (batched runs only). */
  batchMs?: number;
  stageMs: Record<string, number> | undefined;
  /** Internal error, or a failure without an error diagnostic. */
  crashed: boolean;
  errors: GenerateDiagnostic[];
  warnings: GenerateDiagnostic[];
  stderr: string;
}

/** One run of the CLI with `--server <pack>` (generateServers, generateSpec with `server`). */
export interface ServerGenerateResult extends GenerateResult {
  pack: ServerPack;
}

export function generateSpec(spec: SpecInput, options: { server: ServerPack }): Promise<ServerGenerateResult>;
export function generateSpec(spec: SpecInput, options?: { server?: undefined }): Promise<GenerateResult>;

export function generateAll(
  specs: readonly SpecInput[],
  options?: { jobs?: number; onResult?: (result: GenerateResult) => void; batch?: boolean },
): Promise<GenerateResult[]>;

// ---------------------------------------------------------------------------------------------
// The generator's own name table
// ---------------------------------------------------------------------------------------------

export interface NameTable {
  document: OpenApiDocument;
  version: OpenApiVersion;
  /** By component pointer. */
  components: Map<string, ComponentNames>;
  /** Operations, then webhooks. */
  operations: Operation[];
  /** By operation pointer. */
  operationNames: Map<string, OperationNames>;
  /** Every type/schema pair the generator promises to keep identical. */
  pairs: TypeAndSchema[];
  exact: true;
}

export function nameTable(specFile: string): Promise<NameTable>;

// ---------------------------------------------------------------------------------------------
// Step 2: type-check
// ---------------------------------------------------------------------------------------------

export function writeEqualityCheck(slug: string, pairs: readonly TypeAndSchema[]): void;

/** One tsc error; `file` relative to the corpus folder. */
export interface TscError {
  file: string;
  line: number;
  col: number;
  code: string;
  message: string;
}

/** A line of tsc's output that is not part of an error. */
export interface TscOutputLine {
  message: string;
}

/** typecheck's errors: `kind` marks a failed `z.infer<typeof XSchema>` === `X` assertion (its message names the pair). */
export interface OutputTscError extends TscError {
  kind?: "type-equality";
}

export interface TypecheckResult {
  ms: number;
  exitCode: number | null;
  /** A list for every slug checked. */
  bySlug: Record<string, OutputTscError[]>;
  unattributed: (TscError | TscOutputLine)[];
}

export function typecheck(slugs: readonly string[], options?: { name?: string }): TypecheckResult;

// ---------------------------------------------------------------------------------------------
// Step 3: examples
// ---------------------------------------------------------------------------------------------

/** Transpiles `<slug>/` to `_js/<slug>/`; resolves to the path of its schemas.gen.js. */
export function transpileOutput(slug: string): Promise<string>;

/** A zod issue; `branches`, for a failed union, says why each branch failed. */
export interface ExampleIssue {
  path: string;
  code: string;
  message: string;
  got?: string;
  branches?: string[];
}

/** `spec`: ajv rejects it too; `apigen?`: ajv accepts it; `mixed`: zod also complains where ajv does not. */
export type ExampleJudgement = "spec" | "apigen?" | "mixed" | "unknown";

export interface ExampleRejection {
  schema: string;
  /** `example`, `examples[i]` or `examples.<name>`. */
  via: string;
  /** The example as JSON, truncated. */
  example: string;
  issues: ExampleIssue[];
  ajv: "accepts" | "rejects" | "n/a";
  ajvWhy?: string;
  judgement: ExampleJudgement;
}

export interface ComponentExampleRejection extends ExampleRejection {
  component: string;
}

export interface PropertyExampleRejection extends ExampleRejection {
  component: string;
  property: string;
}

export interface MediaExampleRejection extends ExampleRejection {
  /** `METHOD path`. */
  operation: string;
  /** `request`, or the response's status. */
  where: string;
  contentType: string;
}

export interface ExampleCheck {
  /** Whether the generated schemas were imported. */
  loaded: boolean;
  exactNames: boolean;
  loadError?: string;
  components: { total: number; accepted: number; rejected: ComponentExampleRejection[]; unmapped: { component: string; schema: string | undefined }[] };
  /** `unmapped`: why property examples were not checked, with how many. */
  properties: { total: number; accepted: number; rejected: PropertyExampleRejection[]; unmapped: Record<string, number> };
  /** `skipped`: examples of non-JSON media types. */
  media: { total: number; accepted: number; rejected: MediaExampleRejection[]; unmapped: { operation: string; where: string; schema: string | undefined }[]; skipped: number };
}

/** Never throws: a failure to load is `loadError`. */
export function checkExamples(slug: string, specFile: string): Promise<ExampleCheck>;

// ---------------------------------------------------------------------------------------------
// Step 4: servers
// ---------------------------------------------------------------------------------------------

export const SERVER_PACKS: ServerPack[];
/** `<slug>-server-<pack>`. */
export function serverDir(slug: string, pack: ServerPack): string;

export function generateServers(
  specs: readonly SpecInput[],
  options?: { packs?: readonly ServerPack[]; jobs?: number; onResult?: (result: ServerGenerateResult) => void; batch?: boolean },
): Promise<ServerGenerateResult[]>;

/** `sharedWith`: reported in a file this pack shares with that (the first) pack. */
export interface ServerTscError extends TscError {
  sharedWith?: ServerPack;
}

export interface ServerTypecheckResult {
  ms: number;
  runs: { name: string; ms: number; exitCode: number | null }[];
  /** A list for every slug and pack checked. */
  bySlug: Record<string, Partial<Record<ServerPack, ServerTscError[]>>>;
  /** `run`: the de-duplicated run (slug) that printed the line. */
  unattributed: (TscError | (TscOutputLine & { run?: string }))[];
  /** Per slug and pack (all but the first): files checked as the first pack's copy (`dedupe` only). */
  shared: Record<string, Partial<Record<ServerPack, number>>>;
}

export function typecheckServers(slugs: readonly string[], options?: { packs?: readonly ServerPack[]; dedupe?: boolean; name?: string }): ServerTypecheckResult;

export interface CompileResult {
  ms: number;
  exitCode: number;
  errors: (TscError | TscOutputLine)[];
  jsDir: string;
}

export function compileServer(slug: string, pack: ServerPack): Promise<CompileResult>;

/** A request the scaffold must answer unimplemented: 401 when secured, 501 otherwise. */
export interface Probe {
  operation: string;
  method: Uppercase<HttpMethod>;
  path: string;
  secured: boolean;
  expect: 401 | 501;
}

export function pickProbe(specFile: string): Promise<Probe | undefined>;

/** A server's answer; `body` is parsed JSON, or the text (at most 500 characters) when it is not JSON. */
export interface ProbeResponse {
  status: number;
  contentType: string | null;
  wwwAuthenticate: string | null;
  body: unknown;
}

export const UNKNOWN_ROUTE: string;

export interface BootResult {
  ok: boolean;
  problems: string[];
  /** Milliseconds the boot script took to import, create and listen. */
  timings?: { import: number; create: number; listen: number };
  bootMs?: number;
  /** The probe's answer (when there was a probe and the server listened). */
  known?: Probe & ProbeResponse;
  /** The answer to UNKNOWN_ROUTE (when the server listened). */
  unknown?: { method: "GET"; path: string; expect: 404 } & ProbeResponse;
  stderr: string;
}

/** Never throws. */
export function bootServer(slug: string, pack: ServerPack, probe: Probe | undefined, options?: { timeoutMs?: number }): Promise<BootResult>;
