import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { ConfigError } from "../config/load-config.js";
import { insidePack, packFiles, readPackFolder, type PackFolder } from "../packs/pack-folder.js";

export interface GeneratedFile {
  /** Path relative to the output folder, `/`-separated. */
  path: string;
  contents: string;
  kind: "generated" | "scaffold";
  /** Runtime files are copied byte for byte (already formatted in apigen's repo). */
  verbatim?: boolean;
  /** Printed in Prettier's default layout where its code fits (PackTemplateEntry.preformatted). */
  preformatted?: boolean;
}

/**
 * A Handlebars instance of its own with a few formatting helpers and no HTML escaping:
 * templates receive text that the escaping layer (emit/escape.ts) already made safe for code.
 */
/**
 * The first line of every built-in runtime file apigen copies. The runtime is library code shipped
 * as source: apigen's own tests compile it checked under every tsconfig of the matrix, so a user's
 * tsc reads only its types, as skipLibCheck does for a package's declarations (GitHub's full output:
 * 1.7 s of tsc 5.9 saved). A pack of the user's own is copied as written.
 */
const RUNTIME_NOCHECK = "// @ts-nocheck: apigen's runtime, compiled checked by apigen's own tests; your tsc reads its types only.";

function createEngine(): typeof Handlebars {
  const engine = Handlebars.create();
  engine.registerHelper("join", (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === "string" ? separator : ", ") : ""));
  return engine;
}

/**
 * A pack as the run uses it, after template overrides: `<overrides>/<name>/manifest.json`
 * replaces the whole pack (its folder is then the pack), `<overrides>/<name>/<template>` replaces
 * one template of it.
 */
export interface EffectivePack extends PackFolder {
  /** Folder whose files replace single templates of the pack. */
  templateOverrides?: string;
  /** The pack is the user's (an override or a folder given to --server): its runtime is copied as written. */
  users: boolean;
}

export function withOverrides(pack: PackFolder, overridesDir: string | undefined, users = false): EffectivePack {
  const customDir = overridesDir ? path.join(overridesDir, pack.manifest.name) : undefined;
  if (customDir !== undefined && existsSync(path.join(customDir, "manifest.json"))) return { ...readPackFolder(customDir), users: true };
  return { ...pack, templateOverrides: customDir, users };
}

/**
 * Renders every template of a pack with its view, and copies the pack's runtime files verbatim.
 * `views` maps each template's output to its view; `"*"` is the view of every other template.
 */
export function renderPack(pack: EffectivePack, views: Record<string, unknown>): GeneratedFile[] {
  const { dir, manifest } = pack;
  const engine = createEngine();
  const files: GeneratedFile[] = [];
  for (const entry of manifest.templates) {
    const { file, overridden } = templateFile(pack, entry.template);
    const source = readFileSync(file, "utf8");
    const compiled = engine.compile(source, { noEscape: true, strict: true });
    // A user's template that names a field the view lacks is the pack's error (exit 2), not apigen's.
    const template = (data: unknown) => {
      try {
        return compiled(data);
      } catch (e) {
        if (!pack.users && !overridden) throw e;
        throw new ConfigError(`template pack ${manifest.name}: ${entry.template}: ${(e as Error).message.split("\n")[0]!.replace(" in [object Object]", "")}`);
      }
    };
    const view = views[entry.output] ?? views["*"];
    const preformatted = entry.preformatted === true && !overridden ? { preformatted: true } : {};
    if (view === undefined) throw new Error(`internal: no view for ${entry.output} in pack ${manifest.name}`);
    if (entry.render === "perTag") {
      for (const tag of (view as { tags: { file: string }[] }).tags) {
        files.push({ path: entry.output.replace("[file]", tag.file), contents: tidy(template({ ...(view as object), tag })), kind: entry.kind, ...preformatted });
      }
    } else files.push({ path: entry.output, contents: tidy(template(view)), kind: entry.kind, ...preformatted });
  }
  for (const entry of manifest.runtime) {
    const from = insidePack(dir, entry.from);
    const sources = entry.from.endsWith("/")
      ? readdirSync(from).filter((f) => f.endsWith(".ts")).sort().map((f) => [path.join(from, f), `${entry.output}${f}`] as const)
      : [[from, entry.output] as const];
    for (const [source, output] of sources) {
      const text = readFileSync(source, "utf8");
      const contents = pack.users || !output.endsWith(".ts") ? text : `${RUNTIME_NOCHECK}\n${text}`;
      files.push({ path: output, contents, kind: "generated", verbatim: true });
    }
  }
  return files;
}

/** The file a template of the pack is read from: the user's override of it when there is one. */
export function templateFile(pack: EffectivePack, template: string): { file: string; overridden: boolean } {
  const override = pack.templateOverrides ? path.join(pack.templateOverrides, template) : undefined;
  if (override !== undefined && existsSync(override)) return { file: override, overridden: true };
  return { file: insidePack(pack.dir, template), overridden: false };
}

/** Collapses the blank lines that template blocks leave behind, and ends with one newline. */
function tidy(text: string): string {
  // trimEnd, not /\s+$/: the regex tries every run of spaces in a 4 MB file (0.1 s on GitHub's).
  return text.replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/** Every file under a template-overrides folder (hashed as inputs and watched). */
export function overrideFiles(overridesDir: string | undefined): string[] {
  if (!overridesDir || !existsSync(overridesDir)) return [];
  return packFiles(overridesDir);
}
