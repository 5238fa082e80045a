#!/usr/bin/env node
// npm run test:browser: the generated client in a real browser. Bundles test/browser/entry.ts
// (which uses the client generated for the example spec) for the browser platform, serves it with
// a small API on 127.0.0.1 (same origin), loads it in headless Chromium and checks the result the
// page writes. Needs Chromium (Debian: apt-get install chromium); .ci/run installs it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
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
const bundlePath = path.join(work, "bundle.js");
run(process.execPath, ["node_modules/rolldown/bin/cli.mjs", "test/browser/entry.ts", "--platform", "browser", "--format", "esm", "--file", bundlePath]);
const bundle = readFileSync(bundlePath, "utf8");

const order = (n) => ({ id: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d", number: `ORD-${n}`, status: "pending" });
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const json = (status, body, headers = {}) => {
    res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><body>pending</body><script type="module" src="/bundle.js"></script>');
  if (url.pathname === "/bundle.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
  if (req.headers.authorization !== "Bearer browser-token") return json(401, { status: 401, title: "Unauthorized" });
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
const want = { status: 200, etag: '"e1"', number: "ORD-1", numbers: ["ORD-2", "ORD-3"], problem: { status: 404, detail: "no such order", requestId: "req-b" } };
const got = match ? JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&")) : undefined;
const checks = [
  ["the bundle has no Node-only imports", !/from\s*["']node:/.test(bundle)],
  ["the page ran the client to the end", got !== undefined],
  ["its calls, pagination and problem error behave as in Node", JSON.stringify(got) === JSON.stringify(want)],
];
for (const [name, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${name}`);
if (!got) console.log(`chromium exit ${code}; page said: ${dom.replace(/\s+/g, " ").slice(0, 500)}`);
else if (JSON.stringify(got) !== JSON.stringify(want)) console.log(`got  ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(`browser: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
