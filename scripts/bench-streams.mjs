#!/usr/bin/env node
// npm run bench:streams: what reading a stream through the generated client costs (issue 15).
// 1. Parsing alone, in this process: 100k server-sent events (a JSON data line and an id each) in
//    64 KB chunks, through the client runtime's serverSentEvents (data JSON-parsed) and through
//    eventsource-parser (the widely used parser; data JSON-parsed the same way). Events per second.
// 2. Over loopback HTTP: a node:http server in another process writes 100k such events as fast as
//    the connection takes them; read by the 3.2 fixture's generated client (compiled with tsc,
//    `for await` over a StreamOperation) and by a hand-written reader (fetch + eventsource-parser).
//    Events per second and the ratio generated / hand-written.
// Medians of BENCH_RUNS runs (default 5), interleaved. Not a test: numbers for the issue notes.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createParser } from "eventsource-parser";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(repo, ".tmp", "bench-streams");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
run(process.execPath, ["bin/apigen.js", "generate", "test/fixtures/specs/3.2/openapi-3-2.yaml", "--out", path.join(work, "src"), "--client", "--no-lint", "--format", "none"]);
writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, outDir: "dist", rootDir: "src", types: ["node"] }, include: ["src"] }));
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", path.join(work, "tsconfig.json")]);
const client = await import(pathToFileURL(path.join(work, "dist", "client.gen.js")).href);
const { serverSentEvents } = await import(pathToFileURL(path.join(work, "dist", "runtime", "client", "item-streams.js")).href);

const event = (n) => `id: ${n}\ndata: {"kind":"price","price":${n}}\n\n`;
const text = Array.from({ length: EVENTS }, (_, n) => event(n)).join("");
const bytes = new TextEncoder().encode(text);
const chunks = [];
for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
const body = () => new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(chunk); c.close(); } });

async function parseOurs() {
  let count = 0;
  const start = performance.now();
  for await (const e of serverSentEvents(body())) if (JSON.parse(e.data).kind === "price") count++;
  if (count !== EVENTS) throw new Error(`ours read ${count}`);
  return (EVENTS / (performance.now() - start)) * 1000;
}

async function parseReference(stream) {
  let count = 0;
  const start = performance.now();
  const parser = createParser({ onEvent: (e) => void (JSON.parse(e.data).kind === "price" && count++) });
  const decoder = new TextDecoder();
  for await (const chunk of stream) parser.feed(decoder.decode(chunk, { stream: true }));
  if (count !== EVENTS) throw new Error(`eventsource-parser read ${count}`);
  return (EVENTS / (performance.now() - start)) * 1000;
}

const parsing = { ours: [], reference: [] };
for (let i = 0; i < RUNS; i++) {
  parsing.ours.push(await parseOurs());
  parsing.reference.push(await parseReference(body()));
}

// The server: its own process, one event after another as fast as the socket drains.
const serverSource = `
  const http = require("node:http");
  const EVENTS = ${EVENTS};
  const event = (n) => "id: " + n + "\\ndata: {\\"kind\\":\\"price\\",\\"price\\":" + n + "}\\n\\n";
  http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    let n = 0;
    const pump = () => {
      while (n < EVENTS) {
        let batch = "";
        for (let i = 0; i < 64 && n < EVENTS; i++) batch += event(n++);
        if (!res.write(batch)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  }).listen(0, "127.0.0.1", function () { process.stdout.write(String(this.address().port) + "\\n"); });
`;
const server = spawn(process.execPath, ["-e", serverSource], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
const baseUrl = `http://127.0.0.1:${port}`;
const api = client.createClient({ baseUrl, auth: { device: "t" }, retry: false });

async function overHttpGenerated() {
  let count = 0;
  const start = performance.now();
  for await (const e of api.catalog.productEvents({ path: { id: "p1" } })) if (e.data.kind === "price") count++;
  if (count !== EVENTS) throw new Error(`generated client read ${count}`);
  return (EVENTS / (performance.now() - start)) * 1000;
}

async function overHttpHandWritten() {
  const response = await fetch(`${baseUrl}/products/p1/events`, { headers: { accept: "text/event-stream", authorization: "Bearer t" } });
  return parseReference(response.body);
}

const http = { generated: [], handWritten: [] };
for (let i = 0; i < RUNS; i++) {
  http.generated.push(await overHttpGenerated());
  http.handWritten.push(await overHttpHandWritten());
}
server.kill();

const rate = (xs) => `${Math.round(median(xs)).toLocaleString("en")} events/s`;
console.log(`server-sent events, ${EVENTS.toLocaleString("en")} per run (JSON data, an id each), median of ${RUNS}, load average ${loadavg()[0].toFixed(1)}`);
console.log(`  parsing only: client runtime ${rate(parsing.ours)}, eventsource-parser ${rate(parsing.reference)} (ratio ${(median(parsing.ours) / median(parsing.reference)).toFixed(2)})`);
console.log(`  loopback HTTP: generated client ${rate(http.generated)}, fetch + eventsource-parser ${rate(http.handWritten)} (ratio ${(median(http.generated) / median(http.handWritten)).toFixed(2)})`);
