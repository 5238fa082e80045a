import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config/load-config.js";
import { builtInPacks } from "../packs/find-pack.js";
import { clientPackageProblem } from "../emit/client/client-package-view.js";
import { DEFAULT_PRETTIER_MAX_BYTES } from "../format/format-files.js";
import { watch } from "../watch/watch.js";
import { resolveJobs, type JobFlags, type ResolvedJobs } from "./jobs.js";
import { registerLintCommand } from "./lint-command.js";
import { registerPackCommand } from "./pack-command.js";
import { Reporter, useColor } from "./report.js";

/** Exit codes: 0 ok; 1 spec errors, output conflicts, or stale output in check mode; 2 usage or config errors. */
export const EXIT = { ok: 0, specErrors: 1, usage: 2 } as const;

interface CommandFlags extends JobFlags {
  force: boolean;
  timings: boolean;
  check?: boolean;
  watch?: boolean;
}

interface InitFlags {
  spec?: string;
  format?: "ts" | "mjs" | "json" | "yaml";
  out?: string;
  yes?: boolean;
}

interface GlobalFlags {
  quiet: boolean;
  json: boolean;
  color: boolean;
}

/** Parses arguments and prints results; the work happens in generate() and the stages. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  // Commander's actions return nothing to parseAsync: each command reports its exit code here.
  const setExitCode = (code: number) => (exitCode = code);
  const program = createProgram();
  // Registration order is the order `apigen --help` lists the commands in.
  for (const mode of ["generate", "check"] as const) registerCodegenCommand(program, mode, setExitCode);
  registerLintCommand(program, setExitCode);
  registerPackCommand(program);
  registerInitCommand(program, setExitCode);

  try {
    await program.parseAsync(argv);
  } catch (e) {
    return exitCodeOfError(e);
  }
  return exitCode;
}

/** The program with its global options; exitOverride makes commander throw instead of exiting, so main() returns the code. */
function createProgram(): Command {
  return new Command()
    .name("apigen")
    .description("Contract-first code generation from OpenAPI: DTO types, zod schemas, problem types, a typed client")
    .version(apigenVersion(), "-v, --version")
    .option("-q, --quiet", "print errors only", false)
    .option("--json", "print a machine-readable report (files, diagnostics, timings) on stdout", false)
    .option("--no-color", "no colours, even on a terminal")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/** `apigen generate` and `apigen check`: one set of options, as check is generate that writes nothing. */
function registerCodegenCommand(program: Command, mode: "generate" | "check", setExitCode: (code: number) => void): void {
  const command = program
    .command(mode)
    .description(mode === "generate" ? "generate code from an OpenAPI document (or every job of apigen.config.*)" : "exit 1 when generated files are out of date; writes nothing")
    .argument("[spec]", "path or URL of the OpenAPI document (YAML or JSON), or - for standard input; default: the config's jobs")
    .option("-o, --out <dir>", "output folder (required with a spec)")
    .option("-c, --config <file>", "config file (default: apigen.config.{ts,mjs,js,json,yaml} in this folder)")
    .addOption(
      new Option("--format <mode>", `auto: prettier, and biome for files over --prettier-max-bytes (${DEFAULT_PRETTIER_MAX_BYTES}); prettier; none`).choices(["auto", "prettier", "none"]),
    )
    .option("--prettier-max-bytes <n>", "in auto mode, larger files are formatted by biome (prettier-compatible, faster)")
    .option("--client", "also generate a typed client (client.gen.ts)")
    .option("--server <pack>", `also generate a server: route registration, typed handler interfaces, handler scaffolds, main.ts; a built-in pack (${builtInPacks("server").map((p) => p.manifest.name).join(", ")}) or a pack's folder`)
    .option("--client-pack <pack>", `also generate a client pack over the typed client (implies --client): a built-in one (${builtInPacks("client").map((p) => p.manifest.name).join(", ")}) or a pack's folder`)
    .option("--client-package <name>", "make the output folder a publishable npm package of the client (implies --client)")
    .option("--client-package-version <version>", "the package's version (default: the spec's info.version)")
    .option("--templates <dir>", "template overrides: <dir>/<pack>/<template>.hbs replaces a built-in template (e.g. core/models.gen.ts.hbs)")
    .option("--max-input-bytes <size>", "size limit for the spec and each file it $refs: bytes, or e.g. 200MB (default 50MB)")
    .option("--no-lint", "do not lint the spec (by default one line counts the findings; apigen lint lists them)")
    .addOption(new Option("--validation <mode>", "strict: an invalid document stops the run; warn: invalid parts with one obvious reading (README) become warnings").choices(["strict", "warn"]))
    .option("--force", "overwrite files in the output folder that apigen did not write", false)
    .option("--timings", "print how long each stage took", false);
  if (mode === "generate") {
    command.option("--check", "like `apigen check`: compare, write nothing, exit 1 when out of date");
    command.option("-w, --watch", "regenerate when the spec, a file it $refs or the config changes (Ctrl-C to stop)");
  }
  command.action(async (spec: string | undefined, flags: CommandFlags) => setExitCode(await runCodegen(program, mode, spec, flags)));
}

/**
 * The action of generate and check: resolve the jobs (the spec and flags over the config), then
 * run them once, or in watch mode until Ctrl-C. Returns the exit code; a ConfigError is thrown to main().
 */
async function runCodegen(program: Command, mode: "generate" | "check", spec: string | undefined, flags: CommandFlags): Promise<number> {
  const global = program.opts<GlobalFlags>();
  const reporter = new Reporter({ quiet: global.quiet, json: global.json, color: useColor(global.color) });
  const packageProblem = flags.clientPackage ? clientPackageProblem({ name: flags.clientPackage, version: flags.clientPackageVersion }) : undefined;
  if (packageProblem) throw new ConfigError(packageProblem);
  const resolved = await resolveJobs(spec, flags);
  // The progress line redraws itself: only on a terminal, and not when asked for quiet or JSON output.
  const progress = Boolean(process.stderr.isTTY) && !global.quiet && !global.json;
  // The pipeline (emit, templates, packs) is loaded by the commands that run it: `apigen lint`
  // and `--version` start 0.2 s sooner without it.
  const { runJobs } = await import("./run-jobs.js");
  const runOnce = (jobs: ResolvedJobs) => runJobs(flags.check ? "check" : mode, jobs, { force: flags.force, timings: flags.timings, progress }, reporter);
  if (flags.watch) return watchJobs(resolved, () => resolveJobs(spec, flags), runOnce);
  const result = await runOnce(resolved);
  reporter.finish(result.ok);
  return result.ok ? EXIT.ok : EXIT.specErrors;
}

/** `apigen init`: writes a config for the spec found here, asking only on a terminal. */
function registerInitCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("init")
    .description("write a commented apigen.config for the spec found here (or --spec), and print the next command")
    .option("--spec <file>", "the OpenAPI document (default: openapi.{yaml,yml,json} and friends in this folder)")
    .addOption(new Option("--format <format>", "config file format").choices(["ts", "mjs", "json", "yaml"]))
    .option("-o, --out <dir>", "output folder for generated code (default: src/api)")
    .option("-y, --yes", "ask nothing, take the defaults")
    .action(async (flags: InitFlags) => {
      const { init, InitError, resolvesFrom } = await import("../init/init.js");
      try {
        const { file, nextCommand } = await init({
          cwd: process.cwd(),
          spec: flags.spec,
          format: flags.format,
          out: flags.out,
          interactive: !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true,
        });
        process.stdout.write(`apigen: wrote ${path.relative(process.cwd(), file)}\nNext: ${nextCommand}\n`);
        // The config loads either way; an editor only type-checks it against an installed apigen.
        if (file.endsWith(".ts") && !resolvesFrom(process.cwd(), "apigen")) process.stdout.write(`(for your editor's type checks of the config: npm install -D apigen)\n`);
      } catch (e) {
        if (!(e instanceof InitError)) throw e;
        process.stderr.write(`apigen: ${e.message}\n`);
        setExitCode(EXIT.usage);
      }
    });
}

