import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { ConfigError } from "../config/load-config.js";

/**
 * What a template pack's manifest.json says. `render: "perTag"` renders the template once per
 * entry of the view's `tags`, with that entry as `tag`, to an output whose `[file]` is the tag's
 * file name. A runtime `from` that ends in `/` copies every .ts file of that folder.
 */
export interface PackManifest {
  name: string;
  templates: { template: string; output: string; render: "once" | "perTag"; kind: "generated" | "scaffold" }[];
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
 * Renders every template of a pack with its view, and copies the pack's runtime files verbatim.
 * `views` maps each template's output to its view; `"*"` is the view of every other template.
 * With an overrides folder, `<overrides>/<pack>/manifest.json` replaces the whole pack, and
 * `<overrides>/<pack>/<template>` replaces one template of the built-in pack.
 */
export function renderPack(packDir: string, views: Record<string, unknown>, overridesDir?: string): GeneratedFile[] {
  const builtIn = readManifest(packDir);
  const customDir = overridesDir ? path.join(overridesDir, builtIn.name) : undefined;
  const ownPack = customDir !== undefined && existsSync(path.join(customDir, "manifest.json"));
  const dir = ownPack ? customDir : packDir;
  const manifest = ownPack ? readManifest(customDir) : builtIn;
  const engine = createEngine();
  const files: GeneratedFile[] = [];
  for (const entry of manifest.templates) {
    const override = customDir && !ownPack ? path.join(customDir, entry.template) : undefined;
    const source = readFileSync(override && existsSync(override) ? override : insidePack(dir, entry.template), "utf8");
    const template = engine.compile(source, { noEscape: true, strict: true });
    const view = views[entry.output] ?? views["*"];
    if (view === undefined) throw new Error(`internal: no view for ${entry.output} in pack ${manifest.name}`);
    if (entry.render === "perTag") {
      for (const tag of (view as { tags: { file: string }[] }).tags) {
        files.push({ path: entry.output.replace("[file]", tag.file), contents: tidy(template({ ...(view as object), tag })), kind: entry.kind });
      }
    } else files.push({ path: entry.output, contents: tidy(template(view)), kind: entry.kind });
  }
  for (const entry of manifest.runtime) {
    const from = insidePack(dir, entry.from);
    const sources = entry.from.endsWith("/")
      ? readdirSync(from).filter((f) => f.endsWith(".ts")).sort().map((f) => [path.join(from, f), `${entry.output}${f}`] as const)
      : [[from, entry.output] as const];
    for (const [source, output] of sources) {
      const text = readFileSync(source, "utf8");
      const contents = ownPack || !output.endsWith(".ts") ? text : `${RUNTIME_NOCHECK}\n${text}`;
      files.push({ path: output, contents, kind: "generated", verbatim: true });
    }
  }
  return files;
}

/** A pack's manifest; a user's pack that is not one is a usage error (exit 2), not a crash. */
function readManifest(dir: string): PackManifest {
  const file = path.join(dir, "manifest.json");
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as PackManifest;
    if (typeof manifest.name !== "string" || !Array.isArray(manifest.templates) || !Array.isArray(manifest.runtime)) throw new Error("it needs name, templates and runtime");
    return manifest;
  } catch (e) {
    throw new ConfigError(`template pack ${file}: ${(e as Error).message}`);
  }
}

/** A file a pack names, refused when the name leads out of the pack's folder. */
function insidePack(dir: string, relative: string): string {
  const full = path.resolve(dir, relative);
  if (full !== path.resolve(dir) && !full.startsWith(path.resolve(dir) + path.sep)) throw new ConfigError(`template pack ${dir}: ${relative} is outside the pack`);
  return full;
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
