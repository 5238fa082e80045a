import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config/load-config.js";
import type { PackManifest, PackPart } from "./pack-api.js";

const PARTS: readonly PackPart[] = ["core", "server", "client"];

/** A pack's folder and its manifest, as read (and checked) from disk. */
export interface PackFolder {
  dir: string;
  manifest: PackManifest;
}

/** A pack's manifest; one that is not a pack manifest is a usage error (exit 2), not a crash. */
export function readPackFolder(dir: string): PackFolder {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) throw new ConfigError(`template pack ${dir}: no manifest.json in it`);
  let manifest: PackManifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as PackManifest;
  } catch (e) {
    throw new ConfigError(`template pack ${file}: ${(e as Error).message}`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new ConfigError(`template pack ${file}: ${problem}`);
  return { dir, manifest };
}

function manifestProblem(m: PackManifest): string | undefined {
  if (typeof m !== "object" || m === null) return "it is not a JSON object";
  if (typeof m.name !== "string" || !Array.isArray(m.templates) || !Array.isArray(m.runtime)) return "it needs name, templates and runtime";
  if (m.kind !== undefined && m.kind !== "server" && m.kind !== "client" && m.kind !== "part") return `kind is "server", "client" or "part", not ${JSON.stringify(m.kind)}`;
  const unknown = (m.needs ?? []).filter((need) => !PARTS.includes(need));
  if (!Array.isArray(m.needs ?? []) || unknown.length > 0) return `needs lists parts among ${PARTS.join(", ")}; not ${JSON.stringify(unknown)}`;
  if (m.hooks !== undefined && typeof m.hooks !== "string") return "hooks is the path of a module in the pack";
  if (m.boot !== undefined && typeof m.boot !== "string") return "boot is the path of a module in the pack";
  for (const t of m.templates) {
    if (typeof t?.template !== "string" || typeof t.output !== "string") return "every template needs template and output";
    if (t.render !== "once" && t.render !== "perTag") return `${t.template}: render is "once" or "perTag"`;
    if (t.kind !== "generated" && t.kind !== "scaffold") return `${t.template}: kind is "generated" or "scaffold"`;
    if (t.preformatted !== undefined && typeof t.preformatted !== "boolean") return `${t.template}: preformatted is true or false`;
  }
  return undefined;
}

/** A file a pack names, refused when the name leads out of the pack's folder. */
export function insidePack(dir: string, relative: string): string {
  const full = path.resolve(dir, relative);
  if (full !== path.resolve(dir) && !full.startsWith(path.resolve(dir) + path.sep)) throw new ConfigError(`template pack ${dir}: ${relative} is outside the pack`);
  return full;
}

/**
 * Every file of a pack's folder (hashed as inputs of a run and watched), but those under
 * node_modules or a folder whose name starts with a dot (a test's output, .git).
 */
export function packFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, path.dirname(file)).split(path.sep).some((folder) => folder === "node_modules" || folder.startsWith(".")))
    .sort();
}
