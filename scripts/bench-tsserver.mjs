#!/usr/bin/env node
// npm run bench:tsserver: what the generated client costs the editor. GitHub's spec is generated
// with --client (--format none) into a project whose tsconfig includes the whole output folder,
// plus a user file that calls three operations; tsserver 5.9 (the editor's language service)
// is driven over its stdio protocol, as VS Code drives it:
// - cold open: `open` of the user file until its semantic diagnostics arrive (parses the folder);
// - completion after `api.repos.` and quickinfo on a call;
// - edit-to-diagnostics: a one-character edit until the new semantic diagnostics arrive, for the
//   user file and for a second one that also imports a zod schema and parses with it.
// Medians of BENCH_RUNS edits/requests (default 9) after one warm-up; cold open is one run per
// fresh server, BENCH_COLD runs (default 3). Not a test: numbers for the issue notes and README.
// BENCH_AGAINST=<another apigen checkout, built>: both builds' outputs, measured by turns (cold
// opens alternate, edits alternate between two live servers), because on a shared machine the
// neighbours move these figures more than most changes do; it prints both and who won how often.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const spec = path.join(repo, "node_modules/@octokit/openapi/generated/api.github.com.json");
const runs = Number(process.env.BENCH_RUNS ?? 9);
const coldRuns = Number(process.env.BENCH_COLD ?? 3);
const dir = path.join(repo, ".tmp", "bench-tsserver");
const against = process.env.BENCH_AGAINST ? path.resolve(process.env.BENCH_AGAINST) : undefined;

const USE = `import { createClient } from "./api/client.gen.js";

const api = createClient({ baseUrl: "https://api.github.com" });

export async function main(): Promise<void> {
  const repos = await api.repos.reposListForOrg({ path: { org: "octo" } });
  const issue = await api.issues.issuesGet({ path: { owner: "octo", repo: "hello", issue_number: 1 } });
  const user = await api.users.usersGetAuthenticated();
  console.log(repos, issue, user);
  api.repos.
}
`;
const USE_ZOD = `import { FullRepositorySchema } from "./api/schemas.gen.js";
import type { FullRepository } from "./api/models.gen.js";

export function check(value: unknown): FullRepository {
  return FullRepositorySchema.parse(value);
}
export const count = 1;
`;

function prepare(dir, apigen) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generated = spawnSync(process.execPath, [path.join(apigen, "bin/apigen.js"), "generate", spec, "--out", path.join(dir, "api"), "--client", "--format", "none", "--no-lint"], { encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`apigen failed:\n${generated.stderr}`);
  writeFileSync(path.join(dir, "use.ts"), USE);
  writeFileSync(path.join(dir, "use-zod.ts"), USE_ZOD);
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: [] };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["**/*.ts"] }));
}

/** A tsserver process and a promise-based request/event API over its protocol. */
function startServer() {
  const child = spawn(process.execPath, [path.join(repo, "node_modules/typescript/lib/tsserver.js"), "--disableAutomaticTypingAcquisition"], { stdio: ["pipe", "pipe", "ignore"] });
  let seq = 0;
  let buffer = "";
  const pending = new Map();
  const waiters = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    for (;;) {
      const header = /Content-Length: (\d+)\r\n\r\n/.exec(buffer);
      if (!header) return;
      const start = header.index + header[0].length;
      const length = Number(header[1]);
      if (Buffer.byteLength(buffer.slice(start)) < length) return;
      // Content-Length counts bytes; the messages here are ASCII-safe JSON lines.
      const newline = buffer.indexOf("\n", start);
      const body = buffer.slice(start, newline === -1 ? undefined : newline);
      buffer = buffer.slice(newline === -1 ? buffer.length : newline + 1);
      const message = JSON.parse(body);
      if (message.type === "response" && pending.has(message.request_seq)) {
        pending.get(message.request_seq)(message);
        pending.delete(message.request_seq);
      } else if (message.type === "event") {
        for (const waiter of [...waiters]) if (waiter.test(message)) waiters.splice(waiters.indexOf(waiter), 1) && waiter.resolve(message);
      }
    }
  });
  const send = (command, args) => {
    const request = { seq: ++seq, type: "request", command, arguments: args };
    child.stdin.write(`${JSON.stringify(request)}\n`);
    return request.seq;
  };
  return {
    request: (command, args) => new Promise((resolve) => pending.set(send(command, args), resolve)),
    notify: (command, args) => send(command, args),
    event: (test) => new Promise((resolve) => waiters.push({ test, resolve })),
    stop: () => child.kill(),
  };
}

const semanticDiagOf = (file) => (message) => message.event === "semanticDiag" && message.body?.file === file;

/** Requests diagnostics for `file` and resolves when its semantic diagnostics arrive. */
async function diagnostics(server, file) {
  const arrived = server.event(semanticDiagOf(file));
  server.notify("geterr", { files: [file], delay: 0 });
  return arrived;
}

