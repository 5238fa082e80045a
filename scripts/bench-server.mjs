#!/usr/bin/env node
// npm run bench:server: requests per second of the generated servers (express, fastify, nest)
// against a hand-written minimal server on the same framework doing the same validation with zod
// by hand. Two cases per pack, on the bench spec (scripts/bench-server/bench-spec.yaml):
//   post: POST /items with a valid ~5-field JSON body (string lengths, integer ranges, an enum,
//         a nested object), answered 201 with the created item;
//   get:  GET /items?limit=10&status=active&q=wid (query validation), answered 200 with a list.
// Each server runs compiled (tsc 5.9) in its own node process with NODE_ENV=production and
// `validateResponses: false`; autocannon drives it over loopback from this process. Before
// measuring, every server must answer the bench requests (and two invalid ones) as expected, and
// the generated and hand-written servers must give the same bodies; otherwise the bench fails.
// Not a test: it prints a table and writes .tmp/bench-server/results.json. To chase a gap, see
// scripts/bench-server/fastify-inprocess.mjs (a whole request without sockets, steady to 0.05 µs)
// and scripts/bench-server/profile-diff.mjs (two CPU profiles compared per request). What observing
// requests costs (access lines, telemetry through @opentelemetry/api with no SDK) is measured there
// too, in process: `fastify-inprocess.mjs get 15 20000 telemetry|access-log|observed`.
//
// Measuring: BENCH_ROUNDS rounds per pack, each with both servers freshly started; per case, both
// are warmed up, then run one after the other (alternating which goes first). A round's ratio
// compares two runs seconds apart, so a slow spell of the machine hits both sides; the reported
// ratio is the median of the rounds' ratios, and req/s are the medians of each side's runs. On a
// two-core machine, single runs vary by about +-0.1 in ratio; the median of three by much less.
//
// CPUs: where `taskset` exists and there are at least two CPUs, each server is pinned to the last
// CPU and this process (autocannon) to the others, so load generator and server never trade
// places mid-run; unpinned, the same server's req/s moved by 10-15% between runs here.
//
// Environment: BENCH_SECONDS (5) measured per run, BENCH_ROUNDS (3), BENCH_WARMUP (2) seconds of
// warm-up, BENCH_CONNECTIONS (50), BENCH_PACKS (express,fastify,nest), BENCH_PIN=0 turns pinning
// off, BENCH_CPU_PROF=1 writes V8 CPU profiles of every server to .tmp/bench-server/profiles/
// (open them in Chrome DevTools). After the table, the worst-case section (1 MiB adversarial
// bodies through the generated validation; BENCH_ONLY=worst-case runs it alone), then the Redis
// idempotency store's cost per keyed request against the memory store (needs redis-server;
// BENCH_ONLY=redis-idempotency runs it alone, BENCH_IDEMPOTENCY=0 leaves it out), and the streaming
// section (100k server-sent events, Fastify pack + generated client against a hand-written Fastify
// SSE endpoint + hand-written reader; BENCH_ONLY=streaming runs it alone; streaming.mjs).
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { redisIdempotency } from "./bench-server/redis-idempotency.mjs";
import { streaming } from "./bench-server/streaming.mjs";
import { worstCase } from "./bench-server/worst-case.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = path.join(repo, "scripts", "bench-server");
const work = path.join(repo, ".tmp", "bench-server");
const spec = path.join(sources, "bench-spec.yaml");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PACKS = (process.env.BENCH_PACKS ?? "express,fastify,nest").split(",").filter(Boolean);
const CPU_PROF = process.env.BENCH_CPU_PROF === "1";
// BENCH_ONLY=worst-case: only the worst-case bodies section (scripts/bench-server/worst-case.mjs).
if (process.env.BENCH_ONLY === "worst-case") {
  await worstCase(repo);
  process.exit(0);
}
if (process.env.BENCH_ONLY === "streaming") {
  await streaming(repo);
  process.exit(0);
}
if (process.env.BENCH_ONLY === "redis-idempotency") {
  await redisIdempotency(repo, { packs: PACKS, rounds: ROUNDS });
  process.exit(0);
}

const NEW_ITEM = { name: "Widget", sku: "WID-001", quantity: 5, status: "active", dimensions: { width: 10, height: 20 } };
const CASES = {
  post: { label: "POST /items (validated JSON body)", method: "POST", path: "/items", headers: { "content-type": "application/json" }, body: JSON.stringify(NEW_ITEM), status: 201 },
  get: { label: "GET /items?limit=10&status=active&q=wid (validated query)", method: "GET", path: "/items?limit=10&status=active&q=wid", headers: {}, body: undefined, status: 200 },
};
/** Invalid requests both servers must refuse with the same problem+json 400. */
const INVALID = [
  { method: "POST", path: "/items", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...NEW_ITEM, quantity: -1, status: "gone", extra: 1, dimensions: { width: 0 } }) },
  { method: "POST", path: "/items", headers: { "content-type": "application/json" }, body: '{"name": ' },
  { method: "GET", path: "/items?limit=0&status=gone&q=" + "x".repeat(101), headers: {}, body: undefined },
];

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

