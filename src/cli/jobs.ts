import { findConfig, loadConfig, ConfigError } from "../config/load-config.js";
import type { ApigenConfig, JobConfig } from "../config/config-schema.js";
import { parseByteSize } from "../config/byte-size.js";
import { DEFAULT_PRETTIER_MAX_BYTES } from "../format/format-files.js";
import { findPack } from "../packs/find-pack.js";

/** The flags shared by generate and check. */
export interface JobFlags {
  out?: string;
  config?: string;
  format?: "auto" | "prettier" | "none";
  prettierMaxBytes?: string;
  client?: boolean;
  /** A built-in server pack's name or a pack folder's path. */
  server?: string;
  /** A built-in client pack's name or a pack folder's path. */
  clientPack?: string;
  clientPackage?: string;
  clientPackageVersion?: string;
  templates?: string;
  maxInputBytes?: string;
  /** False with --no-lint. */
  lint?: boolean;
  validation?: "strict" | "warn";
}

export interface ResolvedJobs {
  jobs: JobConfig[];
  /** The config file read, if any (watch mode watches it too). */
  configFile?: string;
  allowRemoteRefs?: string[];
  allowFilesOutside?: boolean;
  /** Size limit for each input document, in bytes (undefined: the loader's default). */
  maxInputBytes?: number;
}

/**
 * The jobs a command runs: from the spec argument and flags, or from the config file when no spec
 * is given. Flags override the config's values for every job.
 */
export async function resolveJobs(spec: string | undefined, flags: JobFlags, cwd = process.cwd()): Promise<ResolvedJobs> {
  const maxBytes = flags.prettierMaxBytes === undefined ? undefined : Number(flags.prettierMaxBytes);
  if (maxBytes !== undefined && (!Number.isFinite(maxBytes) || maxBytes < 0)) throw new ConfigError("--prettier-max-bytes takes a number of bytes");
  const overrides: Partial<JobConfig> = {};
  if (flags.out !== undefined) overrides.output = flags.out;
  if (flags.format !== undefined) overrides.format = flags.format;
  if (maxBytes !== undefined) overrides.prettierMaxBytes = maxBytes;
  if (flags.client) overrides.client = true;
  // A pack folder stays as written (relative to the working directory): it is shown in every
  // generated file's header, which must not depend on where the project sits on disk.
  if (flags.server !== undefined) overrides.server = flags.server;
  if (flags.clientPack !== undefined) overrides.clientPack = flags.clientPack;
  if (flags.templates !== undefined) overrides.templates = flags.templates;
  if (flags.lint === false) overrides.lint = false;
  if (flags.validation !== undefined) overrides.validation = flags.validation;
  if (flags.clientPackage !== undefined) overrides.clientPackage = { name: flags.clientPackage, version: flags.clientPackageVersion };
  else if (flags.clientPackageVersion !== undefined) throw new ConfigError("--client-package-version needs --client-package");

  if (spec !== undefined) {
    const configFile = flags.config ? findConfig(cwd, flags.config) : undefined;
    const config = configFile ? (await loadConfig(configFile)).config : undefined;
    if (flags.out === undefined) throw new ConfigError("--out <dir> is required when a spec is given");
    return { jobs: checkedPacks([{ input: spec, output: flags.out, ...overrides }]), configFile, allowRemoteRefs: config?.allowRemoteRefs, allowFilesOutside: config?.allowFilesOutside, maxInputBytes: inputLimit(flags, config) };
  }
  const configFile = findConfig(cwd, flags.config);
  if (!configFile) throw new ConfigError("no spec given and no apigen.config.* found; run `apigen init`, or pass a spec and --out");
  const { config } = await loadConfig(configFile);
  return {
    // --client-package names the package; the config's other package.json fields still apply.
    jobs: checkedPacks(config.jobs.map((job) => ({ ...job, ...overrides, ...(overrides.clientPackage && job.clientPackage ? { clientPackage: { ...job.clientPackage, ...withoutUndefined(overrides.clientPackage) } } : {}) }))),
    configFile,
    allowRemoteRefs: config.allowRemoteRefs,
    allowFilesOutside: config.allowFilesOutside,
    maxInputBytes: inputLimit(flags, config),
  };
}

/** The jobs, once every server pack they name is found and its manifest read: a wrong one is a usage error before any spec is loaded. */
function checkedPacks(jobs: JobConfig[]): JobConfig[] {
  for (const job of jobs) {
    if (job.server) findPack("server", job.server);
    if (job.clientPack) findPack("client", job.clientPack);
  }
  return jobs;
}

/** The input size limit: --max-input-bytes, else the config's maxInputBytes, else undefined (the default). */
export function inputLimit(flags: { maxInputBytes?: string }, config: ApigenConfig | undefined): number | undefined {
  if (flags.maxInputBytes !== undefined) {
    const bytes = parseByteSize(flags.maxInputBytes);
    if (bytes === undefined) throw new ConfigError(`--max-input-bytes takes a size: a number of bytes, or e.g. 200MB (not ${JSON.stringify(flags.maxInputBytes)})`);
    return bytes;
  }
  return config?.maxInputBytes === undefined ? undefined : parseByteSize(config.maxInputBytes);
}

export function formatOptionsOf(job: JobConfig) {
  return { mode: job.format ?? "auto", prettierMaxBytes: job.prettierMaxBytes ?? DEFAULT_PRETTIER_MAX_BYTES };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
