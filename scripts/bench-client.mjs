#!/usr/bin/env node
// npm run bench:client: what the generated client costs per request, and what it weighs.
// 1. Per-request overhead: the example spec's generated client (compiled with tsc) against a bare
//    fetch doing the same GET (same headers, JSON parse) to a node:http server in another process
//    on 127.0.0.1. Interleaved rounds, medians of per-request wall time, ratio client/bare.
// 2. Size: the client runtime bundled and minified with rolldown, then gzipped (optional parts apart).
// Not a test: it prints numbers for the issue notes.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(repo, ".tmp", "bench-client");
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = 10;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

// Generate and compile the example client.
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
run(process.execPath, ["bin/apigen.js", "generate", "examples/orders-api/openapi.yaml", "--out", path.join(work, "src"), "--client"]);
writeFileSync(
  path.join(work, "tsconfig.json"),
  JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, outDir: "dist", rootDir: "src", types: ["node"] }, include: ["src"] }),
);
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", path.join(work, "tsconfig.json")]);

// The server runs in its own process so that it does not share the event loop with the clients.
const order = { id: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d", number: "ORD-1", status: "pending" };
const serverSource = `
  const http = require("node:http");
  const body = JSON.stringify(${JSON.stringify(order)});
  const server = http.createServer((req, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }); res.end(body); });
  server.keepAliveTimeout = 65000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;
const server = spawn(process.execPath, ["-e", serverSource], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
const baseUrl = `http://127.0.0.1:${port}`;

const { createClient } = await import(pathToFileURL(path.join(work, "dist", "client.gen.js")).href);
const api = createClient({ baseUrl, auth: { bearerAuth: "token" } });
const url = `${baseUrl}/orders/${order.id}`;
const bare = async () => {
  const res = await fetch(url, { headers: { accept: "application/json, application/problem+json", authorization: "Bearer token" } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
// The same bare fetch with the client's default 30 s timeout: undici's handling of any signal
// costs ~25 µs a request here, which is most of the client's overhead over the first baseline.
const bareWithTimeout = async () => {
  const res = await fetch(url, { headers: { accept: "application/json, application/problem+json", authorization: "Bearer token" }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
const viaClient = () => api.orders.getOrder({ path: { orderId: order.id } });
const noTimeoutApi = createClient({ baseUrl, auth: { bearerAuth: "token" }, timeoutMs: 0 });
const viaClientNoTimeout = () => noTimeoutApi.orders.getOrder({ path: { orderId: order.id } });

async function timeEach(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const variants = {
  "bare fetch": bare,
  "bare fetch + 30 s timeout signal": bareWithTimeout,
  "generated client (default 30 s timeout)": viaClient,
  "generated client (timeoutMs: 0)": viaClientNoTimeout,
};
for (const fn of Object.values(variants)) await timeEach(fn, 300); // warm up (JIT, keep-alive sockets)
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(variants)) times[name].push(...(await timeEach(fn, REQUESTS / ROUNDS)));
}
server.kill();

const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
console.log(`per-request, small JSON GET on loopback, ${REQUESTS} requests each, ${ROUNDS} interleaved rounds (medians):`);
for (const [name, m] of Object.entries(med)) console.log(`  ${name.padEnd(42)} ${(m * 1000).toFixed(0)} µs`);
const ratio = (a, b) => (med[a] / med[b]).toFixed(3);
console.log(`  client / bare fetch:                          ${ratio("generated client (default 30 s timeout)", "bare fetch")}x (target < 1.15x)`);
console.log(`  client / bare fetch with the same timeout:    ${ratio("generated client (default 30 s timeout)", "bare fetch + 30 s timeout signal")}x`);
console.log(`  client without timeout / bare fetch:          ${ratio("generated client (timeoutMs: 0)", "bare fetch")}x`);

// Size of the runtime a browser bundle would carry: what a generated client imports from it (one
// plain and one paginated operation), bundled and minified with rolldown for the browser. The
// optional parts (debug log, progress, pagination walks) are chunks of their own, loaded by
// dynamic import when used; "startup" is the entry chunk and what it imports statically.
const { rolldown } = await import("rolldown");
const entry = path.join(work, "src", "runtime-entry.ts");
writeFileSync(
  entry,
  `import { createRuntime, isOperationError, operation, paginated } from "./runtime/client/index.js";
const runtime = createRuntime({}, { baseUrl: "https://api.example.com", securitySchemes: {}, userAgent: "x/1 apigen/1" });
export const get = operation(runtime, { id: "get", method: "GET", path: "/a", params: [], responses: {} });
export const list = paginated(runtime, { id: "list", method: "GET", path: "/a", params: [], responses: {} });
export { isOperationError };
`,
);
const build = await rolldown({ input: entry, platform: "browser", logLevel: "silent" });
const { output } = await build.generate({ format: "esm", minify: true });
await build.close();
const chunks = output.filter((o) => o.type === "chunk");
const main = chunks.find((c) => c.isEntry);
const startup = new Set([main.fileName, ...main.imports]);
const gz = (code) => gzipSync(code, { level: 9 }).length;
const startupCode = chunks.filter((c) => startup.has(c.fileName)).map((c) => c.code).join("\n");
const kB = (bytes) => (bytes / 1024).toFixed(2);
console.log(`client runtime at startup: ${kB(startupCode.length)} kB minified, ${kB(gz(startupCode))} kB gzip (target < 6 kB)`);
for (const c of chunks.filter((c) => !startup.has(c.fileName))) console.log(`  loaded when used: ${c.fileName.replace(/-[^-.]+\.js$/, "")} ${kB(gz(c.code))} kB gzip`);
const everything = gz(startupCode) + chunks.filter((c) => !startup.has(c.fileName)).reduce((n, c) => n + gz(c.code), 0);
console.log(`client runtime with every optional part loaded: ${kB(everything)} kB gzip`);
