#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=1 npm run bench:server): the functions with
// the most self time, and the inclusive time of the generated code's runtime functions
// (runtime/...), in percent of the profile's non-idle samples.
//   node scripts/bench-server/profile-summary.mjs .tmp/bench-server/profiles/fastify-gen-fastify.cpuprofile [top]
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.mjs <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const shortUrl = (url) => url.replace(/^file:\/\//, "").replace(/.*\/node_modules\//, "~/").replace(/.*\.tmp\/bench-server\/[^/]+\/dist\//, "");
const keyOf = (node) => `${node.callFrame.functionName || "(anonymous)"} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
const idle = new Set(["(idle)", "(program)", "(garbage collector)"]);
let busy = 0;
const self = new Map();
const inclusive = new Map();
for (const [id, count] of selfSamples) {
  const node = byId.get(id);
  const name = node.callFrame.functionName;
  if (name === "(idle)") continue;
  busy += count;
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + count);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  }
}
const pct = (n) => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${busy} busy samples`);
console.log("self time:");
for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(n)}  ${key}`);
console.log("inclusive time, runtime and entry code:");
for (const [key, n] of [...inclusive].filter(([key]) => / (runtime\/|gen-|hand-|bench-|handlers\/|server\/)/.test(key) && !idle.has(key)).sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${pct(n)}  ${key}`);
