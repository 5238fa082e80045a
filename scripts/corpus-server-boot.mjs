#!/usr/bin/env node
/**
 * Boots a generated server that was compiled to JS (scripts/corpus.mjs compiles
 * `<slug>-server-<pack>/` with TypeScript 5.9 into `<slug>-server-<pack>-js/`): imports its app
 * factory, the scaffolded handlers and verifiers, creates the app as the scaffolded main.ts does
 * (without the lifecycle and shutdown wiring), listens on 127.0.0.1 on a free port and prints one
 * JSON line: `{"port":N,"ms":{"import":…,"create":…,"listen":…}}`. Runs until killed.
 *
 *   node scripts/corpus-server-boot.mjs <express|fastify|nest|hono> <compiled output folder>
 */
import "reflect-metadata";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [pack, dir] = process.argv.slice(2);
if (!dir || !["express", "fastify", "nest", "hono"].includes(pack)) {
  process.stderr.write("usage: corpus-server-boot.mjs <express|fastify|nest|hono> <compiled output folder>\n");
  process.exit(2);
}
const load = (rel) => import(pathToFileURL(path.resolve(dir, rel)).href);

/** Creates the pack's app and listens; resolves to Node's HTTP server. */
async function start(config) {
  if (pack === "nest") {
    const [{ NestFactory }, { ApiModule }] = await Promise.all([import("@nestjs/core"), load("nest/api.module.gen.js")]);
    const app = await NestFactory.create(ApiModule.forRoot(config), { bodyParser: false, logger: false });
    const created = performance.now();
    await app.listen(0, "127.0.0.1");
    return { server: app.getHttpServer(), created };
  }
  if (pack === "fastify") {
    const { createFastifyApp } = await load("fastify/app.gen.js");
    const app = createFastifyApp(config);
    const created = performance.now();
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { server: app.server, created };
  }
  if (pack === "hono") {
    const [{ createHonoApp }, { serveOnNode }] = await Promise.all([load("hono/app.gen.js"), load("runtime/hono/node.js")]);
    const app = createHonoApp(config);
    const created = performance.now();
    const server = serveOnNode(app, 0, "127.0.0.1");
    await new Promise((resolve, reject) => server.once("listening", resolve).once("error", reject));
    return { server, created };
  }
  const { createExpressApp } = await load("express/app.gen.js");
  const app = createExpressApp(config);
  const created = performance.now();
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve, reject) => server.once("listening", resolve).once("error", reject));
  return { server, created };
}

try {
  const t0 = performance.now();
  const [{ handlers }, { verifiers }] = await Promise.all([load("server/handlers.gen.js"), load("security.js")]);
  const t1 = performance.now();
  const { server, created } = await start({ handlers, verifiers });
  const t3 = performance.now();
  const { port } = server.address();
  const ms = { import: Math.round(t1 - t0), create: Math.round(created - t1), listen: Math.round(t3 - created) };
  process.stdout.write(`${JSON.stringify({ port, ms })}\n`);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
