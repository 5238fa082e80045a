// The streaming section of `npm run bench:server` (alone: BENCH_ONLY=streaming), issue 15's
// figure: 100k small server-sent events (an id and a JSON data line each) over loopback, from the
// Fastify pack's generated server (the 3.2 fixture's productEvents; its handler an async generator
// yielding typed items) read by the generated client (`for await`), against a hand-written
// Fastify SSE endpoint (hand-fastify-sse.mjs: one write per event, drain respected) read by a
// hand-written reader (fetch + eventsource-parser, data JSON-parsed). Both servers run compiled in
// their own process with NODE_ENV=production (no per-item validation, as in production). Events
// per second, medians of BENCH_STREAM_RUNS runs (default 5), interleaved; the goal is a ratio of at
// least 0.8. BENCH_STREAM_EVENTS changes the count (both servers read it from their environment).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createParser } from "eventsource-parser";

const GOAL = 0.8;

const HANDLERS = `import type { CatalogHandlers } from "../server/contract.gen.js";
import type { ProductEventsResponse200Item } from "../models.gen.js";
import type { Principal } from "../security.js";

export const catalogHandlers: CatalogHandlers<Principal> = {
  async listProducts() {
    return { status: 200, body: [] };
  },
  async getProduct() {
    return { status: 404, body: { title: "Not Found", status: 404 } };
  },
  async productHistory() {
    return { status: 200, body: [] };
  },
  async productEvents({ signal }) {
    const count = Number(process.env["BENCH_STREAM_EVENTS"] ?? 100_000);
    async function* events(): AsyncGenerator<ProductEventsResponse200Item> {
      for (let n = 0; n < count && !signal.aborted; n++) yield { id: String(n), data: { kind: "price", price: n } };
    }
    return { status: 200, body: events() };
  },
};
`;

const SECURITY = `import type { SecurityVerifiers } from "./server/contract.gen.js";
export interface Principal {
  id: string;
}
export const verifiers: SecurityVerifiers<Principal> = {
  async device() {
    return { principal: { id: "bench" }, scopes: ["catalog.read"] };
  },
  async legacyKey() {
    return undefined;
  },
};
`;

const SERVE = `import { createFastifyApp } from "./fastify/app.gen.js";
import { verifiers } from "./security.js";
import { handlers } from "./server/handlers.gen.js";
const app = createFastifyApp({ handlers, verifiers, options: { validateResponses: false } });
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(String((app.server.address() as { port: number }).port) + "\\n");
`;

function run(repo, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

function start(file, cwd, events) {
  const child = spawn(process.execPath, [file], { cwd, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_ENV: "production", BENCH_STREAM_EVENTS: String(events) } });
  return new Promise((resolve) => child.stdout.once("data", (d) => resolve({ child, url: `http://127.0.0.1:${Number(String(d).trim())}` })));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function streaming(repo) {
  const EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 100_000);
  const RUNS = Number(process.env.BENCH_STREAM_RUNS ?? 5);
  const work = path.join(repo, ".tmp", "bench-server", "streaming");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const src = path.join(work, "src");
  run(repo, process.execPath, ["bin/apigen.js", "generate", "test/fixtures/specs/3.2/openapi-3-2.yaml", "--out", src, "--server", "fastify", "--client", "--no-lint", "--format", "none"]);
  writeFileSync(path.join(src, "handlers", "catalog.ts"), HANDLERS);
  writeFileSync(path.join(src, "security.ts"), SECURITY);
  writeFileSync(path.join(src, "serve.ts"), SERVE);
  writeFileSync(path.join(work, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, outDir: "dist", rootDir: "src", types: ["node"] }, include: ["src"] }));
  run(repo, process.execPath, ["node_modules/typescript/bin/tsc", "-p", path.join(work, "tsconfig.json")]);
  const client = await import(pathToFileURL(path.join(work, "dist", "client.gen.js")).href);

  const generatedServer = await start(path.join(work, "dist", "serve.js"), work, EVENTS);
  const handServer = await start(path.join(repo, "scripts", "bench-server", "hand-fastify-sse.mjs"), repo, EVENTS);
  const api = client.createClient({ baseUrl: generatedServer.url, auth: { device: "t" }, retry: false });

  async function generated() {
    let count = 0;
    let last = -1;
    const start = performance.now();
    for await (const event of api.catalog.productEvents({ path: { id: "p1" } })) {
      if (event.data.kind === "price") count++;
      last = Number(event.id);
    }
    if (count !== EVENTS || last !== EVENTS - 1) throw new Error(`the generated client read ${count} events`);
    return (EVENTS / (performance.now() - start)) * 1000;
  }

  async function handWritten() {
    let count = 0;
    const start = performance.now();
    const response = await fetch(`${handServer.url}/products/p1/events`, { headers: { accept: "text/event-stream" } });
    const parser = createParser({ onEvent: (e) => void (JSON.parse(e.data).kind === "price" && count++) });
    const decoder = new TextDecoder();
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
    if (count !== EVENTS) throw new Error(`the hand-written reader read ${count} events`);
    return (EVENTS / (performance.now() - start)) * 1000;
  }

  try {
    // Warm-up: both paths once, unmeasured.
    await generated();
    await handWritten();
    const results = { generated: [], handWritten: [] };
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        results.generated.push(await generated());
        results.handWritten.push(await handWritten());
      } else {
        results.handWritten.push(await handWritten());
        results.generated.push(await generated());
      }
    }
    const ratio = median(results.generated) / median(results.handWritten);
    const rate = (xs) => `${Math.round(median(xs)).toLocaleString("en")} events/s`;
    console.log(`streaming: ${EVENTS.toLocaleString("en")} server-sent events per run over loopback, median of ${RUNS}, load average ${loadavg()[0].toFixed(1)}`);
    console.log(`  Fastify pack + generated client ${rate(results.generated)}; hand-written Fastify SSE + fetch/eventsource-parser ${rate(results.handWritten)}; ratio ${ratio.toFixed(2)} (goal >= ${GOAL}: ${ratio >= GOAL ? "met" : "MISSED"})`);
    return { events: EVENTS, runs: RUNS, generated: median(results.generated), handWritten: median(results.handWritten), ratio };
  } finally {
    generatedServer.child.kill();
    handServer.child.kill();
  }
}
