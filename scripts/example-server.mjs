#!/usr/bin/env node
// npm run example:express | example:fastify | example:nest | example:hono
//
// Runs the example Orders API on one framework, the way a user's project would: generate the
// server (and client) from examples/orders-api/openapi.yaml, put the example's handlers in place
// of the scaffolds (examples/orders-api/server-impl/: in-memory data, shared by all four
// frameworks, because the handlers depend on the contract and not on the framework), compile with
// tsc, and start the scaffolded main.ts. PORT (default 3000) and HOST (default 127.0.0.1) apply.
import { spawnSync, spawn } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pack = process.argv[2];
if (!["express", "fastify", "nest", "hono"].includes(pack)) {
  console.error("usage: node scripts/example-server.mjs express|fastify|nest|hono");
  process.exit(2);
}
const example = path.join(repo, "examples", "orders-api");
const out = path.join(example, "servers", pack);

function step(what, command, args) {
  console.log(`> ${what}`);
  const result = spawnSync(command, args, { cwd: repo, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Always built: a stale dist/ would quietly run an older generator.
step("build apigen", process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);
step(`apigen generate --server ${pack} --client`, process.execPath, [path.join(repo, "bin", "apigen.js"), "generate", path.join(example, "openapi.yaml"), "--out", out, "--server", pack, "--client", "--format", "none"]);
// The example's implementation is its source of truth: it replaces the scaffolds on every run.
cpSync(path.join(example, "server-impl"), out, { recursive: true });
const nest = pack === "nest" ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {};
const tsconfig = {
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "dist", skipLibCheck: true, types: ["node"], ...nest },
  include: ["**/*.ts"],
  exclude: ["dist"],
};
writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n");
step("tsc", process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(out, "tsconfig.json")]);
console.log(`> node ${path.relative(repo, path.join(out, "dist", "main.js"))}`);
const server = spawn(process.execPath, [path.join(out, "dist", "main.js")], { stdio: "inherit", env: { NODE_ENV: "development", ...process.env } });
// Ctrl-C / SIGTERM reach the server, which drains and exits on its own.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
