/**
 * Copies the server runtime into the layout users get (`<out>/runtime/problem-details.ts`,
 * `<out>/runtime/server/*.ts`) under .tmp, inside the repo so zod resolves. Imported first by
 * every test file; vitest evaluates imports in order, so the copy exists before it is imported.
 * Files are written to a temporary name and renamed, so parallel workers never read half a file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyCoreRuntime } from "../../helpers/core-runtime.js";
import { REPO } from "../../helpers/paths.js";

export const OUT = path.join(REPO, ".tmp", "runtime-server-test");
const runtimeDir = path.join(OUT, "runtime");
const serverDir = path.join(runtimeDir, "server");

function place(from: string, to: string): void {
  const text = readFileSync(from, "utf8");
  if (existsSync(to) && readFileSync(to, "utf8") === text) return;
  const temp = `${to}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, to);
}

mkdirSync(serverDir, { recursive: true });
copyCoreRuntime(runtimeDir, place);
const source = path.join(REPO, "templates/server/runtime");
for (const file of readdirSync(source)) if (file.endsWith(".ts")) place(path.join(source, file), path.join(serverDir, file));
