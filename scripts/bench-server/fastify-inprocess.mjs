#!/usr/bin/env node
// In-process A/B of the generated and the hand-written Fastify servers of the bench, without
// sockets: each request is emitted on app.server with a real IncomingMessage over a throwaway
// socket, and its ServerResponse writes into that socket's void. No kernel, no load generator, so
// the difference per request is steady to about 0.05 µs (bench:server moves by 10% between runs);
// what it leaves out is exactly the syscall and wakeup cost, which both servers share.
//
// Needs the compiled bench servers: run `npm run bench:server` (BENCH_PACKS=fastify is enough) first.
//   node scripts/bench-server/fastify-inprocess.mjs [post|get] [rounds] [requests per round] [unfiltered]
// With `unfiltered`, the other side is the same generated app with `filterResponses: false`: the
// difference is what response filtering (runtime/server/project.ts) costs per request. With
// `telemetry`, `access-log` or `observed`, the other side is the same generated app observed
// (runtime/server/observe.ts): @opentelemetry/api as `telemetry` with no SDK registered (the
// API's no-ops), an access logger that drops its lines, or both; the difference is what the
// observation costs per request.
// Prints µs per request for each side per round, and the medians. Both apps are the bench's own
// (app.gen.ts, hand-fastify-app.ts), built in this process.
import { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Duplex } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", ".tmp", "bench-server", "fastify", "dist");
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const [which = "post", roundsArg = "8", perRoundArg = "30000", against = "hand"] = process.argv.slice(2);
const [{ createFastifyApp }, { verifiers }, { handlers }, { createHandFastifyApp }] = await Promise.all([
  load("fastify/app.gen.js"),
  load("security.js"),
  load("server/handlers.gen.js"),
  load("hand-fastify-app.js"),
]);

const generated = createFastifyApp({ handlers, verifiers, options: { validateResponses: false } });
const OTHER = { unfiltered: { filterResponses: false }, telemetry: { telemetry: await import("@opentelemetry/api") }, "access-log": { logger: dropping() }, observed: { logger: dropping(), telemetry: await import("@opentelemetry/api") } };
const hand = OTHER[against] ? createFastifyApp({ handlers, verifiers, options: { validateResponses: false, ...OTHER[against] } }) : createHandFastifyApp();
const handName = OTHER[against] ? `generated ${against}` : "hand-written";

/** A logger with `info` (so the access records are made) that writes nothing: the hook's cost, not a logger's. */
function dropping() {
  const drop = () => {};
  return { error: drop, warn: drop, info: drop };
}
await generated.ready();
await hand.ready();

const body = Buffer.from(JSON.stringify({ name: "Widget", sku: "WID-001", quantity: 5, status: "active", dimensions: { width: 10, height: 20 } }));
class VoidSocket extends Duplex {
  _read() {}
  _write(_chunk, _encoding, callback) {
    callback();
  }
}

/** One request through an app; resolves with the status once the response finished. */
function one(app) {
  return new Promise((resolve) => {
    const socket = new VoidSocket();
    const req = new IncomingMessage(socket);
    req.method = which === "post" ? "POST" : "GET";
    req.url = which === "post" ? "/items" : "/items?limit=10&status=active&q=wid";
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = "1.1";
    req.headers = which === "post" ? { host: "bench", "content-type": "application/json", "content-length": String(body.length) } : { host: "bench" };
    req.rawHeaders = [];
    if (which === "post") req.push(body);
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    res.on("finish", () => {
      res.detachSocket(socket);
      resolve(res.statusCode);
    });
    app.server.emit("request", req, res);
  });
}

async function round(app, count) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await one(app);
  return Number(process.hrtime.bigint() - started) / count / 1000;
}

const expected = which === "post" ? 201 : 200;
for (const [name, app] of [["generated", generated], [handName, hand]]) {
  const status = await one(app);
  if (status !== expected) throw new Error(`${name} answered ${status}, expected ${expected}`);
}
const times = { generated: [], hand: [] };
for (let r = 0; r < Number(roundsArg); r++) {
  times.generated.push(await round(generated, Number(perRoundArg)));
  times.hand.push(await round(hand, Number(perRoundArg)));
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
// The first round warms the JIT up; it is shown, and the median makes it harmless.
console.log(`${which}: generated ${times.generated.map((t) => t.toFixed(2)).join(" ")} µs`);
console.log(`${which}: ${handName} ${times.hand.map((t) => t.toFixed(2)).join(" ")} µs`);
console.log(`${which}: median generated ${median(times.generated).toFixed(2)} µs, ${handName} ${median(times.hand).toFixed(2)} µs, difference ${(median(times.generated) - median(times.hand)).toFixed(2)} µs per request`);
