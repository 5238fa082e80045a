import { createHash } from "node:crypto";
import path from "node:path";

export const MANIFEST_FILE = ".apigen-manifest.json";

/** Refuses any path that would land outside the output folder (a hostile pack or name). */
export function safeJoin(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  const root = path.resolve(outDir);
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes("..") || !target.startsWith(root + path.sep)) {
    throw new Error(`refusing to write ${JSON.stringify(relative)}: it is outside the output folder`);
  }
  return target;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
