import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { ConfigSchema, type ApigenConfig } from "./config-schema.js";

/** Config file names looked for, in this order, in the working directory. */
export const CONFIG_FILES = ["apigen.config.ts", "apigen.config.mts", "apigen.config.mjs", "apigen.config.js", "apigen.config.json", "apigen.config.yaml", "apigen.config.yml"];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  file: string;
  config: ApigenConfig;
}

/** The config file to use: the one given, or the first of CONFIG_FILES in `cwd`; undefined when there is none. */
export function findConfig(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(`no config file at ${explicit}`);
    return file;
  }
  return CONFIG_FILES.map((f) => path.join(cwd, f)).find(existsSync);
}

/**
 * Reads and validates a config file. Paths in it (inputs, outputs) are made relative to the
 * config's folder. Every problem is a ConfigError naming the file and the bad key.
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const raw = await readRaw(file);
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${describe(i)}`);
    throw new ConfigError(`${path.basename(file)} is not a valid apigen config:\n${lines.join("\n")}`);
  }
  const dir = path.dirname(file);
  const resolve = (p: string) => (/^https?:\/\//i.test(p) ? p : path.relative(process.cwd(), path.resolve(dir, p)) || ".");
  const config = { ...result.data, jobs: result.data.jobs.map((job) => ({ ...job, input: resolve(job.input), output: resolve(job.output), ...(job.templates ? { templates: resolve(job.templates) } : {}) })) };
  return { file, config };
}

function describe(issue: { code: string; message: string; keys?: readonly string[] }): string {
  if (issue.code === "unrecognized_keys" && issue.keys) return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  return issue.message;
}

async function readRaw(file: string): Promise<unknown> {
  const ext = path.extname(file);
  try {
    if (ext === ".json") return JSON.parse(await readFile(file, "utf8"));
    if (ext === ".yaml" || ext === ".yml") return parseYaml(await readFile(file, "utf8"));
    if (ext === ".ts" || ext === ".mts") return await importTypeScript(file);
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return mod.default;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read ${path.basename(file)}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * Node 20 cannot import TypeScript, so a .ts config is transpiled (with the project's own
 * TypeScript, else apigen's) to a temporary .mjs beside it, so its imports resolve as written.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const ts = loadTypeScript(file);
  const source = await readFile(file, "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: file });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.mjs`);
  await writeFile(temp, outputText);
  try {
    const mod = (await import(pathToFileURL(temp).href)) as { default?: unknown };
    return mod.default;
  } finally {
    await rm(temp, { force: true });
  }
}

type TypeScriptApi = typeof import("typescript");

function loadTypeScript(file: string): TypeScriptApi {
  for (const from of [file, import.meta.url]) {
    try {
      return createRequire(from)("typescript") as TypeScriptApi;
    } catch {
      // try the next place
    }
  }
  throw new ConfigError(`${path.basename(file)} is TypeScript, but the typescript package is not installed; use apigen.config.mjs or .json instead`);
}
