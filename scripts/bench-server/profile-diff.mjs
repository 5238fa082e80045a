#!/usr/bin/env node
// Compares two V8 CPU profiles per request: self time (µs per request) by function and by area
// (framework, zod, the app's runtime, node internals, writev), a minus b, biggest gaps first.
// nA and nB are the requests each profile covers (warm-up included), e.g. from bench:server's
// BENCH_CPU_PROF=1 profiles, or from two in-process runs.
//   node scripts/bench-server/profile-diff.mjs a.cpuprofile nA b.cpuprofile nB [top]
import { readFileSync } from "node:fs";
const [fa, na, fb, nb, topArg] = process.argv.slice(2);
function load(file, n) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const out = new Map();
  const cat = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]);
    const f = node.callFrame;
    if (f.functionName === "(idle)") continue;
    const url = f.url.replace(/^file:\/\//, "").replace(/.*\/node_modules\//, "~/").replace(/.*\/dist\//, "");
    const key = `${f.functionName || "(anon)"} ${url}:${f.lineNumber + 1}`;
    const us = p.timeDeltas[i + 1] ?? 0;
    out.set(key, (out.get(key) ?? 0) + us / n);
    const c = f.functionName === "writev" ? "writev" : url.startsWith("~/fastify") || url.startsWith("~/find-my-way") || url.startsWith("~/light") || url.startsWith("~/@fastify") ? "fastify" : url.startsWith("~/zod") ? "zod" : url.startsWith("~/secure-json") ? "sjp" : url.startsWith("node:") ? "node" : url === "" ? "native:" + (f.functionName.startsWith("(") ? f.functionName : "other") : "app";
    cat.set(c, (cat.get(c) ?? 0) + us / n);
  }
  return { out, cat };
}
const A = load(fa, Number(na)), B = load(fb, Number(nb));
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(`total µs/req: a ${sum(A.out).toFixed(2)} b ${sum(B.out).toFixed(2)}`);
for (const k of new Set([...A.cat.keys(), ...B.cat.keys()])) console.log(`  ${k.padEnd(20)} a ${(A.cat.get(k) ?? 0).toFixed(2)} b ${(B.cat.get(k) ?? 0).toFixed(2)}`);
const keys = [...new Set([...A.out.keys(), ...B.out.keys()])].map((k) => [k, (A.out.get(k) ?? 0) - (B.out.get(k) ?? 0), A.out.get(k) ?? 0, B.out.get(k) ?? 0]).sort((x, y) => y[1] - x[1]);
const top = Number(topArg ?? 40);
for (const [k, d, a, b] of keys.slice(0, top)) console.log(`${d.toFixed(2).padStart(6)} ${a.toFixed(2).padStart(6)} ${b.toFixed(2).padStart(6)}  ${k}`);
console.log("...");
for (const [k, d, a, b] of keys.slice(-10)) console.log(`${d.toFixed(2).padStart(6)} ${a.toFixed(2).padStart(6)} ${b.toFixed(2).padStart(6)}  ${k}`);
