import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError } from "../config/load-config.js";
import { TEMPLATES_DIR } from "../templates-dir.js";
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
    const compiled = compiledBuiltIn(file);
    if (compiled) loaded = (await import(pathToFileURL(compiled).href)) as Record<string, unknown>;
    else {
      const { createJiti } = await import("jiti");
      const jiti = createJiti(file, { fsCache: false, moduleCache: false, alias: { apigen: fileURLToPath(new URL("../index.js", import.meta.url)) } });
      loaded = (await jiti.import(file)) as Record<string, unknown>;
    }
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

/** Where `npm run build` compiled the built-in packs' hooks (tsconfig.hooks.json). */
const COMPILED_HOOKS = fileURLToPath(new URL("../pack-hooks/", import.meta.url));

/**
 * The compiled copy of a built-in pack's hooks module, imported natively: transpiling the three
 * built-in ones with jiti took ~0.4 s of every run. Only for files of apigen's own templates/ (a
 * user's pack, or a template override, is loaded from its source); undefined when it is not built.
 */
function compiledBuiltIn(file: string): string | undefined {
  const relative = path.relative(TEMPLATES_DIR, file);
  if (relative.startsWith("..") || path.isAbsolute(relative) || !relative.endsWith(".ts")) return undefined;
  const compiled = path.join(COMPILED_HOOKS, relative.replace(/\.ts$/, ".js"));
  return existsSync(compiled) ? compiled : undefined;
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