/** Generates the pack's server for the bench spec, puts in the bench handlers and both entries, compiles it all to dist/. */
async function prepare(pack) {
  const dir = path.join(work, pack);
  rmSync(dir, { recursive: true, force: true });
  await run(process.execPath, ["bin/apigen.js", "generate", spec, "--out", dir, "--server", pack]);
  copyFileSync(path.join(sources, "items-handlers.ts"), path.join(dir, "handlers", "items.ts"));
  const extra = pack === "fastify" ? ["hand-fastify-app.ts", "hand-fastify-jsonschema.ts"] : [];
  for (const file of ["bench-data.ts", "bench-listen.ts", "hand-common.ts", `gen-${pack}.ts`, `hand-${pack}.ts`, ...extra]) copyFileSync(path.join(sources, file), path.join(dir, file));
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    outDir: "dist",
    rootDir: ".",
    ...(pack === "nest" ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {}),
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"], exclude: ["dist", "main.ts"] }, null, 2));
  await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"]);
  return dir;
}

/** Starts one compiled entry in its own process; resolves once it listens. */
/** The CPU the servers run on and the CPUs this process keeps, or undefined when not pinning. */
function pinning() {
  const count = cpus().length;
  if (process.env.BENCH_PIN === "0" || count < 2) return undefined;
  const server = String(count - 1);
  const client = count === 2 ? "0" : `0-${count - 2}`;
  // -a: every thread of this process (autocannon runs here, libuv's pool too).
  const pinned = spawnSync("taskset", ["-a", "-p", "-c", client, String(process.pid)], { encoding: "utf8" });
  return pinned.status === 0 ? { server, client } : undefined;
}

