/**
 * Generates what the conformance check runs against: the example Orders API (shipped with
 * apigen) with a pack's server, the example's handlers in place of the scaffolds, and
 * `conformance.config.ts`, the app config to boot it with (the pack's own boot or main does).
 */
import { execFileSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { CONFORMANCE_ORIGIN } from "./conformance-cases.js";

const PACKAGE_DIR = path.dirname(TEMPLATES_DIR);
const EXAMPLE = path.join(PACKAGE_DIR, "examples", "orders-api");

export interface PrepareOptions {
  /** The pack: a built-in one's name, or its folder. */
  pack: string;
  /** Where to generate; emptied first. Inside your project, so the output's imports (zod, your framework) resolve. */
  out: string;
}

/** The app config every conformance server boots with (written to `conformance.config.ts` as `config`). */
export const CONFORMANCE_OPTIONS = { cors: { origins: [CONFORMANCE_ORIGIN], maxAge: 600 }, bodyLimit: 4096, validateResponses: true };

export function prepareConformance({ pack, out }: PrepareOptions): void {
  rmSync(out, { recursive: true, force: true });
  const bin = path.join(PACKAGE_DIR, "bin", "apigen.js");
  const spec = path.join(EXAMPLE, "openapi.yaml");
  try {
    execFileSync(process.execPath, [bin, "generate", spec, "--out", out, "--server", pack, "--format", "none", "--no-lint"], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`apigen could not generate the conformance API with the pack ${pack}:\n${stderr ?? String(error)}`);
  }
  cpSync(path.join(EXAMPLE, "server-impl"), out, { recursive: true });
  const config = [
    "// The app config of apigen's conformance check (apigen/testing): the example's handlers and verifiers.",
    'import { createLifecycle } from "./runtime/server/index.js";',
    'import { verifiers } from "./security.js";',
    'import { handlers } from "./server/handlers.gen.js";',
    "",
    `export const config = { handlers, verifiers, options: ${JSON.stringify(CONFORMANCE_OPTIONS)}, lifecycle: createLifecycle() };`,
    "",
  ].join("\n");
  writeFileSync(path.join(out, "conformance.config.ts"), config);
}
