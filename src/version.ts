import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** apigen's own version (package.json), recorded in manifests and printed by --version. */
export const APIGEN_VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

let fingerprint: string | undefined;

/**
 * A hash of the code that decides the output: apigen's compiled JavaScript and its template
 * packs. It goes into the options hash of the manifest, so that the no-change fast path runs the
 * pipeline again after apigen itself changed: a git checkout or a linked build keeps the version
 * number while its templates move on, and "up to date" then kept stale output. About 1 MB read
 * once per process (a few milliseconds).
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash("sha256");
  for (const root of ["../dist/", "../templates/"]) {
    const dir = fileURLToPath(new URL(root, import.meta.url));
    const files = listFiles(dir)
      .filter((entry) => entry.isFile() && (root === "../templates/" || entry.name.endsWith(".js")))
      .map((entry) => `${entry.parentPath}/${entry.name}`.slice(dir.length))
      .sort();
    for (const file of files) hash.update(`${root}${file}\0`).update(readFileSync(dir + file)).update("\0");
  }
  fingerprint = hash.digest("hex").slice(0, 16);
  return fingerprint;
}

/** Every entry under `dir`; none when it does not exist (apigen's sources run without a build in its own tests). */
function listFiles(dir: string) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
}
