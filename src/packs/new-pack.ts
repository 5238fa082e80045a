import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config/load-config.js";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { packFiles } from "./pack-folder.js";

/** The starter every new pack is a copy of: a working server pack on Node's http module. */
const STARTER = path.join(TEMPLATES_DIR, "pack-starter", "pack");
const PLACEHOLDER = /__PACK__/g;

/**
 * `apigen pack new <name>`: writes a new server pack to `<dir>/<name>/`, the starter with its
 * name filled in (manifest, output folders, README). The name becomes folder names in every
 * output, hence lower-case letters, digits and dashes. Nothing is overwritten: an existing
 * folder is refused. Returns the folder written.
 */
export function newPack(name: string, dir: string): { folder: string; files: string[] } {
  if (!/^[a-z][a-z0-9-]{0,49}$/.test(name)) throw new ConfigError(`a pack's name is lower-case letters, digits and dashes, starting with a letter (not ${JSON.stringify(name)})`);
  const folder = path.resolve(dir, name);
  if (existsSync(folder)) throw new ConfigError(`${folder} exists already; apigen pack new writes a new folder only`);
  const files: string[] = [];
  for (const source of packFiles(STARTER)) {
    const relative = path.relative(STARTER, source);
    const target = path.join(folder, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(source, "utf8").replace(PLACEHOLDER, name));
    files.push(relative.split(path.sep).join("/"));
  }
  return { folder, files };
}
