import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config/load-config.js";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { readPackFolder, type PackFolder } from "./pack-folder.js";
import { isPackPath } from "./pack-path.js";

/** The kinds of pack a user chooses: `--server` and `--client-pack`. */
export type ChosenKind = "server" | "client";

const FLAG: Record<ChosenKind, string> = { server: "--server", client: "--client-pack" };

/**
 * The built-in packs of a kind, found by folder: every folder of templates/ whose manifest says
 * `"kind": "server"` (or `"client"`). The one list of them (CLI help and config checks read it).
 */
export function builtInPacks(kind: ChosenKind): PackFolder[] {
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(TEMPLATES_DIR, entry.name, "manifest.json")))
    .map((entry) => readPackFolder(path.join(TEMPLATES_DIR, entry.name)))
    .filter((pack) => pack.manifest.kind === kind)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** A part of apigen's own output (core, server, client, client-package). */
export function builtInPart(name: string): PackFolder {
  return readPackFolder(path.join(TEMPLATES_DIR, name));
}

/**
 * The pack a `--server` (or `--client-pack`) value names: a built-in pack's name, or the path of
 * a pack's folder (`./packs/mine`; relative to the working directory, or to the config file in a
 * config). A built-in name wins over a folder of that name; write it as `./name` for the folder.
 */
export function findPack(kind: ChosenKind, value: string, baseDir = process.cwd()): PackFolder {
  const builtIn = builtInPacks(kind);
  if (!isPackPath(value)) {
    const found = builtIn.find((pack) => pack.manifest.name === value);
    if (found) return found;
    const known = builtIn.length > 0 ? `the built-in ones are ${builtIn.map((p) => p.manifest.name).join(", ")}` : "there is no built-in one yet";
    throw new ConfigError(`unknown ${kind} pack "${value}": ${known}; or give the path of a pack's folder (./my-pack)`);
  }
  const dir = path.resolve(baseDir, value);
  if (!existsSync(dir)) throw new ConfigError(`${kind} pack ${dir}: no such folder`);
  const pack = readPackFolder(dir);
  if (pack.manifest.kind !== kind) throw new ConfigError(`${path.join(dir, "manifest.json")}: a ${kind} pack's manifest says "kind": "${kind}" (${FLAG[kind]} takes it)`);
  return pack;
}

/** The server pack a `--server` value names (see findPack). */
export function findServerPack(value: string, baseDir = process.cwd()): PackFolder {
  return findPack("server", value, baseDir);
}
