#!/usr/bin/env node
// npm run bench:typecheck: what the generated code costs the type checker, the cost every `tsc`
// in CI and every editor pays after generation. GitHub's REST spec is generated three ways (core;
// --client; --client --server fastify; --format none, formatting does not change the checker's
// work) and each output is checked with `tsc --noEmit --extendedDiagnostics` under TypeScript 5.9
// and TypeScript 7 (the native `tsc`, as the devDependency alias tsc7): wall time, peak memory
// (max RSS of the process tree, from /proc), types, instantiations and check time. Medians of
// BENCH_RUNS runs (default 3); the load average is printed because a busy machine doubles times.
// Not a test: it prints numbers for the issue notes and the README.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const spec = path.join(repo, "node_modules/@octokit/openapi/generated/api.github.com.json");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const compilers = [
  { name: "tsc 5.9", bin: path.join(repo, "node_modules/typescript/bin/tsc") },
  { name: "tsc 7", bin: path.join(repo, "node_modules/tsc7/bin/tsc") },
];
const outputs = [
  { name: "core", args: [] },
  { name: "--client", args: ["--client"] },
  { name: "--client --server fastify", args: ["--client", "--server", "fastify"] },
];

function treeRss(rootPid) {
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between samples
    }
  }
  return total;
}

/** One `tsc -p` run: wall ms, peak bytes and the figures --extendedDiagnostics prints. */
function check(bin, project) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [bin, "-p", project, "--extendedDiagnostics"], { stdio: ["ignore", "pipe", "pipe"] });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 10);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      const figure = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(out)?.[1] ?? NaN);
      if (code !== 0) return reject(new Error(`${bin} -p ${project} failed:\n${out.slice(0, 2000)}`));
      resolve({ ms: performance.now() - start, peak, types: figure("Types"), instantiations: figure("Instantiations"), checkS: figure("Check time") });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const output of outputs) {
  const dir = path.join(repo, ".tmp", "bench-typecheck", output.name.replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "") || "core");
  rmSync(dir, { recursive: true, force: true });
  const generated = spawnSync(process.execPath, [path.join(repo, "bin/apigen.js"), "generate", spec, "--out", dir, "--format", "none", "--no-lint", ...output.args], { encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`apigen failed:\n${generated.stderr}`);
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"] }));
  for (const compiler of compilers) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await check(compiler.bin, path.join(dir, "tsconfig.json")));
    const row = {
      output: output.name,
      compiler: compiler.name,
      wallS: median(results.map((r) => r.ms)) / 1000,
      peakMB: median(results.map((r) => r.peak)) / 2 ** 20,
      checkS: median(results.map((r) => r.checkS)),
      types: results[0].types,
      instantiations: results[0].instantiations,
    };
    rows.push(row);
    console.log(`${row.output}, ${row.compiler}: ${row.wallS.toFixed(1)} s wall, ${row.peakMB.toFixed(0)} MB peak, check ${row.checkS.toFixed(1)} s, ${row.types} types, ${row.instantiations} instantiations`);
  }
}

console.log(`\noutput (GitHub)             compiler  wall s  peak MB  check s    types  instantiations`);
for (const r of rows) {
  console.log(`${r.output.padEnd(27)} ${r.compiler.padEnd(8)} ${r.wallS.toFixed(1).padStart(7)} ${r.peakMB.toFixed(0).padStart(8)} ${r.checkS.toFixed(1).padStart(8)} ${String(r.types).padStart(8)} ${String(r.instantiations).padStart(15)}`);
}
console.log(`medians of ${runs} runs; load average ${loadavg()[0].toFixed(1)} at the end`);
writeFileSync(path.join(repo, ".tmp", "bench-typecheck", "results.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, rows }, null, 2)}\n`);
