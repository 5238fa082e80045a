/**
 * The names a generated file takes for itself, read from the template that prints it: what it
 * imports, declares and re-exports at the top level, as written in the template (`{{...}}` names
 * are the view's, allocated per operation or component). The name resolver keeps spec-derived
 * names clear of these, so a user's template override that declares a helper of its own is
 * respected too, and no list of names is kept by hand beside a template.
 */
import { readFileSync } from "node:fs";
import { builtInPart } from "../packs/find-pack.js";
import type { ModuleNames } from "../resolve/resolve-names.js";
import type { ServerModuleNames } from "../resolve/server-names.js";
import { CLIENT_RUNTIME_TYPES, CLIENT_RUNTIME_VALUES } from "./client/client-view.js";
import { type EffectivePack, templateFile, withOverrides } from "./render.js";

const IDENTIFIER = "[A-Za-z_$][\\w$]*";
/** `import x from`, `import * as x from`, `import type * as x from`. */
const DEFAULT_OR_NAMESPACE = new RegExp(`^import\\s+(?:type\\s+)?(?:\\*\\s+as\\s+)?(${IDENTIFIER})\\s*(?:,|from\\b)`, "gm");
/** `import { a, type b as c } from`, `export { a as b } from`, `export type { a }` (names before `from` or the line's end). */
const BRACED = /^(?:import|export)\s+(?:type\s+)?\{([^}]*)\}/gm;
/** Top-level declarations: written at the start of a line, as every template writes its own. */
const DECLARATION = new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:async\\s+)?(?:const|let|var|function\\*?|class|interface|type|enum|namespace)\\s+(${IDENTIFIER})`, "gm");

/** The top-level names a template's text imports, declares or re-exports. */
export function namesInTemplate(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(DEFAULT_OR_NAMESPACE)) names.add(match[1]!);
  for (const match of text.matchAll(DECLARATION)) names.add(match[1]!);
  for (const match of text.matchAll(BRACED)) {
    for (const item of match[1]!.split(",")) {
      // `type a as b` names b; `a` names a; a `{{...}}` list is the view's and is skipped.
      const found = new RegExp(`^\\s*(?:type\\s+)?(${IDENTIFIER})(?:\\s+as\\s+(${IDENTIFIER}))?\\s*$`).exec(item);
      if (found) names.add(found[2] ?? found[1]!);
    }
  }
  return [...names].sort();
}

/** The text of the template that prints `output` in a pack, the user's override when there is one. */
export function templateText(pack: EffectivePack, output: string): string {
  const entry = pack.manifest.templates.find((t) => t.output === output);
  if (!entry) return "";
  return readFileSync(templateFile(pack, entry.template).file, "utf8");
}

/** The names every template of a pack takes for itself (PackTools.templateNames). */
export function packTemplateNames(pack: EffectivePack): string[] {
  return [...new Set(pack.manifest.templates.flatMap((entry) => namesInTemplate(templateText(pack, entry.output))))].sort();
}

/** The names the files of a built-in part print take for themselves, with the run's template overrides. */
export function partModuleNames(part: string, outputs: readonly string[], overrides: string | undefined): string[] {
  const pack = withOverrides(builtInPart(part), overrides);
  return [...new Set(outputs.flatMap((output) => namesInTemplate(templateText(pack, output))))].sort();
}

/** What the core files and client.gen.ts take for themselves, as resolveNames takes it (generate, and tools that name as it does). */
export function moduleNamesOf(overrides: string | undefined): ModuleNames {
  return { core: coreModuleNames(overrides), client: clientModuleNames(overrides) };
}

/** What the core files (models, schemas, problems) take for themselves: component type names keep clear of it. */
export function coreModuleNames(overrides: string | undefined): string[] {
  return partModuleNames("core", ["models.gen.ts", "schemas.gen.ts", "problem.gen.ts"], overrides);
}

/** What client.gen.ts takes for itself: its template's names and every runtime name the view may import. */
export function clientModuleNames(overrides: string | undefined): string[] {
  return [...new Set([...partModuleNames("client", ["client.gen.ts"], overrides), ...CLIENT_RUNTIME_VALUES, ...CLIENT_RUNTIME_TYPES])].sort();
}

/** What the server part's contract and handler files take for themselves. */
export function serverModuleNames(overrides: string | undefined): ServerModuleNames {
  return { contract: partModuleNames("server", ["server/contract.gen.ts"], overrides), handlers: partModuleNames("server", ["server/handlers.gen.ts", "security.ts"], overrides) };
}
