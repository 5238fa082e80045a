// Checked views of the files apigen marks `// @ts-nocheck`: models.gen.ts, problem.gen.ts,
// contract.gen.ts, client.gen.ts, client-schemas.gen.ts, the app.gen.ts of Express and Fastify and
// every runtime file. Users' tsc reads only their declarations, which state every type, as it
// reads a library's under skipLibCheck; apigen's own type checks (test/helpers/typecheck.ts,
// scripts/corpus.mjs, the tsconfig matrix) compile each one checked too, as `<name>.checked.ts`
// beside it, so a wrong literal or a dangling type in them still fails a test.
// schemas.gen.ts is not among them: its proof view (scripts/type-equality.mjs) does more.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const NOCHECK = /^\/\/ @ts-nocheck\b.*$/m;
const VIEW = ".checked.ts";
/** How src/emit/render.ts marks the runtime files it copies (test/emit/checked-views.test.ts holds the two together). */
export const RUNTIME_MARKER = "// @ts-nocheck: apigen's runtime";

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(full);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) yield full;
  }
}

/** Whether a file is marked @ts-nocheck in its opening lines, schemas.gen.ts aside. */
function needsView(file, text) {
  if (path.basename(file) === "schemas.gen.ts" || file.endsWith(VIEW)) return false;
  return NOCHECK.test(text.split("\n", 4).join("\n"));
}

/**
 * Writes the checked view of every such file under `dir` (old views are removed first, so a
 * file apigen no longer writes leaves none behind). Returns their paths relative to `dir`, for
 * a tsconfig `include` that names files one by one. `runtime: false` leaves out the runtime's
 * files, the same in every output: the tsconfig matrix compiles them checked under each of its
 * variants, and the runtime's own tests under the strictest.
 */
export function writeCheckedViews(dir, { runtime = true } = {}) {
  const files = [...typescriptFiles(dir)];
  for (const file of files) if (file.endsWith(VIEW)) rmSync(file);
  const written = [];
  for (const file of files) {
    if (file.endsWith(VIEW)) continue;
    const text = readFileSync(file, "utf8");
    if (!needsView(file, text) || (!runtime && text.startsWith(RUNTIME_MARKER))) continue;
    const view = file.slice(0, -".ts".length) + VIEW;
    writeFileSync(view, text.replace(NOCHECK, "// checked view of a @ts-nocheck file (scripts/checked-views.mjs)"));
    written.push(path.relative(dir, view).split(path.sep).join("/"));
  }
  return written.sort();
}