/** What a command threw, reported on stderr (commander has printed its own usage errors), as the exit code. */
function exitCodeOfError(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof ConfigError) {
    process.stderr.write(`apigen: ${e.message}\n`);
    return EXIT.usage;
  }
  // Anything else is a bug in apigen, not in the spec: say so briefly, without a stack trace.
  process.stderr.write(`apigen: internal error: ${(e as Error).message}\nPlease report this with the spec that caused it.\n`);
  return EXIT.specErrors;
}

/**
 * Watch mode: run, then re-run on every change of the inputs or the config, until Ctrl-C. The
 * config (and the flags over it) is read again before every run after the first, so a changed
 * output folder, client or lint setting takes effect; a config that no longer loads is reported
 * and the watch goes on with the files it had.
 */
async function watchJobs(first: ResolvedJobs, reload: () => Promise<ResolvedJobs>, runOnce: (jobs: ResolvedJobs) => Promise<{ ok: boolean; inputFiles: string[] }>): Promise<number> {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  let current = first;
  let runs = 0;
  await watch({
    files: () => [...(current.configFile ? [current.configFile] : []), ...current.jobs.map((j) => j.input)],
    run: async () => {
      if (runs++ > 0) {
        try {
          current = await reload();
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          process.stderr.write(`apigen: ${e.message}\n`);
          return { ok: false, files: [] };
        }
      }
      const result = await runOnce(current);
      return { ok: result.ok, files: result.inputFiles };
    },
    signal: stop.signal,
    log: (line) => process.stderr.write(line + "\n"),
  });
  return EXIT.ok;
}

function apigenVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
