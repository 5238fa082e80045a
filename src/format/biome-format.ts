import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import type { Options as PrettierOptions } from "prettier";
import { joinFormatted, splitTopLevel } from "./top-level-chunks.js";

/** Biome's CLI flags equivalent to the Prettier options in force, so both paths print alike. */
export function biomeFlagsFor(prettier: PrettierOptions): string[] {
  return [
    `--indent-style=${prettier.useTabs ? "tab" : "space"}`,
    `--indent-width=${prettier.tabWidth ?? 2}`,
    `--line-width=${prettier.printWidth ?? 80}`,
    `--javascript-formatter-quote-style=${prettier.singleQuote ? "single" : "double"}`,
    `--semicolons=${prettier.semi === false ? "as-needed" : "always"}`,
    `--trailing-commas=${prettier.trailingComma ?? "all"}`,
    `--bracket-spacing=${prettier.bracketSpacing ?? true}`,
    `--arrow-parentheses=${prettier.arrowParens === "avoid" ? "as-needed" : "always"}`,
    "--files-max-size=1073741824",
  ];
}

/**
 * How to start Biome: its native binary when this platform's package is installed, else the
 * @biomejs/biome launcher script, which picks the binary itself. The launcher costs a Node start
 * and an `ldd --version` on Linux (0.12 s of every run here); glibc's version in Node's own
 * report answers the launcher's musl question without a process. `BIOME_BINARY` (the launcher's
 * override) keeps the launcher.
 */
function biomeCommand(): { command: string; args: string[] } {
  const require = createRequire(import.meta.url);
  const native = process.env.BIOME_BINARY ? undefined : nativeBinaryPackage();
  if (native) {
    try {
      return { command: require.resolve(native), args: [] };
    } catch {
      // not installed (another libc, or optional dependencies left out): the launcher decides
    }
  }
  return { command: process.execPath, args: [path.join(path.dirname(require.resolve("@biomejs/biome/package.json")), "bin", "biome")] };
}

function nativeBinaryPackage(): string | undefined {
  const { platform, arch } = process;
  if (platform === "darwin") return `@biomejs/cli-darwin-${arch}/biome`;
  if (platform === "win32") return `@biomejs/cli-win32-${arch}/biome.exe`;
  if (platform !== "linux") return undefined;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ? `@biomejs/cli-linux-${arch}/biome` : undefined;
}

/** Size of the pieces a big file is formatted in (top-level-chunks.ts says why). */
export const BIOME_PIECE_CHARS = 256 * 1024;

/**
 * Formats files with Biome's native formatter (Prettier-compatible output, ~20x faster than
 * Prettier on multi-megabyte files). Each file is cut into pieces between top-level statements
 * (Biome's cost grows faster than a file's size) and every piece goes to one Biome process,
 * which formats them on its own threads. GitHub's six big files: 2.5 s as a process per file on
 * stdin, 1.6 s in one process, less again in pieces. The pieces are written to a private
 * temporary folder (numbered names: nothing from the spec reaches a path) and read back; the
 * folder is removed whatever happens. If a piece does not format, the files go whole.
 */
export async function formatWithBiome(files: { path: string; contents: string }[], prettier: PrettierOptions, configDir: string, pieceChars = BIOME_PIECE_CHARS, onStarted?: () => void): Promise<string[]> {
  if (files.length === 0) return [];
  const pieces = files.map((file) => splitTopLevel(file.contents, pieceChars));
  try {
    const labels = pieces.flatMap((list, i) => list.map((_, k) => (list.length > 1 ? `${files[i]!.path} (piece ${k + 1} of ${list.length})` : files[i]!.path)));
    const formatted = await formatTexts(pieces.flat(), labels, prettier, configDir, onStarted);
    let next = 0;
    return pieces.map((list) => joinFormatted(formatted.slice(next, (next += list.length))));
  } catch (error) {
    if (pieces.every((list) => list.length === 1)) throw error;
    return formatTexts(files.map((f) => f.contents), files.map((f) => f.path), prettier, configDir);
  }
}

/**
 * One Biome process over the texts, written as numbered files of a temporary folder; `labels`
 * name them in errors. `onStarted` is called once the process runs.
 */
async function formatTexts(texts: string[], labels: string[], prettier: PrettierOptions, configDir: string, onStarted?: () => void): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "apigen-format-"));
  try {
    const names = texts.map((_, i) => path.join(dir, `${i}.ts`));
    await Promise.all(texts.map((text, i) => writeFile(names[i]!, text)));
    const running = runBiome(configDir, [...biomeFlagsFor(prettier), "--write", dir]);
    onStarted?.();
    const failure = await running;
    if (failure !== undefined) {
      // Biome names the numbered files; say which generated file each one is.
      const named = failure.split(dir + path.sep).join("").replace(/\b(\d+)\.ts\b/g, (whole, i: string) => labels[Number(i)] ?? whole);
      throw new Error(`Biome could not format ${labels.length === 1 ? labels[0] : `${labels.length} files`}: ${named.slice(0, 1500)}`);
    }
    return await Promise.all(names.map((name) => readFile(name, "utf8")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs Biome's formatter; resolves to its error output when it fails, else undefined. */
function runBiome(configDir: string, args: string[]): Promise<string | undefined> {
  const biome = biomeCommand();
  return new Promise((resolve, reject) => {
    // apigen's own biome.json and cwd, so a user's Biome setup (ignores, VCS) cannot skip a file;
    // their Prettier style arrives through the flags.
    const child = spawn(biome.command, [...biome.args, "format", `--config-path=${configDir}`, ...args], { cwd: configDir, stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve(code === 0 ? undefined : Buffer.concat(err).toString("utf8")));
  });
}
