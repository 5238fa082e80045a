// The worst-case section of `npm run bench:server` (alone: BENCH_ONLY=worst-case): how long the
// generated server's validation takes for adversarial 1 MiB JSON bodies, the largest body the
// servers accept by default. Each body goes through what the pipeline does after reading it:
// JSON.parse (timed apart: V8's cost, the same in a hand-written server), then validateInputs with
// the operation's contract (zod schemas, the runtime's issue collection). The issue's goal: the
// validation under 50 ms each. No sockets, no autocannon: one process,
// the generated output compiled with tsc 5.9 (scripts/bench-server/worst-case-spec.yaml).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const MiB = 1 << 20;
const GOAL_MS = 50;

/** Repeats `unit(i)` (joined by ",") until the JSON text is about `size` bytes. */
function fill(size, open, unit, close) {
  const parts = [];
  let length = open.length + close.length;
  for (let i = 0; length < size; i++) {
    const piece = unit(i);
    parts.push(piece);
    length += piece.length + 1;
  }
  return `${open}${parts.join(",")}${close}`;
}

/** Adversarial bodies, each about 1 MiB; `expect` is the status the validation should give (204 = valid). */
function bodies() {
  const long = (text) => text.repeat(Math.ceil(MiB / text.length)).slice(0, MiB - 64);
  // zod's recursive parse overflows the stack at about 1000 levels (validate.ts answers that 400).
  let tree = "{}";
  for (let i = 0; i < 500; i++) tree = `{"children":[${tree}]}`;
  const levels = Math.floor((MiB - 2) / 15);
  const deep = `${'{"children":['.repeat(levels)}{}${"]}".repeat(levels)}`;
  return [
    { name: "uniqueItems: 1 MiB of distinct integers", op: "uniqueNumbers", text: fill(MiB, "[", (i) => String(1e9 + i), "]"), expect: 204 },
    { name: "uniqueItems: integers, the duplicate last", op: "uniqueNumbers", text: fill(MiB, "[", (i) => String(1e9 + i), ",1000000000]"), expect: 400 },
    { name: "uniqueItems: 1 MiB of distinct strings", op: "uniqueStrings", text: fill(MiB, "[", (i) => `"s${i}"`, "]"), expect: 204 },
    { name: "uniqueItems: 1 MiB of distinct objects", op: "uniqueObjects", text: fill(MiB, "[", (i) => `{"b":${i},"a":[${i}]}`, "]"), expect: 204 },
    { name: 'pattern ^([a-z0-9]+-?)*[a-z0-9]$ (exponential natively), 1 MiB failing at the end', op: "patterns", text: JSON.stringify({ nested: `${long("ab-").slice(0, -1)}--` }), expect: 400 },
    { name: "pattern [a-z]+@ (unanchored: quadratic natively), 1 MiB", op: "patterns", text: JSON.stringify({ unanchored: long("a") }), expect: 400 },
    { name: "pattern ^[a-z0-9-]+$ (stays native), 1 MiB", op: "patterns", text: JSON.stringify({ plain: long("a") }), expect: 204 },
    { name: "format email, 1 MiB", op: "patterns", text: JSON.stringify({ email: `${long("a")}@` }), expect: 400 },
    { name: `recursive schema nested 500 deep (${Math.round(tree.length / 1024)} KiB)`, op: "tree", text: tree, expect: 204 },
    { name: `recursive schema nested ${levels} deep (1 MiB)`, op: "tree", text: deep, expect: 400 },
    { name: "discriminated union of 8: 1 MiB of items of the last variant", op: "events", text: fill(MiB, "[", (i) => `{"kind":"E7","at":${i},"e7":"x"}`, "]"), expect: 204 },
    { name: "discriminated union of 8: 1 MiB of unknown tags", op: "events", text: fill(MiB, "[", (i) => `{"kind":"E9","at":${i}}`, "]"), expect: 400 },
    { name: "union of 8 without discriminator: 1 MiB matching the last", op: "shapes", text: fill(MiB, "[", (i) => `{"s7":${i}}`, "]"), expect: 204 },
    { name: "union of 8 without discriminator: 1 MiB matching none", op: "shapes", text: fill(MiB, "[", (i) => `{"s9":${i}}`, "]"), expect: 400 },
    { name: "constraints: 1 MiB of items under their minimum", op: "bounded", text: fill(MiB, "[", (i) => `{"q":-${i + 1}}`, "]"), expect: 400 },
    { name: "constraints: 1 MiB of items, the last over its maxLength", op: "bounded", text: fill(MiB, "[", (i) => `{"q":${i}}`, ',{"q":0,"s":"xyz"}]'), expect: 400 },
    { name: "strict object with 1 MiB of unknown keys", op: "strict", text: fill(MiB, "{", (i) => `"k${i}":0`, "}"), expect: 400 },
  ];
}

