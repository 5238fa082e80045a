#!/usr/bin/env node
/**
 * Real-spec corpus check: runs `apigen generate` over every spec in the corpus, type-checks all
 * outputs with one native tsc (TypeScript 7) run (plus `z.infer<typeof XSchema>` === `X` assertions
 * for every pair in apigen's name table), and checks that the generated zod schemas accept the
 * examples the specs give: component `example`/`examples` (the brief's check), examples on a
 * component's own properties, and JSON request/response examples of operations.
 *
 * Every rejected example is also validated with ajv against the spec's own schema (3.0 converted to
 * 2020-12): `judgement` is `spec` when ajv rejects it at the same place (the example contradicts its
 * spec), `apigen?` when ajv accepts it (suspect the generator), `mixed`/`unknown` otherwise.
 *
 * Then the server step (on by default; `--no-servers` skips it): every real spec that generated
 * (`--server-group all` adds the oas-examples set) is generated again with `--server <pack>` for
 * each pack (`--packs express,fastify,nest`), the outputs type-checked with tsc7 --strict (Nest's
 * decorator options on), and every pack's output of the specs named by `--boot` (default: github;
 * `--no-boot` skips) compiled to JS with TypeScript 5.9 and booted: a known route must answer the
 * scaffold's 501 problem (401 when secured) and an unknown route a 404 problem.
 *
 *   node scripts/corpus.mjs [--only <substring>] [--group real|oas-examples] [--jobs <n>]
 *                           [--no-tsc] [--no-equality] [--no-examples] [--no-warn] [--verbose]
 *                           [--no-servers] [--packs <list>] [--server-group real|all]
 *                           [--boot <slug,...>] [--no-boot]
 *
 * Everything lands in .tmp/corpus/ (inside the repo, so generated code resolves `zod`):
 *   .tmp/corpus/<slug>/            apigen output, one folder per spec
 *   .tmp/corpus/_checks/<slug>.ts  type-equality assertions (z.infer<typeof XSchema> === X)
 *   .tmp/corpus/_js/<slug>/        the output transpiled to JS, imported for the examples check
 *   .tmp/corpus/<slug>-server-<pack>/  server output, one folder per spec and pack
 *   .tmp/corpus/_server-check/<slug>/  what tsc7 checks for a real spec's servers (see typecheckServers)
 *   .tmp/corpus/<slug>-server-<pack>-js/ the output compiled with TypeScript 5.9 (booted)
 *   .tmp/corpus/summary.json       everything below, machine-readable
 *
 * Exit code: 0 when no spec crashed apigen, tsc found nothing, no generated module failed to
 * load, every server output generated and compiled and the booted servers answered as
 * expected; 1 otherwise. Example rejections are reported, not failed on: many are the spec's fault.
 *
 * The module also exports its steps, so test/corpus/real-specs.test.ts can run a subset.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeCheckedViews } from "./checked-views.mjs";
import { equalityLine, equalityPrelude, proofOfSchemas } from "./type-equality.mjs";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where outputs go; .tmp/corpus unless APIGEN_CORPUS_DIR or setCorpusDir says otherwise (must be inside the repo). */
export let CORPUS_DIR = process.env.APIGEN_CORPUS_DIR ? path.resolve(process.env.APIGEN_CORPUS_DIR) : path.join(REPO, ".tmp", "corpus");
export function setCorpusDir(dir) {
  CORPUS_DIR = path.resolve(dir);
  mkdirSync(CORPUS_DIR, { recursive: true });
}
const BIN = path.join(REPO, "bin", "apigen.js");
const TSC7 = path.join(REPO, "node_modules", "tsc7", "bin", "tsc");
const NM = path.join(REPO, "node_modules");

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

/**
 * Specs that are invalid as shipped (apigen refuses them by default) get a second entry,
 * `<slug>-warn`, generated with `--validation warn`: their invalid parts are ones apigen reads in
 * one obvious way, so the rest of the document still exercises the generator. Each says what.
 */
const WARN_READS = {
  directus: "`requestBody.content['application/json'].schema: null` (createItem) is read as no schema (`unknown`)",
  blockfrost: "OpenAPI 3.0.3 document uses `type: 'null'` (a 3.1 feature) inside `anyOf` (6 places), read as a nullable variant",
};

/**
 * Every spec in the corpus: `{ slug, file, group, warnOf? }`, oas-examples first. `warn: false`
 * leaves out the `-warn` entries (`patched: false`, their name when they were patched copies, too).
 */
export function corpusSpecs({ patched = true, warn = patched } = {}) {
  const specs = [];
  for (const version of ["3.0", "3.1"]) {
    const base = path.join(NM, "@readme", "oas-examples", version, "json");
    for (const file of listJson(base)) {
      const rel = path.relative(base, file).replace(/\.json$/, "").replace(/[\\/]/g, "-");
      specs.push({ slug: `oas-${version}-${rel}`, file, group: "oas-examples" });
    }
  }
  const real = [
    ["github", path.join(NM, "@octokit", "openapi", "generated", "api.github.com.json")],
    ["directus", path.join(NM, "@directus", "specs", "dist", "openapi.json")],
    ["blockfrost", path.join(NM, "@blockfrost", "openapi", "openapi.yaml")],
    ["rclone", firstExisting(path.join(NM, "rclone-openapi", "openapi.yaml"), path.join(NM, "rclone-openapi", "openapi.json"))],
    ["github-webhooks", path.join(NM, "@octokit", "openapi-webhooks", "generated", "api.github.com.json")],
  ];
  for (const [slug, file] of real) {
    specs.push({ slug, file, group: "real" });
    if (warn && WARN_READS[slug]) specs.push({ slug: `${slug}-warn`, file, group: "real", warnOf: slug });
  }
  return specs;
}

function listJson(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listJson(full));
    else if (entry.endsWith(".json")) out.push(full);
  }
  return out;
}

function firstExisting(...files) {
  return files.find((f) => existsSync(f)) ?? files[0];
}

// ---------------------------------------------------------------------------------------------
// Step 1: generate
// ---------------------------------------------------------------------------------------------

/**
 * Runs the real CLI on one spec; never throws. Without `server`: `--client` into `<slug>/`; with
 * `server` (a pack): `--server <pack>` (no client) into `<slug>-server-<pack>/`.
 */