function startServer(dir, entry) {
  const args = [];
  if (CPU_PROF) args.push("--cpu-prof", "--cpu-prof-dir", path.join(work, "profiles"), "--cpu-prof-name", `${path.basename(dir)}-${entry}.cpuprofile`);
  args.push(path.join(dir, "dist", `${entry}.js`));
  const [command, commandArgs] = PIN ? ["taskset", ["-c", PIN.server, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, commandArgs, { cwd: dir, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (!out.includes("\n")) return;
      child.stdout.off("data", onData);
      const { port } = JSON.parse(line);
      resolve({
        name: entry,
        pid: child.pid,
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${entry} in ${dir} exited ${code} before listening`)));
    child.once("error", reject);
  });
}

async function call(server, { method, path: target, headers, body }, extraHeaders = {}) {
  const res = await fetch(server.url + target, { method, headers: { ...headers, ...extraHeaders }, body });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", requestId: res.headers.get("x-request-id"), json, text };
}

const withoutVolatile = (json) => {
  if (json === null || typeof json !== "object") return json;
  const { request_id, ...rest } = json;
  if (rest.id !== undefined && typeof rest.id === "string" && rest.id.startsWith("item-")) rest.id = "item-N";
  return rest;
};

/** Fails loudly unless both servers answer every bench request (and the invalid ones) as expected, alike. */
async function verify(pack, generated, hand) {
  const fail = (message, detail) => {
    throw new Error(`bench:server ${pack}: ${message}${detail ? `\n${JSON.stringify(detail, null, 2)}` : ""}`);
  };
  for (const [name, request] of Object.entries(CASES)) {
    const answers = [];
    for (const server of [generated, hand]) {
      const answer = await call(server, request);
      if (answer.status !== request.status) fail(`${server.name} answered ${name} with ${answer.status}, expected ${request.status}`, answer.json ?? answer.text);
      if (!answer.type.startsWith("application/json")) fail(`${server.name} answered ${name} as ${answer.type}`);
      if (!answer.requestId) fail(`${server.name} answered ${name} without X-Request-Id`);
      const echoed = await call(server, request, { "x-request-id": "bench-check-1" });
      if (echoed.requestId !== "bench-check-1") fail(`${server.name} did not keep the caller's X-Request-Id on ${name}`, echoed.requestId);
      answers.push(withoutVolatile(answer.json));
    }
    if (name === "post" && !isDeepStrictEqual(answers[0], { id: "item-N", ...NEW_ITEM })) fail(`generated server's created item is not the body echoed`, answers[0]);
    if (name === "get" && !(Array.isArray(answers[0]?.data) && answers[0].data.length > 0)) fail("generated server's list is empty", answers[0]);
    if (!isDeepStrictEqual(answers[0], answers[1])) fail(`generated and hand-written servers answer ${name} differently`, answers);
  }
  for (const request of INVALID) {
    const answers = [];
    for (const server of [generated, hand]) {
      const answer = await call(server, request);
      if (answer.status !== 400 || !answer.type.startsWith("application/problem+json")) fail(`${server.name} answered invalid ${request.method} ${request.path.slice(0, 60)} with ${answer.status} ${answer.type}`, answer.json ?? answer.text);
      if (answer.json?.request_id !== answer.requestId) fail(`${server.name}'s problem does not carry the request id`, answer.json);
      answers.push(withoutVolatile(answer.json));
    }
    // The malformed-JSON detail is worded by each server; the validation problems must match exactly.
    if (answers[0].code === "VALIDATION_ERROR" && !isDeepStrictEqual(answers[0], answers[1])) fail(`generated and hand-written servers refuse ${request.method} ${request.path.slice(0, 60)} differently`, answers);
  }
}

const TICK_US = 1e6 / Number(process.env.BENCH_CLK_TCK ?? 100);
/** CPU time (user + system) a process has used so far, in µs (from /proc; undefined elsewhere). */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return undefined;
  }
}

async function load(server, request, seconds) {
  const cpuBefore = cpuOf(server.pid);
  const result = await autocannon({
    url: server.url + request.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result["2xx"] === 0)
    throw new Error(`bench:server ${server.name} ${request.method} ${request.path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result["2xx"]} 2xx`);
  const cpuAfter = cpuOf(server.pid);
  // Server CPU per request: unlike req/s, it barely moves when other work shares the machine.
  const cpuUsPerRequest = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / result["2xx"];
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, requests: result["2xx"], cpuUsPerRequest };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One side's runs summarised: median req/s, p99 and p50 latency, CPU per request. */
function summary(runs) {
  const cpu = runs.map((run) => run.cpuUsPerRequest).filter((value) => value !== undefined);
  return {
    rps: median(runs.map((run) => run.rps)),
    p99: median(runs.map((run) => run.p99)),
    p50: median(runs.map((run) => run.p50)),
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    cpuUsPerRequest: cpu.length === runs.length ? median(cpu) : undefined,
    runs: runs.map((run) => Math.round(run.rps)),
  };
}

/** One round of one case on running servers: warm-up, then one run each, `handFirst` deciding the order. */
async function round(generated, hand, request, handFirst) {
  const order = handFirst ? [hand, generated] : [generated, hand];
  for (const server of order) await load(server, request, WARMUP);
  const measured = {};
  for (const server of order) measured[server === generated ? "generated" : "hand"] = await load(server, request, SECONDS);
  return measured;
}

/** A case's rounds summarised: median ratio (and CPU ratio) over the rounds, medians per side. */
function summariseRounds(rounds) {
  const ratios = rounds.map((r) => r.generated.rps / r.hand.rps);
  const cpuRatios = rounds.filter((r) => r.generated.cpuUsPerRequest && r.hand.cpuUsPerRequest).map((r) => r.hand.cpuUsPerRequest / r.generated.cpuUsPerRequest);
  return {
    generated: summary(rounds.map((r) => r.generated)),
    hand: summary(rounds.map((r) => r.hand)),
    ratio: median(ratios),
    ratios,
    cpuRatio: cpuRatios.length === rounds.length ? median(cpuRatios) : undefined,
  };
}

async function measure(server, request) {
  await load(server, request, WARMUP);
  return load(server, request, SECONDS);
}

if (!existsSync(path.join(repo, "dist", "cli"))) throw new Error("bench:server needs the built CLI: run npm run build first");
mkdirSync(work, { recursive: true });
if (CPU_PROF) rmSync(path.join(work, "profiles"), { recursive: true, force: true });
const PIN = pinning();
console.log(
  `bench:server: ${PACKS.join(", ")}; ${CONNECTIONS} connections, ${WARMUP} s warm-up, ${ROUNDS} rounds of ${SECONDS} s per server, NODE_ENV=production, validateResponses: false; ${PIN ? `servers on CPU ${PIN.server}, autocannon on CPU ${PIN.client}` : "not pinned to CPUs"}`,
);
console.log("generating and compiling (tsc 5.9)...");
const dirs = Object.fromEntries(await Promise.all(PACKS.map(async (pack) => [pack, await prepare(pack)])));

const results = [];
for (const pack of PACKS) {
  // Every round starts both servers afresh: how well V8 optimises a process varies from one
  // process to the next (here by up to 15% for the same server), so each round is a new draw
  // and the median over rounds is not one process's luck.
  const rounds = Object.fromEntries(Object.keys(CASES).map((name) => [name, []]));
  for (let index = 0; index < ROUNDS; index++) {
    const generated = await startServer(dirs[pack], `gen-${pack}`);
    const hand = await startServer(dirs[pack], `hand-${pack}`);
    try {
      await verify(pack, generated, hand);
      let caseIndex = 0;
      for (const [name, request] of Object.entries(CASES)) {
        // Alternate which side starts (per case and per round), so neither always runs on the warmer machine.
        rounds[name].push(await round(generated, hand, request, (index + caseIndex++) % 2 === 1));
      }
    } finally {
      await generated.stop();
      await hand.stop();
    }
  }
  for (const [name, request] of Object.entries(CASES)) {
    const row = { pack, case: name, label: request.label, ...summariseRounds(rounds[name]) };
    results.push(row);
    const cpu = row.cpuRatio ? `; server CPU ${row.generated.cpuUsPerRequest.toFixed(0)} vs ${row.hand.cpuUsPerRequest.toFixed(0)} µs/request, ratio ${row.cpuRatio.toFixed(2)}` : "";
    console.log(`  ${pack} ${name}: generated ${row.generated.rps.toFixed(0)} req/s, hand-written ${row.hand.rps.toFixed(0)} req/s, ratio ${row.ratio.toFixed(2)} (rounds ${row.ratios.map((ratio) => ratio.toFixed(2)).join(", ")})${cpu} (load average ${loadavg()[0].toFixed(1)})`);
  }
  if (pack === "fastify") {
    // The road not taken: Fastify's native JSON Schema validation (ajv) instead of zod.
    const native = await startServer(dirs[pack], "hand-fastify-jsonschema");
    try {
      for (const [name, request] of Object.entries(CASES)) {
        const row = results.find((r) => r.pack === pack && r.case === name);
        row.jsonSchema = await measure(native, request);
        console.log(`  fastify ${name}, hand-written with Fastify's JSON Schema validation: ${row.jsonSchema.rps.toFixed(0)} req/s (generated with zod: ${(row.generated.rps / row.jsonSchema.rps).toFixed(2)} of it)`);
      }
    } finally {
      await native.stop();
    }
  }
}

const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);
console.log("");
const us = (value) => (value === undefined ? "n/a" : value.toFixed(0));
console.log(
  `${pad("pack", 8)} ${pad("case", 5)} ${lpad("gen req/s", 10)} ${lpad("hand req/s", 11)} ${lpad("ratio", 6)} ${lpad("p99 gen ms", 11)} ${lpad("p99 hand ms", 12)} ${lpad("CPU µs/req gen", 15)} ${lpad("hand", 5)} ${lpad("CPU ratio", 10)}`,
);
for (const row of results)
  console.log(
    `${pad(row.pack, 8)} ${pad(row.case, 5)} ${lpad(row.generated.rps.toFixed(0), 10)} ${lpad(row.hand.rps.toFixed(0), 11)} ${lpad(row.ratio.toFixed(2), 6)} ${lpad(row.generated.p99, 11)} ${lpad(row.hand.p99, 12)} ${lpad(us(row.generated.cpuUsPerRequest), 15)} ${lpad(us(row.hand.cpuUsPerRequest), 5)} ${lpad(row.cpuRatio?.toFixed(2) ?? "n/a", 10)}${row.ratio < 0.9 ? "  < 0.9" : ""}`,
  );
console.log(`ratio: median over ${ROUNDS} rounds of generated req/s over hand-written req/s (req/s: medians); CPU ratio: hand-written server CPU per request over generated.`);
const ordering = {};
for (const name of Object.keys(CASES)) {
  const rows = results.filter((row) => row.case === name).sort((a, b) => b.generated.rps - a.generated.rps);
  ordering[name] = rows.map((row) => row.pack);
  console.log(`generated servers, fastest first, ${name}: ${rows.map((row) => `${row.pack} ${row.generated.rps.toFixed(0)}`).join(" > ")}`);
}
const ratioMet = results.every((row) => row.ratio >= 0.9);
const fastifyFastest = PACKS.includes("fastify") && Object.values(ordering).every((packs) => packs[0] === "fastify");
console.log(`targets: generated/hand-written >= 0.9 on every pack and case: ${ratioMet ? "met" : "MISSED"}; Fastify's generated server the fastest: ${fastifyFastest ? "met" : "MISSED"}`);
const file = path.join(work, "results.json");
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg(), seconds: SECONDS, rounds: ROUNDS, warmup: WARMUP, pinned: PIN ?? null, connections: CONNECTIONS, results, ordering, targets: { ratioMet, fastifyFastest } }, null, 2)}\n`,
);
console.log("");
await worstCase(repo);
console.log("");
await streaming(repo);
if (process.env.BENCH_IDEMPOTENCY !== "0") {
  console.log("");
  await redisIdempotency(repo, { packs: PACKS, rounds: ROUNDS });
}
console.log(`results: ${path.relative(repo, file)}${CPU_PROF ? `; CPU profiles: ${path.relative(repo, path.join(work, "profiles"))}` : ""}`);