function prepare(repo, dir) {
  rmSync(dir, { recursive: true, force: true });
  const spec = path.join(repo, "scripts", "bench-server", "worst-case-spec.yaml");
  const generated = spawnSync(process.execPath, ["bin/apigen.js", "generate", spec, "--out", dir, "--server", "express", "--no-lint"], { cwd: repo, encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`apigen failed:\n${generated.stderr}`);
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: ["node"], outDir: "dist", rootDir: "." };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"], exclude: ["dist", "main.ts"] }));
  const compiled = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: repo, encoding: "utf8" });
  if (compiled.status !== 0) throw new Error(`tsc failed:\n${compiled.stdout}${compiled.stderr}`);
}

export async function worstCase(repo) {
  const dir = path.join(repo, ".tmp", "bench-server", "worst-case");
  mkdirSync(dir, { recursive: true });
  console.log("worst-case bodies: generating and compiling (tsc 5.9)...");
  prepare(repo, dir);
  const dist = (file) => pathToFileURL(path.join(dir, "dist", file)).href;
  const contracts = await import(dist("server/contract.gen.js"));
  const { validateInputs, validationPlan } = await import(dist("runtime/server/validate.js"));
  const raw = { method: "POST", url: "/", headers: { "content-type": "application/json" }, pathParams: {} };
  const results = [];
  for (const body of bodies()) {
    const contract = contracts[`${body.op}Contract`];
    const plan = validationPlan(contract);
    const schema = contract.body.schemas["application/json"];
    const size = Buffer.byteLength(body.text);
    const once = () => {
      const started = performance.now();
      const parsed = JSON.parse(body.text);
      const validating = performance.now();
      let status = 204;
      let errors = 0;
      try {
        validateInputs(contract, plan, raw, {}, undefined, parsed, schema, size);
      } catch (error) {
        status = error?.status ?? 500;
        errors = error?.problem?.errors?.length ?? error?.body?.errors?.length ?? 0;
        if (status === 500) throw error;
      }
      const done = performance.now();
      return { parseMs: validating - started, ms: done - validating, status, errors };
    };
    once(); // warm-up
    const runs = [once(), once(), once(), once(), once()];
    const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[2];
    const ms = median("ms");
    const parseMs = median("parseMs");
    const { status, errors } = runs[0];
    if (status !== body.expect) throw new Error(`${body.name}: validation gave ${status}, expected ${body.expect}`);
    results.push({ name: body.name, bytes: size, parseMs, ms, status, errors });
    console.log(`  ${body.name}: validation ${ms.toFixed(1)} ms, JSON.parse ${parseMs.toFixed(1)} ms (${(size / 1024).toFixed(0)} KiB, ${status}${errors ? `, ${errors} errors` : ""})${ms > GOAL_MS ? `  > ${GOAL_MS} ms` : ""}`);
  }
  const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
  // JSON.parse is V8's, the same in a hand-written server; the goal is on what apigen adds.
  console.log(`worst case: ${worst.name}, validation ${worst.ms.toFixed(1)} ms (goal: every 1 MiB body validated in under ${GOAL_MS} ms: ${results.every((r) => r.ms < GOAL_MS) ? "met" : "MISSED"}); median of 5 after a warm-up; load average ${loadavg()[0].toFixed(1)}`);
  writeFileSync(path.join(dir, "results.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, goalMs: GOAL_MS, results }, null, 2)}\n`);
  return results;
}
