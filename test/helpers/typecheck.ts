import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeCheckedViews } from "../../scripts/checked-views.mjs";
import { TSC7 } from "./paths.js";

/**
 * Type-checks a folder of generated code for real: `tsc --strict` with noUncheckedIndexedAccess,
 * using the native TypeScript 7 compiler. Returns tsc's diagnostics ("" when clean). The files
 * apigen marks @ts-nocheck are compiled checked as well (scripts/checked-views.mjs), the runtime's
 * aside unless `runtimeViews` (the tsconfig matrix checks the core, client and server runtimes in
 * every output it compiles; a pack's own runtime asks for it).
 */
export function typecheck(dir: string, include: string[] = ["**/*.ts"], extra: Record<string, unknown> = {}, { runtimeViews = false } = {}): string {
  mkdirSync(dir, { recursive: true });
  const views = writeCheckedViews(dir, { runtime: runtimeViews });
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      ...extra,
    },
    include: [...include, ...views],
  };
  const configPath = path.join(dir, "tsconfig.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const result = spawnSync(process.execPath, [TSC7, "-p", configPath, "--pretty", "false"], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.trim();
}
