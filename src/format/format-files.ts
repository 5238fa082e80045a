import type { GeneratedFile } from "../emit/render.js";

export interface FormatOptions {
  /** `prettier`: every file; `none`: as emitted (already laid out consistently by the printers). */
  mode: "prettier" | "none";
  /** Files larger than this skip prettier in `prettier` mode (see README: formatting). */
  maxBytes: number;
}

/** Formats generated TypeScript with prettier (the output folder's .prettierrc when there is one). */
export async function formatFiles(files: GeneratedFile[], outDir: string, options: FormatOptions): Promise<GeneratedFile[]> {
  if (options.mode === "none") return files;
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(`${outDir}/models.gen.ts`, { editorconfig: false })) ?? {};
  return Promise.all(
    files.map(async (file) => {
      if (!file.path.endsWith(".ts") || Buffer.byteLength(file.contents) > options.maxBytes) return file;
      const contents = await prettier.format(file.contents, { ...config, parser: "typescript", filepath: file.path });
      return { ...file, contents };
    }),
  );
}
