import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { ConfigError } from "../config/load-config.js";
import type { ServerPackHooks } from "./pack-api.js";
import { insidePack, type PackFolder } from "./pack-folder.js";

/**
 * A pack's hooks module, loaded in this process with jiti (TypeScript without a TypeScript
 * package, as for apigen.config.ts; no cache, so watch mode sees an edited pack). It exports
 * `hooks`, of type ServerPackHooks; `apigen` resolves to this copy, so a type
 * import of it works before the project installs apigen. A pack without `hooks` has none.
 */
export async function loadPackHooks(pack: PackFolder): Promise<ServerPackHooks> {
  if (pack.manifest.hooks === undefined) return {};
  const file = insidePack(pack.dir, pack.manifest.hooks);
  let loaded: Record<string, unknown>;
  try {
    const jiti = createJiti(file, { fsCache: false, moduleCache: false, alias: { apigen: fileURLToPath(new URL("../index.js", import.meta.url)) } });
    loaded = (await jiti.import(file)) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`template pack ${pack.manifest.name}: cannot load ${path.relative(pack.dir, file)}: ${(e as Error).message.split("\n")[0]}`);
  }
  const hooks = loaded.hooks as ServerPackHooks | undefined;
  if (typeof hooks !== "object" || hooks === null) throw new ConfigError(`template pack ${pack.manifest.name}: ${pack.manifest.hooks} exports no \`hooks\` object`);
  for (const name of ["routePath", "extendView"] as const) {
    if (hooks[name] !== undefined && typeof hooks[name] !== "function") throw new ConfigError(`template pack ${pack.manifest.name}: hooks.${name} is not a function`);
  }
  return hooks;
}

/** Runs one hook; what it throws or returns wrongly is the pack's error, named as such (exit 2). */
export function runHook<T>(pack: PackFolder, hook: string, fn: () => T, isValid: (value: T) => boolean): T {
  let value: T;
  try {
    value = fn();
  } catch (e) {
    throw new ConfigError(`template pack ${pack.manifest.name}: hooks.${hook} failed: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!isValid(value)) throw new ConfigError(`template pack ${pack.manifest.name}: hooks.${hook} returned ${typeof value}, not what the pack API says`);
  return value;
}
