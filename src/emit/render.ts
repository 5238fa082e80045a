import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";

/** What a template pack's manifest.json says. */
export interface PackManifest {
  name: string;
  templates: { template: string; output: string; render: "once"; kind: "generated" | "scaffold" }[];
  runtime: { from: string; output: string }[];
}

export interface GeneratedFile {
  /** Path relative to the output folder, `/`-separated. */
  path: string;
  contents: string;
  kind: "generated" | "scaffold";
  /** Runtime files are copied byte for byte (already formatted in apigen's repo). */
  verbatim?: boolean;
}

/**
 * A Handlebars instance of its own with a few formatting helpers and no HTML escaping:
 * templates receive text that the escaping layer (emit/escape.ts) already made safe for code.
 */
function createEngine(): typeof Handlebars {
  const engine = Handlebars.create();
  engine.registerHelper("join", (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === "string" ? separator : ", ") : ""));
  return engine;
}

/** Renders every template of a pack with its view, and copies the pack's runtime files verbatim. */
export function renderPack(packDir: string, views: Record<string, unknown>, overridesDir?: string): GeneratedFile[] {
  const manifest = JSON.parse(readFileSync(path.join(packDir, "manifest.json"), "utf8")) as PackManifest;
  const engine = createEngine();
  const files: GeneratedFile[] = [];
  for (const entry of manifest.templates) {
    // A user's template of the same name (`<overrides>/<pack>/<template>`) replaces the built-in one.
    const override = overridesDir ? path.join(overridesDir, manifest.name, entry.template) : undefined;
    const source = readFileSync(override && existsSync(override) ? override : path.join(packDir, entry.template), "utf8");
    const template = engine.compile(source, { noEscape: true, strict: true });
    const view = views[entry.output];
    if (view === undefined) throw new Error(`internal: no view for ${entry.output} in pack ${manifest.name}`);
    files.push({ path: entry.output, contents: tidy(template(view)), kind: entry.kind });
  }
  for (const entry of manifest.runtime) {
    files.push({ path: entry.output, contents: readFileSync(path.join(packDir, entry.from), "utf8"), kind: "generated", verbatim: true });
  }
  return files;
}

/** Collapses the blank lines that template blocks leave behind, and ends with one newline. */
function tidy(text: string): string {
  return text.replace(/\n{3,}/g, "\n\n").replace(/\s+$/, "") + "\n";
}

/** Every file under a template-overrides folder (hashed as inputs and watched). */
export function overrideFiles(overridesDir: string | undefined): string[] {
  if (!overridesDir || !existsSync(overridesDir)) return [];
  return readdirSync(overridesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
