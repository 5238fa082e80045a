import path from "node:path";
import type { GeneratedFile } from "../emit/render.js";
import { BIOME_PIECE_CHARS, formatWithBiome } from "./biome-format.js";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { codeLinesFit } from "./print-width.js";

export interface FormatOptions {
  /**
   * `auto`: Prettier for files up to `prettierMaxBytes`, Biome (Prettier-compatible, much faster)
   * above; `prettier`: Prettier for every file; `none`: as emitted.
   */
  mode: "auto" | "prettier" | "none";
  prettierMaxBytes: number;
}

/** Prettier needs ~7 µs per byte here (15 s on 2 MB); 128 KB stays under a second. */
export const DEFAULT_PRETTIER_MAX_BYTES = 128 * 1024;

/**
 * Formats generated TypeScript. Both paths read the output folder's Prettier configuration
 * (.prettierrc and friends), so a project's own style applies to generated code too. Runtime
 * files are copied formatted; a template printed in Prettier's default layout (a pack's
 * `preformatted` template) is left as printed when no style is configured and its code fits.
 *
 * `meanwhile` is work for this thread while Biome formats the big files in its own process (on
 * GitHub's spec, generate lints there: 0.75 s that otherwise ran alone). It runs in every mode,
 * once, after Biome has started (or at once when Biome has nothing to do).
 */
export async function formatFiles<T = undefined>(files: GeneratedFile[], outDir: string, options: FormatOptions, meanwhile?: () => T): Promise<{ files: GeneratedFile[]; meanwhile: T }> {
  const during = () => meanwhile?.() as T;
  if (options.mode === "none") return { files, meanwhile: during() };
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(path.join(path.resolve(outDir), "models.gen.ts"), { editorconfig: false })) ?? {};
  const defaultStyle = Object.keys(config).length === 0;
  const asPrinted = (f: GeneratedFile) => f.verbatim === true || (f.preformatted === true && defaultStyle && codeLinesFit(f.contents));
  const isTs = (f: GeneratedFile) => f.path.endsWith(".ts") && !asPrinted(f);
  const big = (f: GeneratedFile) => options.mode === "auto" && Buffer.byteLength(f.contents) > options.prettierMaxBytes;

  const forBiome = files.filter((f) => isTs(f) && big(f));
  let started!: () => void;
  const biomeStarted = new Promise<void>((resolve) => (started = resolve));
  const biomeResults = formatWithBiome(forBiome, config, path.join(TEMPLATES_DIR, "biome"), BIOME_PIECE_CHARS, started);
  // Awaited below, after Prettier's files; a failure meanwhile is reported there, not as unhandled.
  biomeResults.catch(() => undefined);
  // Biome started, or had nothing to do, or failed before it could start.
  await Promise.race([biomeStarted, biomeResults.then(() => undefined, () => undefined)]);
  const result = during();
  const formatted = await Promise.all(
    files.map(async (file) => {
      if (!isTs(file) || big(file)) return file;
      return { ...file, contents: await prettier.format(file.contents, { ...config, parser: "typescript", filepath: file.path }) };
    }),
  );
  const biomeOut = await biomeResults;
  const out = formatted.map((file, i) => {
    const j = forBiome.indexOf(files[i]!);
    return j >= 0 ? { ...file, contents: biomeOut[j]! } : file;
  });
  return { files: out, meanwhile: result };
}
