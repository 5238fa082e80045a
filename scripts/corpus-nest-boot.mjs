#!/usr/bin/env node
/**
 * Boots a generated Nest server that was compiled to JS (scripts/corpus.mjs compiles
 * `<slug>-server-nest/` with TypeScript 5.9 into `<slug>-server-nest-js/`): imports its ApiModule,
 * the scaffolded handlers and verifiers, creates the app as the scaffolded main.ts does (without
 * the lifecycle and shutdown wiring), listens on 127.0.0.1 on a free port and prints one JSON line:
 * `{"port":N,"ms":{"import":…,"create":…,"listen":…}}`. Runs until killed.
 *
 *   node scripts/corpus-nest-boot.mjs <compiled output folder>
 */
import "reflect-metadata";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: corpus-nest-boot.mjs <compiled nest output folder>\n");
  process.exit(2);
}
const load = (rel) => import(pathToFileURL(path.resolve(dir, rel)).href);

try {
  const t0 = performance.now();
  const [{ NestFactory }, { ApiModule }, { handlers }, { verifiers }] = await Promise.all([
    import("@nestjs/core"),
    load("nest/api.module.gen.js"),
    load("server/handlers.gen.js"),
    load("security.js"),
  ]);
  const t1 = performance.now();
  const app = await NestFactory.create(ApiModule.forRoot({ handlers, verifiers }), { bodyParser: false, logger: false });
  const t2 = performance.now();
  await app.listen(0, "127.0.0.1");
  const t3 = performance.now();
  const { port } = app.getHttpServer().address();
  const ms = { import: Math.round(t1 - t0), create: Math.round(t2 - t1), listen: Math.round(t3 - t2) };
  process.stdout.write(`${JSON.stringify({ port, ms })}\n`);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
