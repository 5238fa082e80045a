// The data set of the kill test, shared by the test (vitest) and its child process (plain node):
// an old output and a new one that changes, adds and removes files. Deterministic, so both sides
// build the same bytes without passing 10 MB through a pipe.

export const META = { apigen: "0.1.0", optionsHash: "o".repeat(64), inputsHash: "i".repeat(64), inputs: ["openapi.yaml"] };
const FILE_BYTES = 50 * 1024;

function contents(tag, path) {
  const line = `export const value = ${JSON.stringify(`${tag}:${path}`)};\n`;
  return line.repeat(Math.ceil(FILE_BYTES / line.length));
}

const shared = (i) => `group-${i % 10}/file-${String(i).padStart(3, "0")}.gen.ts`;

/** 200 shared paths + 20 that the new output drops, plus a scaffold. */
export function oldSet() {
  const files = [];
  for (let i = 0; i < 200; i++) files.push({ path: shared(i), contents: contents("old", shared(i)), kind: "generated" });
  for (let i = 0; i < 20; i++) files.push({ path: `old-only/o-${i}.gen.ts`, contents: contents("old", `o-${i}`), kind: "generated" });
  files.push({ path: "custom.ts", contents: "// yours\n", kind: "scaffold" });
  return files;
}

/** The same 200 paths (180 changed, 20 unchanged) + 20 new ones; the scaffold would change but must not be rewritten. */
export function newSet() {
  const files = [];
  for (let i = 0; i < 200; i++) files.push({ path: shared(i), contents: contents(i < 20 ? "old" : "new", shared(i)), kind: "generated" });
  for (let i = 0; i < 20; i++) files.push({ path: `new-only/deep/n-${i}.gen.ts`, contents: contents("new", `n-${i}`), kind: "generated" });
  files.push({ path: "custom.ts", contents: "// template changed\n", kind: "scaffold" });
  return files;
}