export async function generateSpec(spec, { server } = {}) {
  const outDir = path.join(CORPUS_DIR, server ? serverDir(spec.slug, server) : spec.slug);
  rmSync(outDir, { recursive: true, force: true });
  const input = spec.file;
  const args = [BIN, "generate", input, "--out", outDir, "--format", "none", "--timings", ...(server ? ["--server", server] : ["--client"]), ...(spec.warnOf ? ["--validation", "warn"] : [])];
  const started = performance.now();
  const { code, stdout, stderr } = await run(process.execPath, args);
  const ms = Math.round(performance.now() - started);
  const timingsLine = /timings \(ms\): (\{.*\})/.exec(stdout + stderr);
  const diagnostics = parseDiagnostics(stderr);
  const internal = /internal error/i.test(stderr) || (code !== 0 && code !== 1) || (code === 1 && diagnostics.errors.length === 0);
  return {
    slug: spec.slug,
    ...(server && { pack: server }),
    file: path.relative(REPO, spec.file),
    input,
    group: spec.group,
    warnOf: spec.warnOf && { of: spec.warnOf, why: WARN_READS[spec.warnOf] },
    outDir,
    exitCode: code,
    ms,
    stageMs: timingsLine ? JSON.parse(timingsLine[1]) : undefined,
    crashed: internal,
    errors: diagnostics.errors,
    warnings: diagnostics.warnings,
    stderr: stderr.length > 20_000 ? stderr.slice(0, 20_000) + "\n[truncated]" : stderr,
  };
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

/** `file:line:col error CODE: message` lines from apigen's stderr. */
function parseDiagnostics(stderr) {
  const errors = [];
  const warnings = [];
  for (const line of stderr.split("\n")) {
    const m = /^(.*?):(\d+):(\d+) (error|warning) ([A-Z0-9_]+): (.*)$/.exec(line) ?? /^()()()(error|warning) ([A-Z0-9_]+): (.*)$/.exec(line);
    if (!m) continue;
    const d = { line: m[2] ? Number(m[2]) : undefined, code: m[5], message: m[6] };
    (m[4] === "error" ? errors : warnings).push(d);
  }
  return { errors, warnings };
}

/**
 * Generates every spec (`--client` into `<slug>/`). With `batch` (the default), each of `jobs`
 * workers runs ONE apigen process over its share of the specs, as the jobs of a config file
 * (`apigen generate --config <file> --json`): the same CLI and options, without paying Node's
 * start-up and apigen's module loading once per spec (about a second each; the oas-examples set
 * has 63 small specs). Results have the same shape as generateSpec's.
 */
export async function generateAll(specs, { jobs = 1, onResult, batch = true } = {}) {
  const tasks = specs.map((spec) => ({ spec }));
  return batch ? generateBatched(tasks, jobs, onResult) : pool(specs, jobs, (spec) => generateSpec(spec), onResult);
}

/**
 * Runs `tasks` (`{ spec, server? }`) in `jobs` apigen processes, each given its share as the jobs
 * of a config file. A job's exit code is what a run of that spec alone would exit with (0 when it
 * wrote its output, 1 otherwise), its diagnostics are parsed from the text the CLI prints for it
 * (re-created from `--json` with apigen's own formatDiagnostic), and a job that failed without an
 * error diagnostic counts as crashed, as in generateSpec. When a batch process itself fails (an
 * internal error stops the remaining jobs, or no JSON report), every spec of that batch is run
 * again on its own, so a crash is attributed to the spec that caused it.
 */
async function generateBatched(tasks, jobs, onResult) {
  const shares = Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, () => []);
  tasks.forEach((task, i) => shares[i % shares.length].push(i));
  const results = new Array(tasks.length);
  await Promise.all(
    shares.map(async (share, n) => {
      const batch = await runBatch(share.map((i) => tasks[i]), n);
      for (const [k, i] of share.entries()) {
        const task = tasks[i];
        results[i] = batch?.[k] ?? (await generateSpec(task.spec, { server: task.server }));
        onResult?.(results[i]);
      }
    }),
  );
  return results;
}