async function timed(action) {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const lines = USE.split("\n");
const completionLine = lines.findIndex((l) => l.includes("api.repos.") && l.trim() === "api.repos.") + 1;
const completionOffset = lines[completionLine - 1].indexOf("api.repos.") + "api.repos.".length + 1;
const quickLine = lines.findIndex((l) => l.includes("issuesGet")) + 1;
const quickOffset = lines[quickLine - 1].indexOf("issuesGet") + 2;

/** One output to measure: its folder, and the two user files in it. */
const target = (folder) => ({ dir: folder, use: path.join(folder, "use.ts"), useZod: path.join(folder, "use-zod.ts") });
const targets = [target(dir)];
prepare(dir, repo);
if (against) {
  targets.push(target(path.join(repo, ".tmp", "bench-tsserver-against")));
  prepare(targets[1].dir, against);
}

/** One cold open: a fresh server, `open` of the user file until its semantic diagnostics arrive. */
async function coldOpen(t) {
  const server = startServer();
  await server.request("configure", { preferences: { includeCompletionsForModuleExports: false } });
  const time = await timed(async () => {
    server.notify("open", { file: t.use });
    await diagnostics(server, t.use);
  });
  server.stop();
  return time;
}

/** A warm server on the output, with both user files open and checked that they answer something real. */
async function warmServer(t) {
  const server = startServer();
  server.notify("open", { file: t.use });
  await diagnostics(server, t.use);
  server.notify("open", { file: t.useZod });
  await diagnostics(server, t.useZod);
  // The requests must answer something real, or the timings would be of failures.
  const entries = (await server.request("completionInfo", { file: t.use, line: completionLine, offset: completionOffset })).body?.entries ?? [];
  if (!entries.some((e) => e.name === "reposListForOrg")) throw new Error(`completion after api.repos. did not offer reposListForOrg (${entries.length} entries)`);
  const info = (await server.request("quickinfo", { file: t.use, line: quickLine, offset: quickOffset })).body?.displayString ?? "";
  if (!info.includes("issuesGet")) throw new Error(`quickinfo on issuesGet said: ${info}`);
  const zodDiagnostics = (await diagnostics(server, t.useZod)).body.diagnostics;
  if (zodDiagnostics.length > 0) throw new Error(`use-zod.ts has errors: ${JSON.stringify(zodDiagnostics).slice(0, 500)}`);
  let flip = false;
  /** Types a space at the start of `file` (or takes it out again) and waits for the new diagnostics. */
  const editFile = (file) => async () => {
    flip = !flip;
    if (flip) server.notify("change", { file, line: 1, offset: 1, endLine: 1, endOffset: 1, insertString: " " });
    else server.notify("change", { file, line: 1, offset: 1, endLine: 1, endOffset: 2, insertString: "" });
    await diagnostics(server, file);
  };
  return {
    stop: () => server.stop(),
    actions: {
      completion: () => server.request("completionInfo", { file: t.use, line: completionLine, offset: completionOffset }),
      quickinfo: () => server.request("quickinfo", { file: t.use, line: quickLine, offset: quickOffset }),
      edit: editFile(t.use),
      editZod: editFile(t.useZod),
    },
  };
}

// Cold opens, by turns when there are two outputs.
const cold = targets.map(() => []);
/** The order of the outputs in run i: alternating, since whichever goes first in a pair is measured slower (measured against itself: 0 of 4 cold opens, 2 of 15 completions). */
const turn = (i) => (i % 2 === 0 ? [...targets.keys()] : [...targets.keys()].reverse());
for (let i = 0; i < coldRuns; i++) for (const k of turn(i)) cold[k].push(await coldOpen(targets[k]));

// Warm figures: one warm-up each, then BENCH_RUNS measurements, by turns between the servers.
const servers = [];
for (const t of targets) servers.push(await warmServer(t));
const figures = targets.map(() => ({}));
for (const name of ["completion", "quickinfo", "edit", "editZod"]) {
  for (const s of servers) await s.actions[name]();
  const times = targets.map(() => []);
  for (let i = 0; i < runs; i++) for (const k of turn(i)) times[k].push(await timed(servers[k].actions[name]));
  for (const [k, t] of times.entries()) figures[k][name] = { median: median(t), times: t };
}
for (const s of servers) s.stop();

const ms = (f) => `${f.median.toFixed(1)} ms`;
if (!against) {
  const f = figures[0];
  console.log(`tsserver 5.9 on GitHub's --client output (${dir}):`);
  console.log(`  cold open to diagnostics: ${(median(cold[0]) / 1000).toFixed(2)} s (median of ${coldRuns})`);
  console.log(`  completion after api.repos.: ${ms(f.completion)}`);
  console.log(`  quickinfo: ${ms(f.quickinfo)}`);
  console.log(`  edit to diagnostics: ${ms(f.edit)}; in a file that imports a zod schema: ${ms(f.editZod)}`);
} else {
  /** How many of the paired runs this build was the faster in (pairs taken in the same run i). */
  const wins = (a, b) => a.filter((x, i) => x < b[i]).length;
  const row = (label, a, b, unit) => console.log(`  ${label}: ${unit(median(a))} against ${unit(median(b))} (this build faster in ${wins(a, b)} of ${a.length})`);
  const seconds = (v) => `${(v / 1000).toFixed(2)} s`;
  const millis = (v) => `${v.toFixed(1)} ms`;
  console.log(`tsserver 5.9 on GitHub's --client output, this build against ${against}, by turns:`);
  row("cold open to diagnostics", cold[0], cold[1], seconds);
  for (const [name, label] of [["completion", "completion after api.repos."], ["quickinfo", "quickinfo"], ["edit", "edit to diagnostics"], ["editZod", "edit in a file that imports a zod schema"]]) {
    row(label, figures[0][name].times, figures[1][name].times, millis);
  }
}
console.log(`medians of ${runs} after a warm-up; load average ${loadavg()[0].toFixed(1)}`);
