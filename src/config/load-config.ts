import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { isPackPath } from "../packs/pack-path.js";
import type { ApigenConfig } from "./config-schema.js";

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
  // The schema (zod, 120 ms to load) and jiti are loaded only when there is a config to read.
  const { ConfigSchema } = await import("./config-schema.js");
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.flatMap((i) => explainUnion(i)).map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${describe(i)}`);
    throw new ConfigError(`${path.basename(file)} is not a valid apigen config:\n${lines.join("\n")}`);
  }
  const dir = path.dirname(file);
  const resolve = (p: string) => (/^https?:\/\//i.test(p) ? p : path.relative(process.cwd(), path.resolve(dir, p)) || ".");
  const config = { ...result.data, jobs: result.data.jobs.map((job) => ({ ...job, input: resolve(job.input), output: resolve(job.output), ...(job.templates ? { templates: resolve(job.templates) } : {}), ...(job.server && isPackPath(job.server) ? { server: packPath(resolve(job.server)) } : {}), ...(job.clientPack && isPackPath(job.clientPack) ? { clientPack: packPath(resolve(job.clientPack)) } : {}) })) };
  return { file, config };
}

/** A relative pack folder stays recognisable as a path (`packs/mine` -> `./packs/mine`). */
function packPath(relative: string): string {
  return path.isAbsolute(relative) || relative.startsWith(".") ? relative : `.${path.sep}${relative}`;
}

interface Issue {
  code: string;
  message: string;
  path: PropertyKey[];
  keys?: readonly string[];
  errors?: Issue[][];
}

/**
 * A union's "Invalid input" says nothing about what is wrong. Where a value is of the shape of
 * one alternative (an object for `lint: false | {...}`), that alternative's issues are what the
 * user needs, at their full path; a value of no alternative's shape keeps the union's message
 * with the alternatives' own ("expected false", "expected object").
 */
function explainUnion(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return [issue];
  const shaped = issue.errors.filter((branch) => !branch.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value")));
  if (shaped.length !== 1) {
    const expected = [...new Set(issue.errors.flat().filter((i) => i.path.length === 0).map((i) => i.message.replace(/^Invalid input: /, "")))];
    return [{ ...issue, message: expected.length > 0 ? `invalid value (${expected.join("; or ")})` : issue.message }];
  }
  return shaped[0]!.flatMap((i) => explainUnion({ ...i, path: [...issue.path, ...i.path] }));
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
    return await importModule(file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read ${path.basename(file)}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * JavaScript and TypeScript configs are loaded with jiti, which strips types with its own
 * transform: it needs no TypeScript package, so a project on TypeScript 7 (no JS API) or with no
 * TypeScript at all loads `apigen.config.ts` the same way. Caches are off: nothing is written
 * beside the project, and watch mode reads an edited config (and the files it imports) afresh.
 * `apigen` itself resolves to this copy, so a config that imports defineConfig works under `npx
 * apigen` before the project installs it.
 */
async function importModule(file: string): Promise<unknown> {
  const { createJiti } = await import("jiti");
  const jiti = createJiti(file, {
    fsCache: false,
    moduleCache: false,
    alias: { apigen: fileURLToPath(new URL("./define-config.js", import.meta.url)) },
  });
  return await jiti.import(file, { default: true });
}