async function runBatch(tasks, n) {
  if (tasks.length === 0) return [];
  const { formatDiagnostic } = await import(pathToFileURL(path.join(REPO, "dist", "diagnostics", "diagnostic.js")).href);
  const outDirs = tasks.map(({ spec, server }) => path.join(CORPUS_DIR, server ? serverDir(spec.slug, server) : spec.slug));
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
  const configDir = path.join(CORPUS_DIR, "_batch");
  mkdirSync(configDir, { recursive: true });
  const configFile = path.join(configDir, `apigen.config.${n}.json`);
  const jobsOf = tasks.map(({ spec, server }, k) => ({
    input: spec.file,
    output: outDirs[k],
    format: "none",
    ...(server ? { server } : { client: true }),
    ...(spec.warnOf ? { validation: "warn" } : {}),
  }));
  writeFileSync(configFile, JSON.stringify({ jobs: jobsOf }, null, 2));
  const started = performance.now();
  const { code, stdout, stderr } = await run(process.execPath, [BIN, "generate", "--config", configFile, "--json", "--timings"]);
  const ms = Math.round(performance.now() - started);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = undefined;
  }
  if ((code !== 0 && code !== 1) || /internal error/i.test(stderr) || !Array.isArray(report?.jobs) || report.jobs.length !== tasks.length) {
    process.stderr.write(`corpus: batch ${n} failed (exit ${code}); running its ${tasks.length} spec(s) one by one\n`);
    return undefined;
  }
  return tasks.map(({ spec, server }, k) => {
    const job = report.jobs[k];
    // What the text reporter prints for this job (lint warnings are only counted there).
    const text = [
      ...job.diagnostics.filter((d) => !(d.severity === "warning" && d.code.startsWith("lint/"))).map((d) => formatDiagnostic(d)),
      ...job.problems.map((p) => `apigen: ${p}`),
    ].join("\n");
    const diagnostics = parseDiagnostics(text);
    const exitCode = job.ok ? 0 : 1;
    return {
      slug: spec.slug,
      ...(server && { pack: server }),
      file: path.relative(REPO, spec.file),
      input: spec.file,
      group: spec.group,
      warnOf: spec.warnOf && { of: spec.warnOf, why: WARN_READS[spec.warnOf] },
      outDir: outDirs[k],
      exitCode,
      ms: Object.values(job.timings ?? {}).reduce((a, b) => a + b, 0),
      batchMs: ms,
      stageMs: job.timings,
      crashed: exitCode === 1 && diagnostics.errors.length === 0,
      errors: diagnostics.errors,
      warnings: diagnostics.warnings,
      stderr: text.length > 20_000 ? text.slice(0, 20_000) + "\n[truncated]" : text,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The generator's own name table (dist/), so component -> schema export is exact
// ---------------------------------------------------------------------------------------------

let apigenInternals;
const nameTables = new Map();
async function internals() {
  apigenInternals ??= (async () => {
    try {
      const [{ loadSpec }, { normalizeDocument }, { resolveNames, typeSchemaPairs }, { moduleNamesOf }] = await Promise.all([
        import(pathToFileURL(path.join(REPO, "dist", "load", "load-spec.js")).href),
        import(pathToFileURL(path.join(REPO, "dist", "normalize", "normalize-document.js")).href),
        import(pathToFileURL(path.join(REPO, "dist", "resolve", "resolve-names.js")).href),
        import(pathToFileURL(path.join(REPO, "dist", "emit", "template-names.js")).href),
      ]);
      return { loadSpec, normalizeDocument, resolveNames, typeSchemaPairs, moduleNamesOf };
    } catch (e) {
      return { error: e };
    }
  })();
  return apigenInternals;
}

/**
 * Loads a spec the way apigen does and returns its document plus the name table:
 * `components` (pointer -> names) and `pairs` (every type/schema pair the generator promises
 * to keep identical). Needs apigen's dist/ (npm test builds it first).
 */
export async function nameTable(specFile) {
  const key = `${specFile}:${statSync(specFile).mtimeMs}`;
  if (!nameTables.has(key)) nameTables.set(key, buildNameTable(specFile));
  return nameTables.get(key);
}

async function buildNameTable(specFile) {
  const api = await internals();
  // No silent fallback: without apigen's own name table the identity checks would be skipped.
  if (api.error) throw new Error(`cannot import apigen's dist/ (run npm run build): ${api.error.message}`);
  const loaded = await api.loadSpec(specFile);
  if (!loaded.spec) throw new Error(`spec does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  const { api: doc } = api.normalizeDocument(loaded.spec);
  // Named as generate names (the built-in templates' own names kept clear), so the pairs are the output's.
  const names = api.resolveNames(doc, {}, api.moduleNamesOf(undefined));
  return { document: loaded.spec.document, version: loaded.spec.version, components: names.components, operations: [...doc.operations, ...doc.webhooks], operationNames: names.operations, pairs: api.typeSchemaPairs(names), exact: true };
}

function pointerFor(name) {
  return `#/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

// ---------------------------------------------------------------------------------------------
// Step 2: type-check (one tsc7 run over everything, errors attributed per spec)
// ---------------------------------------------------------------------------------------------

/** Writes `<slug>/schemas.proof.ts` and `_checks/<slug>.ts`: `z.infer` of each schema, inferred and declared, must equal `X` for every pair (scripts/type-equality.mjs). */
export function writeEqualityCheck(slug, pairs) {
  const dir = path.join(CORPUS_DIR, "_checks");
  mkdirSync(dir, { recursive: true });
  const schemas = path.join(CORPUS_DIR, slug, "schemas.gen.ts");
  writeFileSync(path.join(CORPUS_DIR, slug, "schemas.proof.ts"), proofOfSchemas(readFileSync(schemas, "utf8")));
  const lines = [...equalityPrelude(`../${slug}/models.gen.js`, `../${slug}/schemas.gen.js`, `../${slug}/schemas.proof.js`), ...pairs.map((p) => equalityLine(`Check_${p.type}`, p))];
  writeFileSync(path.join(dir, `${slug}.ts`), lines.join("\n") + "\n");
}

const TSCONFIG_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

/**
 * One tsc7 run over the given spec folders (and their equality checks). Returns per-slug error
 * lists `{ file, line, col, code, message }` and the run time.
 */
export function typecheck(slugs, { name = "tsconfig.json" } = {}) {
  const include = [];
  for (const slug of slugs) {
    // The @ts-nocheck files are compiled checked too; the runtime's, the same in every output,
    // are the tsconfig matrix's to check (test/compat/tsconfig-matrix.test.ts).
    writeCheckedViews(path.join(CORPUS_DIR, slug), { runtime: false });
    include.push(`${slug}/**/*.ts`);
    if (existsSync(path.join(CORPUS_DIR, "_checks", `${slug}.ts`))) include.push(`_checks/${slug}.ts`);
  }
  const configPath = path.join(CORPUS_DIR, name);
  writeFileSync(configPath, JSON.stringify({ compilerOptions: TSCONFIG_OPTIONS, include }, null, 2));
  const started = performance.now();
  const result = spawnSync(process.execPath, [TSC7, "-p", configPath, "--pretty", "false"], { cwd: CORPUS_DIR, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Math.round(performance.now() - started);
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const bySlug = Object.fromEntries(slugs.map((s) => [s, []]));
  const unattributed = [];
  const parsed = parseTscOutput(output, CORPUS_DIR);
  for (const e of parsed.errors) {
    const slug = e.rel[0] === "_checks" ? e.rel[1].replace(/\.ts$/, "") : e.rel[0];
    const { rel, ...error } = e;
    (bySlug[slug] ?? unattributed).push(error);
  }
  unattributed.push(...parsed.other);
  // Name the pair behind each failed equality assertion.
  const checkLines = new Map();
  for (const errors of Object.values(bySlug)) {
    for (const e of errors) {
      if (!e.file.startsWith("_checks/")) continue;
      if (!checkLines.has(e.file)) checkLines.set(e.file, readFileSync(path.join(CORPUS_DIR, e.file), "utf8").split("\n"));
      const m = /Check_(\w+) = Assert<Same<z\.infer<typeof S\.(\w+)>/.exec(checkLines.get(e.file)[e.line - 1] ?? "");
      if (m) {
        e.kind = "type-equality";
        e.message = `z.infer<typeof ${m[2]}> is not identical to ${m[1]}`;
      }
    }
  }
  return { ms, exitCode: result.status, bySlug, unattributed };
}

/**
 * tsc's `--pretty false` output: `errors` as `{ rel (path parts relative to baseDir), file, line,
 * col, code, message }` (continuation lines appended to the message), `other` for lines that are
 * not part of an error.
 */
function parseTscOutput(output, baseDir) {
  const errors = [];
  const other = [];
  let last;
  for (const line of output.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) {
      const rel = path.relative(baseDir, path.resolve(baseDir, m[1])).split(path.sep);
      last = { rel, file: rel.join("/"), line: Number(m[2]), col: Number(m[3]), code: m[4], message: m[5] };
      errors.push(last);
    } else if (last && /^\s+\S/.test(line)) {
      last.message += "\n" + line.trimEnd();
    } else if (line.trim()) {
      other.push({ message: line });
      last = undefined;
    }
  }
  return { errors, other };
}

// ---------------------------------------------------------------------------------------------
// Step 3: examples (import the generated schemas, parse the spec's own examples)
// ---------------------------------------------------------------------------------------------

let oxcTransform;
/**
 * Transpiles one output folder to `_js/<slug>/` (plain JS next to the repo's node_modules) with
 * oxc (rolldown's transformSync: types stripped, type-only imports elided, nothing type-checked;
 * tsc7 checks the same files). Native: GitHub's 14 MB output takes seconds, not the ~20 s of
 * TypeScript 5.9's transpileModule. Throws on a syntax error, as importing the file would.
 */
export async function transpileOutput(slug) {
  oxcTransform ??= (await import("rolldown/utils")).transformSync;
  const src = path.join(CORPUS_DIR, slug);
  const dest = path.join(CORPUS_DIR, "_js", slug);
  rmSync(dest, { recursive: true, force: true });
  const walkTs = (dir) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walkTs(full);
      else if (entry.endsWith(".ts")) {
        const out = oxcTransform(full, readFileSync(full, "utf8"), { lang: "ts", target: "es2022", sourceType: "module" });
        if (out.errors.length) throw new Error(`${path.relative(REPO, full)}: ${out.errors.map((e) => e.message).join("; ")}`);
        const target = path.join(dest, path.relative(src, full)).replace(/\.ts$/, ".js");
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, out.code);
      }
    }
  };
  walkTs(src);
  return path.join(dest, "schemas.gen.js");
}

/** Examples a schema object declares itself: `example`, and 3.1 `examples: [...]`. */
function ownExamples(schema) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return [];
  const out = [];
  if (Object.prototype.hasOwnProperty.call(schema, "example")) out.push({ value: schema.example, via: "example" });
  if (Array.isArray(schema.examples)) schema.examples.forEach((value, i) => out.push({ value, via: `examples[${i}]` }));
  return out;
}

function truncate(value, max = 240) {
  let s;
  try {
    s = JSON.stringify(value);
  } catch {
    s = String(value);
  }
  if (s === undefined) s = String(value);
  return s.length > max ? s.slice(0, max) + "…" : s;
}

/**
 * The schema a zod object uses for one property, looking through the wrappers the generator
 * emits (preprocess/pipe, nullable, optional, lazy, intersection). `{ reason }` when there is none.
 */
function zodProperty(schema, name, depth = 0) {
  const def = schema?._zod?.def;
  if (!def || depth > 8) return { reason: "not a zod schema" };
  switch (def.type) {
    case "object":
      return Object.prototype.hasOwnProperty.call(def.shape, name) ? { schema: def.shape[name] } : { reason: "property not in the generated shape" };
    case "pipe":
      return zodProperty(def.out, name, depth + 1);
    case "nullable":
    case "optional":
      return zodProperty(def.innerType, name, depth + 1);
    case "lazy":
      return zodProperty(def.getter(), name, depth + 1);
    case "intersection": {
      const left = zodProperty(def.left, name, depth + 1);
      return left.schema ? left : zodProperty(def.right, name, depth + 1);
    }
    default:
      return { reason: `component schema is z.${def.type}` };
  }
}

function valueAt(value, pathParts) {
  let v = value;
  for (const part of pathParts) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[part];
  }
  return v;
}

/** zod issues as `{ path, code, message, got }`; a failed union lists why each branch failed. */
function issuesOf(issues, value, prefix = []) {
  return issues.slice(0, 5).map((issue) => {
    const full = [...prefix, ...issue.path];
    const out = {
      path: full.map(String).join(".") || "(root)",
      code: issue.code,
      message: issue.message,
      got: truncate(valueAt(value, issue.path), 120),
    };
    if (issue.code === "invalid_union" && Array.isArray(issue.errors)) {
      const sub = valueAt(value, issue.path);
      out.branches = issue.errors.slice(0, 4).map((branch) => issuesOf(branch, sub, full).map((i) => `${i.path}: ${i.message}`).join("; "));
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// An independent opinion on rejected examples: ajv (already installed, as a dependency of
// @seriousme/openapi-schema-validator) validating the example against the spec's own schema.
// If ajv rejects it too, the example contradicts its spec; if ajv accepts it, suspect apigen.
// ---------------------------------------------------------------------------------------------

/** OpenAPI 3.0 schema dialect -> JSON Schema 2020-12, in place (nullable, boolean exclusive bounds). */
function convert30(value, seen = new Set()) {
  if (!value || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  for (const child of Object.values(value)) convert30(child, seen);
  if (Array.isArray(value)) return value;
  for (const [bound, limit] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (value[bound] === true && typeof value[limit] === "number") {
      value[bound] = value[limit];
      delete value[limit];
    } else if (value[bound] === false) delete value[bound];
  }
  if (value.nullable === true) {
    delete value.nullable;
    if (typeof value.type === "string") {
      value.type = [value.type, "null"];
      if (Array.isArray(value.enum) && !value.enum.includes(null)) value.enum.push(null);
    } else if (value.$ref || value.allOf || value.anyOf || value.oneOf || value.enum) {
      const inner = { ...value };
      for (const key of Object.keys(value)) delete value[key];
      value.anyOf = [inner, { type: "null" }];
    }
  }
  return value;
}

const ORACLE_ID = "https://apigen.invalid/corpus-doc.json";

async function makeOracle(document, version) {
  try {
    const { default: Ajv2020 } = await import("ajv/dist/2020.js");
    const { default: addFormats } = await import("ajv-formats");
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true, discriminator: false, logger: false });
    addFormats(ajv);
    const doc = structuredClone(document);
    if (version === "3.0") convert30(doc);
    doc.$id = ORACLE_ID;
    delete doc.$schema;
    ajv.addSchema(doc);
    const cache = new Map();
    return (pointer, value) => {
      try {
        let validate = cache.get(pointer);
        if (!validate) {
          const fragment = pointer.slice(1).split("/").map((t) => encodeURIComponent(t).replace(/%2F/g, "/")).join("/");
          validate = ajv.compile({ $ref: `${ORACLE_ID}#${fragment}` });
          cache.set(pointer, validate);
        }
        if (validate(value)) return { verdict: "accepts" };
        const errors = validate.errors ?? [];
        const paths = errors.map((e) => e.instancePath.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")).join("."));
        const errs = errors.slice(0, 3).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
        return { verdict: "rejects", why: errs.join("; "), paths };
      } catch (e) {
        return { verdict: "n/a", why: String(e?.message ?? e).slice(0, 160) };
      }
    };
  } catch (e) {
    return () => ({ verdict: "n/a", why: `ajv unavailable: ${e.message}` });
  }
}

/**
 * `spec` when ajv also rejects the example at (or around) every place zod did; `apigen?` when ajv
 * accepts it; `mixed` when both reject but zod also complains somewhere ajv does not.
 */
function judge(oracle, rejection, pointer, value) {
  const o = oracle(pointer, value);
  rejection.ajv = o.verdict;
  if (o.why) rejection.ajvWhy = o.why;
  if (o.verdict === "accepts") rejection.judgement = "apigen?";
  else if (o.verdict !== "rejects") rejection.judgement = "unknown";
  else {
    const near = (a, b) => a === b || a === "" || b === "" || a.startsWith(b + ".") || b.startsWith(a + ".");
    const zodPaths = rejection.issues.map((i) => (i.path === "(root)" ? "" : i.path));
    rejection.judgement = zodPaths.every((zp) => o.paths.some((ap) => near(zp, ap))) ? "spec" : "mixed";
  }
}

/**
 * Parses every component-level example (and, separately, every property-level example of a
 * component's own `properties`) with the generated read schema. Never throws.
 */
export async function checkExamples(slug, specFile) {
  const result = {
    loaded: false,
    exactNames: false,
    components: { total: 0, accepted: 0, rejected: [], unmapped: [] },
    properties: { total: 0, accepted: 0, rejected: [], unmapped: {} },
    media: { total: 0, accepted: 0, rejected: [], unmapped: [], skipped: 0 },
  };
  let table;
  try {
    table = await nameTable(specFile);
    result.exactNames = table.exact;
  } catch (e) {
    result.loadError = `name table: ${e.message}`;
    return result;
  }
  let mod;
  try {
    const entry = await transpileOutput(slug);
    mod = await import(pathToFileURL(entry).href + `?t=${Date.now()}`);
    result.loaded = true;
  } catch (e) {
    result.loadError = `importing generated schemas.gen: ${e.stack?.split("\n").slice(0, 3).join(" | ") ?? e}`;
    return result;
  }
  const oracle = await makeOracle(table.document, table.version);
  const schemas = table.document?.components?.schemas ?? {};
  for (const [name, raw] of Object.entries(schemas)) {
    const names = table.components.get(pointerFor(name));
    const zod = names && mod[names.schema];
    for (const ex of ownExamples(raw)) {
      result.components.total++;
      if (!zod) {
        result.components.unmapped.push({ component: name, schema: names?.schema });
        continue;
      }
      const parsed = safeParse(zod, ex.value);
      if (parsed.success) result.components.accepted++;
      else {
        const rejection = { component: name, schema: names.schema, via: ex.via, example: truncate(ex.value), issues: parsed.issues };
        judge(oracle, rejection, pointerFor(name), ex.value);
        result.components.rejected.push(rejection);
      }
    }
    if (!raw || typeof raw !== "object" || !raw.properties || typeof raw.properties !== "object") continue;
    for (const [prop, propSchema] of Object.entries(raw.properties)) {
      for (const ex of ownExamples(propSchema)) {
        result.properties.total++;
        let found = zod ? zodProperty(zod, prop) : { reason: "no generated schema for the component" };
        // writeOnly properties only exist on the request-side schema.
        if (!found.schema && names?.split && mod[names.writeSchema]) {
          const write = zodProperty(mod[names.writeSchema], prop);
          if (write.schema) found = write;
        }
        if (!found.schema) {
          result.properties.unmapped[found.reason] = (result.properties.unmapped[found.reason] ?? 0) + 1;
          continue;
        }
        const parsed = safeParse(found.schema, ex.value);
        if (parsed.success) result.properties.accepted++;
        else {
          const rejection = { component: name, property: prop, schema: names.schema, via: ex.via, example: truncate(ex.value, 160), issues: parsed.issues };
          judge(oracle, rejection, `${pointerFor(name)}/properties/${prop.replace(/~/g, "~0").replace(/\//g, "~1")}`, ex.value);
          result.properties.rejected.push(rejection);
        }
      }
    }
  }
  checkMediaExamples(table, mod, result.media, oracle);
  return result;
}

/** Local JSON pointer lookup (`#/a/b~1c`). */
function atPointer(doc, pointer) {
  if (typeof pointer !== "string" || !pointer.startsWith("#")) return undefined;
  let node = doc;
  for (const raw of pointer.slice(1).split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object") return undefined;
    node = node[token];
  }
  return node;
}

function deref(doc, node) {
  for (let i = 0; i < 10 && node && typeof node === "object" && typeof node.$ref === "string"; i++) node = atPointer(doc, node.$ref);
  return node;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]*\+)?json\b|^\*\/\*$/i;

/** `example` and `examples: { name: { value } }` of a Media Type Object (refs followed; externalValue skipped). */
function mediaExamples(doc, media) {
  const out = [];
  if (!media || typeof media !== "object") return out;
  if (Object.prototype.hasOwnProperty.call(media, "example")) out.push({ value: media.example, via: "example" });
  if (media.examples && typeof media.examples === "object") {
    for (const [name, ex] of Object.entries(media.examples)) {
      const resolved = deref(doc, ex);
      if (resolved && typeof resolved === "object" && Object.prototype.hasOwnProperty.call(resolved, "value")) out.push({ value: resolved.value, via: `examples.${name}` });
    }
  }
  return out;
}

/**
 * Request-body and response examples (Media Type Objects with a JSON content type) parsed with
 * the operation's generated body/response schema.
 */
function checkMediaExamples(table, mod, media, oracle) {
  const doc = table.document;
  for (const op of table.operations ?? []) {
    const names = table.operationNames?.get(op.pointer);
    if (!names) continue;
    const sides = [];
    if (op.requestBody) sides.push({ where: "request", pointer: op.requestBody.pointer, raw: deref(doc, atPointer(doc, op.requestBody.pointer)), content: op.requestBody.content, pairs: names.bodies });
    op.responses.forEach((r, i) => sides.push({ where: r.status, pointer: r.pointer, raw: deref(doc, atPointer(doc, r.pointer)), content: r.content, pairs: names.responses[i] ?? [] }));
    for (const side of sides) {
      side.content.forEach((m, j) => {
        const raw = side.raw?.content?.[m.contentType];
        const examples = mediaExamples(doc, raw);
        if (examples.length === 0) return;
        if (!JSON_MEDIA.test(m.contentType)) {
          media.skipped += examples.length;
          return;
        }
        const schemaName = side.pairs[j]?.schema;
        const zod = schemaName && mod[schemaName];
        for (const ex of examples) {
          media.total++;
          if (!zod) {
            media.unmapped.push({ operation: `${op.method.toUpperCase()} ${op.path}`, where: side.where, schema: schemaName });
            continue;
          }
          const parsed = safeParse(zod, ex.value);
          if (parsed.success) media.accepted++;
          else {
            const rejection = { operation: `${op.method.toUpperCase()} ${op.path}`, where: side.where, contentType: m.contentType, schema: schemaName, via: ex.via, example: truncate(ex.value, 160), issues: parsed.issues };
            judge(oracle, rejection, `${side.pointer}/content/${m.contentType.replace(/~/g, "~0").replace(/\//g, "~1")}/schema`, ex.value);
            media.rejected.push(rejection);
          }
        }
      });
    }
  }
}

function safeParse(zod, value) {
  try {
    const r = zod.safeParse(structuredClone(value));
    return r.success ? { success: true } : { success: false, issues: issuesOf(r.error.issues, value) };
  } catch (e) {
    return { success: false, issues: [{ path: "(throw)", code: "exception", message: String(e?.message ?? e) }] };
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: servers. Every pack's output is type-checked with tsc7 --strict; Nest's output is also
// compiled to JS with TypeScript 5.9 (Nest's decorator metadata needs the real emitter) and booted.
// ---------------------------------------------------------------------------------------------

export const SERVER_PACKS = ["express", "fastify", "nest", "hono"];
/** The output folder of one spec's server for one pack: `<slug>-server-<pack>`. */
export function serverDir(slug, pack) {
  return `${slug}-server-${pack}`;
}
const TSC59 = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const SERVER_BOOT = path.join(REPO, "scripts", "corpus-server-boot.mjs");

/**
 * The corpus tsconfig plus Nest's decorator options. Used for every pack: the Express and Fastify
 * outputs contain no decorators, so the two options change nothing there.
 */
const SERVER_TSCONFIG_OPTIONS = { ...TSCONFIG_OPTIONS, experimentalDecorators: true, emitDecoratorMetadata: true };

/** Generates the server output of every spec for every pack (`<slug>-server-<pack>/`); never throws. */
export async function generateServers(specs, { packs = SERVER_PACKS, jobs = 1, onResult, batch = true } = {}) {
  const tasks = specs.flatMap((spec) => packs.map((pack) => ({ spec, server: pack })));
  return batch ? generateBatched(tasks, jobs, onResult) : pool(tasks, jobs, ({ spec, server }) => generateSpec(spec, { server }), onResult);
}

async function pool(items, jobs, fn, onResult) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
      onResult?.(results[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return results;
}

function listFiles(dir, base = dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) listFiles(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out;
}

/**
 * True when two files are identical except inside their leading `//` comment block (the
 * "Generated by apigen (... --server <pack>)" header): the same code, line for line.
 */
function sameButHeader(a, b) {
  if (a === b) return true;
  const la = a.split("\n");
  const lb = b.split("\n");
  if (la.length !== lb.length) return false;
  let header = true;
  for (let i = 0; i < la.length; i++) {
    header &&= la[i].startsWith("//") && lb[i].startsWith("//") && !la[i].startsWith("///") && !lb[i].startsWith("///");
    if (la[i] === lb[i]) continue;
    if (!header || /@ts-/.test(la[i] + lb[i])) return false;
  }
  return true;
}

/**
 * Relative imports of a pack's .ts files whose target is not in that pack's own output. In the
 * de-duplicated check, `rootDirs` would resolve such an import to another pack's copy instead of
 * failing, so they are reported here (as tsc would report TS2307 on the real folder).
 */
function unresolvedImports(outDir, files) {
  const found = [];
  const all = new Set(files);
  for (const rel of files) {
    if (!rel.endsWith(".ts")) continue;
    const lines = readFileSync(path.join(outDir, rel), "utf8").split("\n");
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]));
        const candidates = [target, target.replace(/\.js$/, ".ts"), target.replace(/\.js$/, ".d.ts"), target.replace(/\.mjs$/, ".mts")];
        if (!candidates.some((c) => all.has(c))) found.push({ file: rel, line: i + 1, col: (m.index ?? 0) + 1, code: "TS2307", message: `Cannot find module '${m[1]}' (no such file in this pack's output)` });
      }
    });
  }
  return found;
}

/**
 * Type-checks the server outputs (`<slug>-server-<pack>/`) of the given specs with tsc7.
 *
 * `dedupe: true` (for big specs): one tsc7 run per spec over all its packs. The packs share most
 * files byte for byte (models, schemas, the server runtime; the contract and the handler stubs
 * differ only in their header comment), so a mirror under `_server-check/<slug>/<pack>/` holds the
 * first pack complete and, for the others, only the files that differ; `rootDirs` makes their
 * relative imports of the omitted files resolve to the first pack's identical copy. GitHub's three
 * packs then cost about one. An error in a shared file is reported for every pack that shares it.
 *
 * `dedupe: false` (for many small specs): one tsc7 run over every output folder as it is.
 *
 * Returns `{ ms, runs: [{ name, ms, exitCode }], bySlug: { slug: { pack: errors[] } }, unattributed,
 * shared: { slug: { pack: number of files checked as the first pack's copy } } }`.
 */
export function typecheckServers(slugs, { packs = SERVER_PACKS, dedupe = true, name = "servers" } = {}) {
  const bySlug = Object.fromEntries(slugs.map((s) => [s, Object.fromEntries(packs.map((p) => [p, []]))]));
  const unattributed = [];
  const runs = [];
  const shared = {};
  const started = performance.now();
  for (const slug of slugs) for (const pack of packs) writeCheckedViews(path.join(CORPUS_DIR, serverDir(slug, pack)), { runtime: false });
  const tsc = (configPath, runName) => {
    const t = performance.now();
    const result = spawnSync(process.execPath, [TSC7, "-p", configPath, "--pretty", "false"], { cwd: path.dirname(configPath), encoding: "utf8", maxBuffer: 1 << 30 });
    runs.push({ name: runName, ms: Math.round(performance.now() - t), exitCode: result.status });
    return `${result.stdout ?? ""}${result.stderr ?? ""}`;
  };

  if (!dedupe) {
    const folders = new Map();
    for (const slug of slugs) for (const pack of packs) folders.set(serverDir(slug, pack), { slug, pack });
    const configPath = path.join(CORPUS_DIR, `tsconfig.${name}.json`);
    writeFileSync(configPath, JSON.stringify({ compilerOptions: SERVER_TSCONFIG_OPTIONS, include: [...folders.keys()].map((f) => `${f}/**/*.ts`) }, null, 2));
    const parsed = parseTscOutput(tsc(configPath, name), CORPUS_DIR);
    for (const { rel, ...e } of parsed.errors) {
      const owner = folders.get(rel[0]);
      if (owner) bySlug[owner.slug][owner.pack].push(e);
      else unattributed.push(e);
    }
    unattributed.push(...parsed.other);
    return { ms: Math.round(performance.now() - started), runs, bySlug, unattributed, shared };
  }

  for (const slug of slugs) {
    const root = path.join(CORPUS_DIR, "_server-check", slug);
    rmSync(root, { recursive: true, force: true });
    const [first] = packs;
    const firstDir = path.join(CORPUS_DIR, serverDir(slug, first));
    const sharedFiles = Object.fromEntries(packs.map((p) => [p, new Set()]));
    for (const pack of packs) {
      const outDir = path.join(CORPUS_DIR, serverDir(slug, pack));
      const files = listFiles(outDir);
      for (const e of unresolvedImports(outDir, files)) bySlug[slug][pack].push({ ...e, file: `${serverDir(slug, pack)}/${e.file}` });
      for (const rel of files) {
        if (!rel.endsWith(".ts")) continue;
        const text = readFileSync(path.join(outDir, rel), "utf8");
        const firstCopy = path.join(firstDir, rel);
        if (pack !== first && existsSync(firstCopy) && sameButHeader(text, readFileSync(firstCopy, "utf8"))) {
          sharedFiles[pack].add(rel);
          continue;
        }
        const target = path.join(root, pack, rel);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
    }
    shared[slug] = Object.fromEntries(packs.slice(1).map((p) => [p, sharedFiles[p].size]));
    const configPath = path.join(root, "tsconfig.json");
    const compilerOptions = { ...SERVER_TSCONFIG_OPTIONS, rootDirs: packs.map((p) => `./${p}`) };
    writeFileSync(configPath, JSON.stringify({ compilerOptions, include: packs.map((p) => `${p}/**/*.ts`) }, null, 2));
    const parsed = parseTscOutput(tsc(configPath, slug), root);
    for (const { rel, ...e } of parsed.errors) {
      const pack = rel[0];
      if (!packs.includes(pack) || rel.length < 2) {
        unattributed.push(e);
        continue;
      }
      const inner = rel.slice(1).join("/");
      bySlug[slug][pack].push({ ...e, file: `${serverDir(slug, pack)}/${inner}` });
      if (pack === first) {
        for (const other of packs.slice(1)) {
          if (sharedFiles[other].has(inner)) bySlug[slug][other].push({ ...e, file: `${serverDir(slug, other)}/${inner}`, sharedWith: first });
        }
      }
    }
    unattributed.push(...parsed.other.map((o) => ({ ...o, run: slug })));
  }
  return { ms: Math.round(performance.now() - started), runs, bySlug, unattributed, shared };
}

/**
 * Compiles `<slug>-server-<pack>/` to JS in `<slug>-server-<pack>-js/` with TypeScript 5.9 (the
 * full compiler: type-check and emit, with decorator metadata for Nest). Returns
 * `{ ms, exitCode, errors, jsDir }`; JS is emitted even when there are errors.
 */
export async function compileServer(slug, pack) {
  const src = serverDir(slug, pack);
  const out = `${src}-js`;
  rmSync(path.join(CORPUS_DIR, out), { recursive: true, force: true });
  const { noEmit, ...base } = SERVER_TSCONFIG_OPTIONS;
  const compilerOptions = { ...base, module: "nodenext", moduleResolution: "nodenext", target: "ES2022", rootDir: `./${src}`, outDir: `./${out}` };
  const configPath = path.join(CORPUS_DIR, `tsconfig.${slug}-${pack}-emit.json`);
  writeFileSync(configPath, JSON.stringify({ compilerOptions, include: [`${src}/**/*.ts`] }, null, 2));
  const started = performance.now();
  const { code, stdout, stderr } = await run(process.execPath, [TSC59, "-p", configPath, "--pretty", "false"]);
  const ms = Math.round(performance.now() - started);
  const parsed = parseTscOutput(stdout + stderr, CORPUS_DIR);
  return { ms, exitCode: code, errors: [...parsed.errors.map(({ rel, ...e }) => e), ...parsed.other], jsDir: path.join(CORPUS_DIR, out) };
}

/**
 * A request the scaffold must answer without any handler implemented: the first operation (GET
 * preferred) with no path parameter, no required parameter and no required body. Expected: 401
 * when the operation is secured (the scaffolded verifiers reject everything), 501 otherwise.
 */
export async function pickProbe(specFile) {
  const table = await nameTable(specFile);
  const candidates = table.operations.filter((op) => !op.path.includes("{") && !op.parameters.some((p) => p.required) && !op.requestBody?.required && !["head", "options", "trace"].includes(op.method));
  const op = candidates.find((o) => o.method === "get") ?? candidates[0];
  if (!op) return undefined;
  const secured = Array.isArray(op.security) && op.security.length > 0 && !op.security.some((r) => r.schemes.length === 0);
  return { operation: op.operationId, method: op.method.toUpperCase(), path: op.path, secured, expect: secured ? 401 : 501 };
}

async function request(port, method, urlPath) {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, { method, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, 500);
  }
  return { status: res.status, contentType: res.headers.get("content-type"), wwwAuthenticate: res.headers.get("www-authenticate"), body };
}

export const UNKNOWN_ROUTE = "/__apigen-corpus__/no-such-route";

/**
 * Boots the compiled output of one pack (`<slug>-server-<pack>-js/`) in a child process
 * (scripts/corpus-server-boot.mjs), sends `probe` (see pickProbe) and a request to an unknown
 * route, then kills it. Returns `{ ok, bootMs, known, unknown, problems: string[], stderr }`;
 * never throws.
 */
export async function bootServer(slug, pack, probe, { timeoutMs = 120_000 } = {}) {
  const jsDir = path.join(CORPUS_DIR, `${serverDir(slug, pack)}-js`);
  const result = { ok: false, problems: [] };
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_BOOT, pack, jsDir], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port after ${timeoutMs} ms`)), timeoutMs);
      child.stdout.on("data", (d) => {
        stdout += d;
        const m = /^(\{"port":\d+.*\})$/m.exec(stdout);
        if (m) {
          clearTimeout(timer);
          const line = JSON.parse(m[1]);
          result.timings = line.ms;
          resolve(line.port);
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`boot script exited (${code ?? signal}) before listening`));
      });
    });
    result.bootMs = Math.round(performance.now() - started);
    if (probe) {
      result.known = { ...probe, ...(await request(port, probe.method, probe.path)) };
      const k = result.known;
      if (k.status !== probe.expect) result.problems.push(`${probe.method} ${probe.path}: status ${k.status}, expected ${probe.expect}`);
      if (!/^application\/problem\+json/.test(k.contentType ?? "")) result.problems.push(`${probe.method} ${probe.path}: content-type ${k.contentType}`);
      if (k.body?.status !== probe.expect) result.problems.push(`${probe.method} ${probe.path}: problem body status ${k.body?.status}`);
      if (probe.expect === 401 && !k.wwwAuthenticate) result.problems.push(`${probe.method} ${probe.path}: 401 without WWW-Authenticate`);
    } else result.problems.push("no probe operation (no operation without required inputs)");
    result.unknown = { method: "GET", path: UNKNOWN_ROUTE, expect: 404, ...(await request(port, "GET", UNKNOWN_ROUTE)) };
    const u = result.unknown;
    if (u.status !== 404) result.problems.push(`unknown route: status ${u.status}, expected 404`);
    if (!/^application\/problem\+json/.test(u.contentType ?? "")) result.problems.push(`unknown route: content-type ${u.contentType}`);
    if (u.body?.status !== 404) result.problems.push(`unknown route: problem body status ${u.body?.status}`);
    result.ok = result.problems.length === 0;
  } catch (e) {
    result.problems.push(String(e?.message ?? e));
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(force);
    }
    await exited;
  }
  result.stderr = stderr.length > 5000 ? stderr.slice(0, 5000) + "\n[truncated]" : stderr;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/**
 * The server step of the CLI over the specs that generated: every pack generated, type-checked
 * (real specs: one de-duplicated tsc7 run per spec; oas-examples: one run over all), and each
 * pack compiled with TypeScript 5.9 and booted for the specs in `opts.boot`.
 */
async function serverStep(ok, opts) {
  const specs = ok.filter((g) => opts.serverGroup === "all" || g.group === opts.serverGroup).map((g) => ({ slug: g.slug, file: g.input, group: g.group }));
  const packs = opts.packs;
  process.stderr.write(`corpus: generating servers (${packs.join(", ")}) for ${specs.length} spec(s)…\n`);
  const t = performance.now();
  const generated = await generateServers(specs, {
    packs,
    jobs: opts.jobs,
    onResult: (r) => opts.verbose && process.stderr.write(`  ${serverDir(r.slug, r.pack)}: exit ${r.exitCode} in ${r.ms} ms${r.crashed ? " CRASH" : ""}\n`),
  });
  const generateMs = Math.round(performance.now() - t);
  const complete = specs.filter((s) => generated.filter((g) => g.slug === s.slug).every((g) => g.exitCode === 0 && !g.crashed));
  const real = complete.filter((s) => s.group === "real").map((s) => s.slug);
  const small = complete.filter((s) => s.group !== "real").map((s) => s.slug);
  let tsc;
  if (opts.tsc && complete.length > 0) {
    process.stderr.write(`corpus: type-checking ${complete.length * packs.length} server output(s) with tsc7…\n`);
    const parts = [];
    if (real.length) parts.push(typecheckServers(real, { packs, dedupe: true }));
    if (small.length) parts.push(typecheckServers(small, { packs, dedupe: false, name: "servers-oas-examples" }));
    tsc = {
      ms: parts.reduce((n, p) => n + p.ms, 0),
      runs: parts.flatMap((p) => p.runs),
      bySlug: Object.assign({}, ...parts.map((p) => p.bySlug)),
      shared: Object.assign({}, ...parts.map((p) => p.shared)),
      unattributed: parts.flatMap((p) => p.unattributed),
    };
  }
  // Booted in every pack: tsc proves the types, only a boot proves the routes register (find-my-way
  // refuses some paths path-to-regexp takes, and the reverse).
  const boots = [];
  for (const slug of opts.boot) {
    const spec = complete.find((s) => s.slug === slug);
    if (!spec) continue;
    const probe = await pickProbe(spec.file);
    for (const pack of packs) {
      process.stderr.write(`corpus: compiling ${serverDir(slug, pack)} with TypeScript 5.9 and booting it…\n`);
      const compiled = await compileServer(slug, pack);
      const boot = await bootServer(slug, pack, probe);
      boots.push({ slug, pack, compileMs: compiled.ms, compileExit: compiled.exitCode, compileErrors: compiled.errors, ...boot });
    }
  }
  const failed =
    generated.some((g) => g.exitCode !== 0 || g.crashed) ||
    (tsc && (tsc.unattributed.length > 0 || Object.values(tsc.bySlug).some((byPack) => Object.values(byPack).some((l) => l.length)))) ||
    boots.some((n) => !n.ok || n.compileErrors.length > 0);
  return { packs, generated, generateMs, tsc, boots, failed };
}

function printServers(servers, opts) {
  const { packs, generated, tsc, boots } = servers;
  const slugs = [...new Set(generated.map((g) => g.slug))];
  const header = `${pad("server output", 42)} ${packs.map((p) => `${padL(p, 8)} ${padL("ms", 6)} ${padL("tsc", 4)}`).join("  ")}`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  for (const slug of slugs) {
    const cols = packs.map((pack) => {
      const g = generated.find((x) => x.slug === slug && x.pack === pack);
      const errors = tsc?.bySlug[slug]?.[pack];
      return `${padL(g.crashed ? `${g.exitCode}!` : `exit ${g.exitCode}`, 8)} ${padL(g.ms, 6)} ${padL(errors ? errors.length : "-", 4)}`;
    });
    console.log(`${pad(slug, 42)} ${cols.join("  ")}`);
  }
  console.log("-".repeat(header.length));
  console.log(`server generation: ${servers.generateMs} ms (${generated.length} run(s), --jobs ${opts.jobs})`);
  if (tsc) {
    const runs = tsc.runs.map((r) => `${r.name} ${r.ms} ms${r.exitCode ? ` (exit ${r.exitCode})` : ""}`).join(", ");
    console.log(`server tsc7: ${tsc.ms} ms: ${runs}${tsc.unattributed.length ? `; ${tsc.unattributed.length} unattributed line(s)` : ""}`);
  }
  for (const n of boots) {
    const t = n.timings ? ` (import ${n.timings.import}, create ${n.timings.create}, listen ${n.timings.listen} ms)` : "";
    console.log(`${n.pack} ${n.slug}: tsc 5.9 emit ${n.compileMs} ms (exit ${n.compileExit}, ${n.compileErrors.length} error(s)); boot ${n.bootMs ?? "-"} ms${t}; ${n.known ? `${n.known.method} ${n.known.path} -> ${n.known.status}` : "no probe"}, unknown route -> ${n.unknown?.status ?? "-"}: ${n.ok ? "ok" : `FAILED: ${n.problems.join("; ")}`}`);
    for (const e of n.compileErrors.slice(0, opts.verbose ? Infinity : 5)) console.log(`  tsc 5.9 ${e.file ?? ""}:${e.line ?? ""} ${e.code ?? ""} ${e.message.split("\n")[0]}`);
    if (!n.ok && n.stderr) console.log(`  stderr: ${n.stderr.trim().split("\n").slice(0, 5).join(" | ")}`);
  }
  for (const slug of slugs) {
    const lines = [];
    for (const pack of packs) {
      const g = generated.find((x) => x.slug === slug && x.pack === pack);
      if (g.exitCode !== 0 || g.crashed) lines.push(`  ${pack}: exit ${g.exitCode}${g.crashed ? " (crash)" : ""}: ${g.stderr.trim().split("\n").slice(0, 3).join(" | ")}`);
      const errors = tsc?.bySlug[slug]?.[pack] ?? [];
      for (const e of errors.slice(0, opts.verbose ? Infinity : 5)) lines.push(`  ${pack}: tsc ${e.file}:${e.line} ${e.code} ${e.message.split("\n")[0]}${e.sharedWith ? ` (file shared with ${e.sharedWith})` : ""}`);
      if (!opts.verbose && errors.length > 5) lines.push(`  ${pack}: … ${errors.length - 5} more tsc error(s)`);
    }
    if (lines.length) console.log(`\n${slug} (servers)\n${lines.join("\n")}`);
  }
  for (const u of tsc?.unattributed ?? []) console.log(`server tsc: ${u.run ? `[${u.run}] ` : ""}${u.file ? `${u.file}:${u.line} ${u.code} ` : ""}${u.message}`);
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { jobs: 1, tsc: true, equality: true, examples: true, warn: true, verbose: false, servers: true, packs: SERVER_PACKS, serverGroup: "real", boot: ["github"] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--only") opts.only = argv[++i];
    else if (a === "--group") opts.group = argv[++i];
    else if (a === "--jobs") opts.jobs = Number(argv[++i]);
    else if (a === "--no-tsc") opts.tsc = false;
    else if (a === "--no-equality") opts.equality = false;
    else if (a === "--no-examples") opts.examples = false;
    else if (a === "--no-warn") opts.warn = false;
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--no-servers") opts.servers = false;
    else if (a === "--servers") opts.servers = true;
    else if (a === "--packs") opts.packs = argv[++i].split(",").filter(Boolean);
    else if (a === "--server-group") opts.serverGroup = argv[++i];
    else if (a === "--boot") opts.boot = argv[++i].split(",").filter(Boolean);
    else if (a === "--no-boot") opts.boot = [];
    else {
      process.stderr.write(`corpus: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  return opts;
}

