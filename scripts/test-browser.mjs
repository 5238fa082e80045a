#!/usr/bin/env node
// npm run test:browser: the generated client in a real browser. Bundles test/browser/entry.ts
// (which uses the client generated for the example spec) for the browser platform, serves it with
// a small API on 127.0.0.1 (same origin), loads it in headless Chromium and checks the result the
// page writes; the page also checks X-Client (same origin), raw, per-call baseUrl and auth,
// middleware, totalTimeoutMs, the debug log, download/upload progress, and the 3.2 fixture's
// streaming operations (server-sent events, JSON Lines, leaving a stream early). Needs Chromium
// (Debian: apt-get install chromium); .ci/run installs it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(repo, ".tmp", "browser");
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(existsSync);
if (!chromium) {
  console.error("test:browser needs Chromium (apt-get install chromium)");
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

rmSync(work, { recursive: true, force: true });
run(process.execPath, ["bin/apigen.js", "generate", "examples/orders-api/openapi.yaml", "--out", path.join(work, "out"), "--client"]);
// The 3.2 fixture's client too: its streaming operations (server-sent events, JSON Lines) in the browser.
run(process.execPath, ["bin/apigen.js", "generate", "test/fixtures/specs/3.2/openapi-3-2.yaml", "--out", path.join(work, "out-3-2"), "--client", "--no-lint", "--format", "none"]);
// A directory, not one file: the runtime's optional parts (debug log, progress, pagination) are
// chunks of their own that the page loads by dynamic import when it uses them.
const bundleDir = path.join(work, "bundle");
run(process.execPath, ["node_modules/rolldown/bin/cli.mjs", "test/browser/entry.ts", "--platform", "browser", "--format", "esm", "--dir", bundleDir, "--entry-file-names", "bundle.js"]);
const chunks = new Map(readdirSync(bundleDir).map((name) => [`/${name}`, readFileSync(path.join(bundleDir, name), "utf8")]));
const bundle = [...chunks.values()].join("\n");

const order = (n) => ({ id: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d", number: `ORD-${n}`, status: "pending" });
const bigLength = Buffer.byteLength(JSON.stringify({ ...order(1), number: "x".repeat(200_000) }));
let endlessClosed = false;
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const chunks_ = [];
  for await (const chunk of req) chunks_.push(chunk);
  const body = Buffer.concat(chunks_);
  const json = (status, body, headers = {}) => {
    res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><body>pending</body><script type="module" src="/bundle.js"></script>');
  if (chunks.has(url.pathname)) return res.writeHead(200, { "content-type": "text/javascript" }).end(chunks.get(url.pathname));
  if (!["Bearer browser-token", "Bearer call-token"].includes(req.headers.authorization)) return json(401, { status: 401, title: "Unauthorized" });
  // What the client sent, for the checks: credentials, the SDK header, middleware's header.
  const seen = { auth: req.headers.authorization, client: req.headers["x-client"] ?? null, userAgentIsBrowsers: !/apigen/.test(req.headers["user-agent"] ?? ""), mw: req.headers["x-mw"] ?? null, accept: req.headers.accept };
  if (url.pathname === "/v1/orders/..") return json(500, { status: 500, title: "a refused path reached the server" });
  if (url.pathname === "/products/p1/events") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    res.write(': hello\n\nevent: price\nid: 1\ndata: {"kind":"price","price":31}\n\n');
    return res.end('id: 2\r\ndata: {"kind":"rename",\r\ndata: "name":"tea kettle"}\r\n\r\n');
  }
  if (url.pathname === "/products/p1/history") {
    res.writeHead(200, { "content-type": "application/jsonl" });
    return res.end('{"id":"p1","name":"kettle","price":30}\n{"id":"p1","name":"red kettle","price":31}\n');
  }
  if (url.pathname === "/products/endless/events") {
    // Until the page leaves its loop: the connection must then close.
    res.writeHead(200, { "content-type": "text/event-stream" });
    const timer = setInterval(() => res.write('data: {"kind":"price","price":5}\n\n'), 5);
    return res.on("close", () => (clearInterval(timer), (endlessClosed = true)));
  }
  if (url.pathname === "/v1/orders/echo" || url.pathname === "/v2/orders/echo") return json(200, { ...order(1), number: JSON.stringify({ path: url.pathname, ...seen }) });
  if (url.pathname === "/v1/orders/busy") return json(503, { status: 503, title: "Busy" }, { "retry-after": "5" });
  if (url.pathname === "/v1/orders/big") return json(200, { ...order(1), number: "x".repeat(200_000) }, { "content-length": String(bigLength) });
  if (req.method === "POST" && url.pathname === "/v1/orders") return json(201, { ...order(1), number: `received ${body.length}` });
  if (url.pathname === "/v1/orders/missing") return json(404, { status: 404, title: "Not Found", detail: "no such order" }, { "x-request-id": "req-b" });
  if (url.pathname.startsWith("/v1/orders/")) return json(200, order(1), { etag: '"e1"', "access-control-expose-headers": "etag" });
  if (url.pathname === "/v1/orders") {
    const cursor = url.searchParams.get("cursor");
    return json(200, cursor ? { data: [order(3)], next_cursor: null, has_more: false } : { data: [order(2)], next_cursor: "c2", has_more: true });
  }
  json(404, { status: 404 });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const page = `http://127.0.0.1:${server.address().port}/`;

const browser = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${path.join(work, "profile")}`, "--virtual-time-budget=10000", "--dump-dom", page], { stdio: ["ignore", "pipe", "pipe"] });
let dom = "";
browser.stdout.on("data", (d) => (dom += d));
const code = await new Promise((resolve) => browser.on("close", resolve));
server.close();

const match = /RESULT (\{.*\})/.exec(dom);
const apigenVersion = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).version;
// Same origin: X-Client names the SDK (a page cannot set User-Agent, so that stays the browser's).
const seen = (pathname, auth, mw = null) => JSON.stringify({ path: pathname, auth: `Bearer ${auth}`, client: `orders-api/1.0.0 apigen/${apigenVersion}`, userAgentIsBrowsers: true, mw, accept: "application/json, application/problem+json" });
const want = {
  status: 200,
  etag: '"e1"',
  number: "ORD-1",
  numbers: ["ORD-2", "ORD-3"],
  problem: { status: 404, detail: "no such order", requestId: "req-b", name: "NotFoundError", isNotFoundError: true, isApiError: true, isOperationError: true },
  dotDot: "refused",
  raw: { status: 404, bodyUsed: false, title: undefined, detail: "no such order" },
  perCall: seen("/v2/orders/echo", "call-token"),
  middleware: { seen: seen("/v1/orders/echo", "browser-token", "from-middleware"), order: ["a:request", "b:request", "b:response", "a:response"] },
  total: { name: "ApiTimeoutError", scope: "total" },
  debug: { lines: 1, leaks: false, shape: true },
  download: { last: [bigLength, bigLength], calls: true },
  // Chromium refuses a stream request body over HTTP/1.1: the body goes whole, with one report.
  upload: { received: true, lastIsTotal: true, reports: 1 },
  streams: {
    events: [{ data: { kind: "price", price: 31 }, event: "price", id: "1" }, { data: { kind: "rename", name: "tea kettle" }, id: "2" }],
    history: ["kettle", "red kettle"],
    status: 200,
    leftEarly: 1,
  },
};
const got = match ? JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&")) : undefined;
const checks = [
  ["the bundle has no Node-only imports", !/from\s*["']node:/.test(bundle)],
  ["the page ran the client to the end", got !== undefined],
  ["its calls, pagination, errors (isOperationError, a refused path), Accept, raw, per-call options, middleware, deadline, debug log, progress and streams behave as in Node", JSON.stringify(got) === JSON.stringify(want)],
  ["leaving a stream's loop early closed its connection", endlessClosed],
];
for (const [name, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${name}`);
if (!got) console.log(`chromium exit ${code}; page said: ${dom.replace(/\s+/g, " ").slice(0, 500)}`);
else if (JSON.stringify(got) !== JSON.stringify(want)) console.log(`got  ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(`browser: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
