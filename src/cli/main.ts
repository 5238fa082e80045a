import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { formatDiagnostic } from "../diagnostics/diagnostic.js";
import { clientPackageProblem } from "../emit/client/client-package-view.js";
import { DEFAULT_PRETTIER_MAX_BYTES } from "../format/format-files.js";
import { generate } from "../generate.js";

/** Exit codes: 0 ok, 1 the spec has errors (or output conflicts), 2 bad usage. */
export const EXIT = { ok: 0, specErrors: 1, usage: 2 } as const;

interface GenerateFlags {
  out: string;
  format: "auto" | "prettier" | "none";
  prettierMaxBytes: string;
  force: boolean;
  timings: boolean;
  client: boolean;
  clientPackage?: string;
  clientPackageVersion?: string;
}

/** Parses arguments and prints results; all the work happens in generate(). */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("apigen")
    .description("Contract-first code generation from OpenAPI 3.0/3.1: DTO types, zod schemas, problem types")
    .version(apigenVersion(), "-v, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("generate")
    .description("generate code from an OpenAPI document")
    .argument("<spec>", "path to the OpenAPI document (YAML or JSON), or - for standard input")
    .requiredOption("-o, --out <dir>", "output folder")
    .addOption(
      new Option("--format <mode>", "auto: prettier, and biome for files over --prettier-max-bytes; prettier: prettier only; none: as emitted")
        .choices(["auto", "prettier", "none"])
        .default("auto"),
    )
    .option("--prettier-max-bytes <n>", "in auto mode, larger files are formatted by biome (prettier-compatible, faster)", String(DEFAULT_PRETTIER_MAX_BYTES))
    .option("--client", "also generate a typed client (client.gen.ts)", false)
    .option("--client-package <name>", "make the output folder an npm package of the client, named <name> (implies --client)")
    .option("--client-package-version <version>", "the package's version (default: the spec's info.version when it is semver, else 0.0.0)")
    .option("--force", "overwrite files in the output folder that apigen did not write", false)
    .option("--timings", "print how long each stage took", false)
    .action(async (spec: string, flags: GenerateFlags) => {
      const maxBytes = Number(flags.prettierMaxBytes);
      if (!Number.isFinite(maxBytes) || maxBytes < 0) {
        process.stderr.write("apigen: --prettier-max-bytes takes a number of bytes\n");
        exitCode = EXIT.usage;
        return;
      }
      if (flags.clientPackageVersion !== undefined && flags.clientPackage === undefined) {
        process.stderr.write("apigen: --client-package-version needs --client-package <name>\n");
        exitCode = EXIT.usage;
        return;
      }
      const clientPackage = flags.clientPackage === undefined ? undefined : { name: flags.clientPackage, version: flags.clientPackageVersion };
      const packageProblem = clientPackage && clientPackageProblem(clientPackage);
      if (packageProblem) {
        process.stderr.write(`apigen: ${packageProblem}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const client = flags.client || clientPackage !== undefined;
      const shownSpec = spec === "-" ? "-" : path.basename(spec);
      const result = await generate({
        spec,
        out: flags.out,
        format: { mode: flags.format, prettierMaxBytes: maxBytes },
        force: flags.force,
        client,
        clientPackage,
        command: `apigen generate ${shownSpec}${client ? " --client" : ""}`,
      });
      for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
      if (result.conflicts.length > 0) {
        process.stderr.write(
          `apigen: ${flags.out} has files apigen did not write that this run would overwrite:\n` +
            result.conflicts.map((f) => `  ${f}\n`).join("") +
            "Move them away, choose another --out, or pass --force to overwrite them.\n",
        );
      }
      if (!result.ok) {
        const errors = result.diagnostics.filter((d) => d.severity === "error").length;
        if (errors > 0) process.stderr.write(`apigen: ${errors} error(s); nothing was written.\n`);
        exitCode = EXIT.specErrors;
        return;
      }
      process.stdout.write(`apigen: wrote ${result.written.length} file(s), ${result.unchanged.length} unchanged, in ${flags.out}\n`);
      if (flags.timings) process.stdout.write(`timings (ms): ${JSON.stringify(result.timings)}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Anything else is a bug in apigen, not in the spec: say so briefly, without a stack trace.
    process.stderr.write(`apigen: internal error: ${(e as Error).message}\nPlease report this with the spec that caused it.\n`);
    return EXIT.specErrors;
  }
  return exitCode;
}

function apigenVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
