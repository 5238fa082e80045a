import { readFileSync } from "node:fs";

/** apigen's own version (package.json), recorded in manifests and printed by --version. */
export const APIGEN_VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