const pad = (s, n) => String(s).padEnd(n);
const padL = (s, n) => String(s).padStart(n);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let specs = corpusSpecs({ warn: opts.warn });
  if (opts.group) specs = specs.filter((s) => s.group === opts.group);
  if (opts.only) specs = specs.filter((s) => s.slug.includes(opts.only));
  mkdirSync(CORPUS_DIR, { recursive: true });
  const t0 = performance.now();

  process.stderr.write(`corpus: generating ${specs.length} spec(s)…\n`);
  const generated = await generateAll(specs, {
    jobs: opts.jobs,
    onResult: (r) => opts.verbose && process.stderr.write(`  ${r.slug}: exit ${r.exitCode} in ${r.ms} ms${r.crashed ? " CRASH" : ""}\n`),
  });
  const ok = generated.filter((g) => g.exitCode === 0 && !g.crashed);
  const specFileOf = (g) => g.input;

  // Name tables (for the equality check) and examples, one spec at a time.
  const examples = {};
  const pairCounts = {};
  rmSync(path.join(CORPUS_DIR, "_checks"), { recursive: true, force: true });
  for (const g of ok) {
    if (opts.equality) {
      try {
        const table = await nameTable(specFileOf(g));
        if (table.exact) {
          writeEqualityCheck(g.slug, table.pairs);
          pairCounts[g.slug] = table.pairs.length;
        }
      } catch (e) {
        process.stderr.write(`corpus: no equality check for ${g.slug}: ${e.message}\n`);
      }
    }
    if (opts.examples) examples[g.slug] = await checkExamples(g.slug, specFileOf(g));
  }

  let tsc;
  if (opts.tsc && ok.length > 0) {
    process.stderr.write(`corpus: type-checking ${ok.length} output(s) with tsc7…\n`);
    tsc = typecheck(ok.map((g) => g.slug));
  }

  const servers = opts.servers ? await serverStep(ok, opts) : undefined;

  const rows = generated.map((g) => {
    const ex = examples[g.slug];
    const tscErrors = tsc?.bySlug[g.slug];
    return {
      ...g,
      tscErrors: tscErrors ?? null,
      equalityPairs: pairCounts[g.slug] ?? null,
      examples: ex ?? null,
    };
  });
  const summary = {
    when: new Date().toISOString(),
    totalMs: Math.round(performance.now() - t0),
    tsc: tsc && { ms: tsc.ms, exitCode: tsc.exitCode, unattributed: tsc.unattributed },
    specs: rows.map(({ outDir, input, ...rest }) => rest),
    servers: servers && {
      packs: servers.packs,
      generateMs: servers.generateMs,
      generated: servers.generated.map(({ outDir, input, stderr, ...rest }) => ({ ...rest, stderr: rest.exitCode === 0 ? undefined : stderr })),
      tsc: servers.tsc && { ms: servers.tsc.ms, runs: servers.tsc.runs, shared: servers.tsc.shared, unattributed: servers.tsc.unattributed, errors: servers.tsc.bySlug },
      boots: servers.boots,
    },
  };
  writeFileSync(path.join(CORPUS_DIR, "summary.json"), JSON.stringify(summary, null, 2));

  // Table
  const header = `${pad("spec", 42)} ${padL("exit", 4)} ${padL("ms", 6)} ${padL("diag", 4)} ${padL("tsc", 5)} ${padL("drift", 5)} ${padL("ex ok/all", 10)} ${padL("prop ok/all", 12)} ${padL("media ok/all", 12)} ${padL("apigen?", 7)}`;
  console.log(header);
  console.log("-".repeat(header.length));
  for (const r of rows) {
    const ex = r.examples;
    const exCol = ex ? (ex.loaded ? `${ex.components.accepted}/${ex.components.total}` : "LOADFAIL") : "-";
    const propCol = ex?.loaded ? `${ex.properties.accepted}/${ex.properties.total}` : "-";
    const mediaCol = ex?.loaded ? `${ex.media.accepted}/${ex.media.total}` : "-";
    const suspects = ex?.loaded ? [...ex.components.rejected, ...ex.properties.rejected, ...ex.media.rejected].filter((x) => x.judgement === "apigen?").length : "-";
    const tscCol = r.tscErrors === null ? "-" : r.tscErrors.filter((e) => e.kind !== "type-equality").length;
    const driftCol = r.tscErrors === null || r.equalityPairs === null ? "-" : r.tscErrors.filter((e) => e.kind === "type-equality").length;
    const exit = r.crashed ? `${r.exitCode}!` : r.exitCode;
    console.log(`${pad(r.slug, 42)} ${padL(exit, 4)} ${padL(r.ms, 6)} ${padL(r.errors.length + r.warnings.length, 4)} ${padL(tscCol, 5)} ${padL(driftCol, 5)} ${padL(exCol, 10)} ${padL(propCol, 12)} ${padL(mediaCol, 12)} ${padL(suspects, 7)}`);
  }
  console.log("-".repeat(header.length));
  if (tsc) console.log(`tsc7: ${tsc.ms} ms over ${ok.length} output(s), exit ${tsc.exitCode}${tsc.unattributed.length ? `, ${tsc.unattributed.length} unattributed line(s)` : ""}`);
  console.log(`total: ${summary.totalMs} ms; summary: ${path.relative(REPO, path.join(CORPUS_DIR, "summary.json"))}`);

  // Details worth reading
  for (const r of rows) {
    const lines = [];
    if (r.crashed) lines.push(`  CRASH (exit ${r.exitCode}): ${r.stderr.trim().split("\n").slice(0, 3).join(" | ")}`);
    else if (r.exitCode !== 0) lines.push(`  exit ${r.exitCode}: ${r.errors.slice(0, 3).map((e) => `${e.code} ${e.message}`).join(" | ")}${r.errors.length > 3 ? ` (+${r.errors.length - 3})` : ""}`);
    if (r.warnOf) lines.push(`  --validation warn (${r.warnings.filter((w) => /^APIGEN_INVALID_/.test(w.code)).length} invalid part(s) read as warnings): ${r.warnOf.why}`);
    const tscErrors = r.tscErrors ?? [];
    const compile = tscErrors.filter((e) => e.kind !== "type-equality");
    const drift = tscErrors.filter((e) => e.kind === "type-equality");
    for (const e of compile.slice(0, opts.verbose ? Infinity : 5)) lines.push(`  tsc ${e.file}:${e.line} ${e.code} ${e.message.split("\n")[0]}`);
    if (!opts.verbose && compile.length > 5) lines.push(`  … ${compile.length - 5} more tsc error(s) in generated code`);
    for (const e of drift.slice(0, opts.verbose ? Infinity : 5)) lines.push(`  type drift: ${e.message}`);
    if (!opts.verbose && drift.length > 5) lines.push(`  … ${drift.length - 5} more type drift(s)`);
    const ex = r.examples;
    if (ex?.loadError) lines.push(`  examples: ${ex.loadError}`);
    for (const rej of ex?.components.rejected ?? []) {
      lines.push(`  example rejected [${rej.judgement}]: ${rej.component} (${rej.via}) ${rej.example}`);
      for (const i of rej.issues) lines.push(`      at ${i.path}: ${i.message}`);
    }
    for (const u of ex?.components.unmapped ?? []) lines.push(`  example unmapped: ${u.component} -> ${u.schema ?? "?"}`);
    for (const [reason, n] of Object.entries(ex?.properties.unmapped ?? {})) lines.push(`  ${n} property example(s) not checked: ${reason}`);
    const mediaRejected = ex?.media.rejected ?? [];
    for (const rej of mediaRejected.slice(0, opts.verbose ? Infinity : 10)) {
      lines.push(`  ${rej.where === "request" ? "request" : `${rej.where} response`} example rejected [${rej.judgement}]: ${rej.operation} (${rej.via}) ${rej.schema} — ${rej.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    }
    if (!opts.verbose && mediaRejected.length > 10) lines.push(`  … ${mediaRejected.length - 10} more request/response example rejection(s) (see summary.json)`);
    for (const u of ex?.media.unmapped ?? []) lines.push(`  media example unmapped: ${u.operation} ${u.where} -> ${u.schema ?? "?"}`);
    const props = ex?.properties.rejected ?? [];
    for (const rej of props.slice(0, opts.verbose ? Infinity : 10)) {
      lines.push(`  property example rejected [${rej.judgement}]: ${rej.component}.${rej.property} ${rej.example} — ${rej.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    }
    if (!opts.verbose && props.length > 10) lines.push(`  … ${props.length - 10} more property example rejection(s) (see summary.json)`);
    if (lines.length) console.log(`\n${r.slug}\n${lines.join("\n")}`);
  }

  if (servers) printServers(servers, opts);

  const crashed = rows.some((r) => r.crashed);
  const tscFailed = tsc && (Object.values(tsc.bySlug).some((l) => l.length) || tsc.unattributed.length);
  const loadFailed = rows.some((r) => r.examples && !r.examples.loaded);
  process.exitCode = crashed || tscFailed || loadFailed || servers?.failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
