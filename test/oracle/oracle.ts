/**
 * The spec-driven round-trip conformance oracle (issue 11). For a spec:
 *  - reads it with apigen's pipeline (spec.ts) and derives arbitraries from the IR (arbitraries.ts);
 *  - generates the client and every server pack with echo handlers (servers.ts), tsc --strict, boots them;
 *  - valid inputs go through the GENERATED CLIENT and, where the oracle's own serialiser can
 *    write them, as raw HTTP too (wire.ts): each must be accepted by every pack, and the handler
 *    must get what was sent (after the schema's defaults);
 *  - invalid mutations (mutations.ts) go as raw HTTP: each must be a 400 problem naming the
 *    mutated place in `errors[].pointer`;
 *  - every pack must answer every request with the same status and problem;
 *  - ajv over the spec's own schemas (ajv.ts) judges the same inputs independently: a valid
 *    input it rejects is not held against the server (counted, and listed when the server took
 *    it), a mutation it accepts is not one (counted).
 * Findings are collected, not thrown, so one run lists every kind of defect; each carries the
 * seed, the operation and the request.
 */
import fc from "fast-check";
import type { Operation } from "../../src/ir/operation.js";
import type { SchemaNode } from "../../src/ir/schema.js";
import type { Pack } from "../server/conformance/harness.js";
import { canonical, isRecord, LOCATION_KEY, type OracleInput, operationArb, resolve, schemaArb, withDefaults } from "./arbitraries.js";
import { SpecValidator, Unjudged } from "./ajv.js";
import { type MutationKind, mutationSites } from "./mutations.js";
import { type OracleOutput, startOracleServers } from "./servers.js";
import { loadOracleSpec, type OracleSpec, sampleOperations, writeSubSpec } from "./spec.js";
import { API_KEY, BASIC, describeRaw, type RawHttp, rawRequest, send, TOKEN, unmetSecurity } from "./wire.js";

export const DEFAULT_SEED = 20261102;

export type FindingKind =
  | "rejected-valid"
  | "echo-mismatch"
  | "server-error"
  | "unexpected-status"
  | "handler-not-called"
  | "client-threw"
  | "accepted-invalid"
  | "wrong-pointer"
  | "wrong-status-for-invalid"
  | "packs-differ";

export interface Finding {
  spec: string;
  operationId: string;
  /** `POST /orders` */
  operation: string;
  kind: FindingKind;
  packs: Pack[];
  via: "client" | "raw";
  /** The mutation, for invalid requests. */
  mutation?: { kind: MutationKind; pointer: string } | undefined;
  /** What differed or what came back. */
  detail: string;
  request: string;
  seed: number;
}

/** ajv and the server disagree about an input the oracle generated as valid. */
export interface Disagreement {
  spec: string;
  operation: string;
  /** ajv rejected what the server accepted. */
  ajvErrors: { pointer: string; message: string; schemaPath?: string }[];
  /** The body's schema is a union with an OpenAPI `discriminator` (which ajv does not read). */
  discriminatedBody: boolean;
  request: string;
}

export interface SpecReport {
  spec: string;
  operations: number;
  covered: number;
  skipped: { operation: string; why: string }[];
  requests: number;
  validCases: number;
  mutationCases: number;
  /** Valid-by-generator inputs ajv rejected (a generator weakness, or ajv stricter than apigen). */
  ajvRejectedGenerated: number;
  /** Mutations ajv still accepted (not invalid after all: not sent). */
  mutationsNotInvalid: number;
  /** Those mutations by kind and place. */
  notInvalid: Record<string, number>;
  /** Inputs ajv could not judge (a schema it cannot compile), by reason. */
  unjudged: Record<string, number>;
  /** Requests the oracle's serialiser cannot write (valid ones still go through the client). */
  rawUnsupported: number;
  findings: Finding[];
  disagreements: Disagreement[];
  ms: number;
  /** Of which generating, type-checking and booting the servers. */
  setupMs: number;
}

export interface OracleOptions {
  /** Short name in reports. */
  slug: string;
  seed?: number;
  /** Valid inputs per operation (mutations: the same number). */
  runs?: number;
  /** Sample at most this many operations (seeded). */
  maxOperations?: number;
  packs?: readonly Pack[];
  /** Scratch folder for the outputs (inside the repo). */
  root: string;
  /** `--validation warn` etc. */
  extraArgs?: string[];
}

export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : fallback;
}

/** Runs the oracle over one spec and answers what it covered and found. */
export async function runOracle(specFile: string, options: OracleOptions): Promise<SpecReport> {
  const started = Date.now();
  const seed = options.seed ?? envNumber("ORACLE_SEED", DEFAULT_SEED);
  const runs = options.runs ?? envNumber("ORACLE_RUNS", 20);
  const spec = await loadOracleSpec(specFile);
  const allOps = spec.api.operations;
  const ops = options.maxOperations ? sampleOperations(allOps, options.maxOperations, seed) : allOps;
  const genFile = ops.length < allOps.length ? writeSubSpec(spec, ops, `${options.root}/spec.sample.json`) : specFile;
  const securityParams = new Set(spec.api.securitySchemes.filter((s) => s.type === "apiKey" && s.parameterName).map((s) => `${s.in}:${s.in === "header" ? s.parameterName!.toLowerCase() : s.parameterName}`));
  const scopes = [...new Set(allOps.flatMap((o) => (o.security ?? []).flatMap((r) => r.schemes.flatMap((s) => s.scopes))))];
  const replies = new Map<string, { status: number; body?: unknown; contentType?: string }>();
  const output = await startOracleServers(genFile, `${options.root}/out`, { packs: options.packs, scopes, reply: (id) => replies.get(id) ?? { status: 200 }, extraArgs: options.extraArgs });
  const setupMs = Date.now() - started;
  const report: SpecReport = { spec: options.slug, operations: allOps.length, covered: 0, skipped: [], requests: 0, validCases: 0, mutationCases: 0, ajvRejectedGenerated: 0, mutationsNotInvalid: 0, notInvalid: {}, unjudged: {}, rawUnsupported: 0, findings: [], disagreements: [], ms: 0, setupMs };
  try {
    const judge = new SpecValidator(spec);
    const auth = Object.fromEntries(spec.api.securitySchemes.map((s) => [s.name, s.type === "http" && s.scheme?.toLowerCase() === "basic" ? BASIC : s.type === "apiKey" ? API_KEY : TOKEN]));
    const client = output.client.createClient({ baseUrl: output.servers[0]!.url, auth, retry: false, userAgent: false, warn: () => {} });
    for (const op of ops) {
      const name = output.operationNames.get(`${op.method.toUpperCase()} ${op.path}`);
      const label = `${op.method.toUpperCase()} ${op.path}`;
      if (!name) {
        report.skipped.push({ operation: label, why: "no generated contract for it" });
        continue;
      }
      const fn = findOperation(client, name);
      const unmet = unmetSecurity(op, spec.api.securitySchemes);
      if (unmet) {
        report.skipped.push({ operation: label, why: `no request can meet its security: ${unmet}` });
        continue;
      }
      const derived = operationArb(op, spec.schemas, securityParams, spec.api.securitySchemes);
      if ("skip" in derived) {
        report.skipped.push({ operation: label, why: derived.skip });
        continue;
      }
      if (!fn) {
        report.skipped.push({ operation: label, why: `the client has no function ${name}` });
        continue;
      }
      if (process.env["ORACLE_VERBOSE"]) process.stderr.write(`oracle: ${options.slug} ${label}\n`);
      replies.set(name, replyFor(op, spec, seed));
      report.covered++;
      const ctx: CaseContext = { spec, op, name, label, output, judge, report, seed, fn, derived, expectedStatus: replies.get(name)!.status };
      const opSeed = seed + hash(label);
      await fc.assert(
        fc.asyncProperty(derived.arb, async (input) => {
          await validCase(ctx, input);
        }),
        { seed: opSeed, numRuns: runs, endOnFailure: true, interruptAfterTimeLimit: 120_000 },
      );
      await fc.assert(
        fc.asyncProperty(derived.arb, fc.nat(), async (input, pick) => {
          await mutationCase(ctx, input, pick);
        }),
        { seed: opSeed + 1, numRuns: runs, endOnFailure: true, interruptAfterTimeLimit: 120_000 },
      );
    }
  } finally {
    await output.close();
  }
  report.ms = Date.now() - started;
  return report;
}

interface CaseContext {
  spec: OracleSpec;
  op: Operation;
  name: string;
  label: string;
  output: OracleOutput;
  judge: SpecValidator;
  report: SpecReport;
  seed: number;
  fn: any;
  derived: Exclude<ReturnType<typeof operationArb>, { skip: string }>;
  expectedStatus: number;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return Math.abs(h) % 1_000_000;
}

function findOperation(client: any, name: string, depth = 0): any {
  if (!client || typeof client !== "object" || depth > 3) return undefined;
  for (const value of Object.values(client)) {
    if (typeof value === "function" && (value as { id?: string }).id === name) return value;
    const inner = findOperation(value, name, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/** The operation's first declared 2xx response, with a body its schema allows. */
function replyFor(op: Operation, spec: OracleSpec, seed: number): { status: number; body?: unknown; contentType?: string } {
  const success = op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? op.responses.find((r) => r.status === "2XX");
  if (!success) return { status: op.responses.find((r) => r.status === "default") ? 200 : 200 };
  const status = success.status === "2XX" ? 200 : Number(success.status);
  if ([204, 205, 304].includes(status) || op.method === "head") return { status };
  const media = success.content[0];
  if (!media) return { status };
  const json = /json/i.test(media.contentType);
  if (!json) return { status, body: "oracle", contentType: media.contentType };
  const arb = schemaArb(media.schema, { schemas: spec.schemas, direction: "response" });
  const body = arb ? fc.sample(arb, { seed, numRuns: 1 })[0] : undefined;
  return { status, body: body ?? {}, contentType: media.contentType };
}

let counter = 0;
function requestId(pack: Pack): string {
  return `oracle-${process.pid}-${++counter}-${pack}`;
}

function record(ctx: CaseContext, f: Omit<Finding, "spec" | "operationId" | "operation" | "seed">): void {
  ctx.report.findings.push({ spec: ctx.report.spec, operationId: ctx.name, operation: ctx.label, seed: ctx.seed, ...f });
}

function describeInput(input: OracleInput): string {
  return JSON.stringify(input, (_k, v) => (v instanceof Blob ? `<Blob ${v.size} B>` : v));
}

/** What the handler must see, by location, for an input that was sent. */
function expected(ctx: CaseContext, input: OracleInput): Record<string, Record<string, unknown> | unknown> {
  const out: Record<string, unknown> = {};
  for (const loc of ["path", "query", "header", "cookie"] as const) {
    const key = LOCATION_KEY[loc];
    const values: Record<string, unknown> = {};
    for (const p of ctx.derived.params.filter((x) => x.in === loc)) {
      const v = withDefaults(p.schema, input[key][p.name], ctx.spec.schemas);
      if (v !== undefined) values[p.name] = v;
    }
    out[key] = values;
  }
  out["body"] = ctx.derived.body && input.body !== undefined ? withDefaults(ctx.derived.body.schema, input.body, ctx.spec.schemas) : undefined;
  return out;
}

/** Differences between what was expected and what the handler saw ("" when none). */
function compareEcho(ctx: CaseContext, want: Record<string, unknown>, seen: Record<string, unknown>): string {
  const diffs: string[] = [];
  for (const loc of ["path", "query", "headers", "cookies"]) {
    const w = want[loc] as Record<string, unknown>;
    const s = (isRecord(seen[loc]) ? seen[loc] : {}) as Record<string, unknown>;
    for (const name of Object.keys({ ...w, ...pick(s, ctx.derived.params.filter((p) => LOCATION_KEY[p.in] === loc).map((p) => p.name)) })) {
      if (canonical(w[name]) === canonical(s[name]) || wireAmbiguous(ctx, loc, name, w[name], s[name])) continue;
      diffs.push(`/${loc}/${name}: sent ${canonical(w[name])}, handler got ${canonical(s[name])}`);
    }
  }
  const multipart = ctx.derived.body && /multipart/i.test(ctx.derived.body.contentType);
  const wb = multipart ? withoutBinary(want["body"], ctx.derived.body!.schema, ctx.spec.schemas) : want["body"];
  const sb = multipart ? withoutBinary(seen["body"], ctx.derived.body!.schema, ctx.spec.schemas) : seen["body"];
  if (canonical(wb) !== canonical(sb)) diffs.push(Buffer.isBuffer(seen["body"]) ? `/body: sent ${short(canonical(wb))}, handler got <Buffer ${(seen["body"] as Buffer).length} B>` : (firstDiff(wb, sb, "/body") ?? "/body"));
  return diffs.join("; ");
}

/**
 * A parameter whose schema is a union with a string variant (`oneOf: [string, integer]`): on
 * the wire `-6` is also the string "-6", and the first variant that matches wins. Not a defect.
 */
function wireAmbiguous(ctx: CaseContext, loc: string, name: string, sent: unknown, got: unknown): boolean {
  const p = ctx.derived.params.find((x) => LOCATION_KEY[x.in] === loc && x.name === name);
  if (!p || typeof got !== "string" || String(sent) !== got) return false;
  const target = resolve(p.schema, ctx.spec.schemas);
  return target.kind === "union" && target.variants.some((v) => resolve(v, ctx.spec.schemas).kind === "string");
}

/** Where two values first differ: `/body/items/0/gift: sent false, handler got undefined`. */
function firstDiff(sent: unknown, got: unknown, at: string): string | undefined {
  if (canonical(sent) === canonical(got)) return undefined;
  if (isRecord(sent) && isRecord(got)) {
    for (const key of new Set([...Object.keys(sent), ...Object.keys(got)])) {
      const d = firstDiff(sent[key], got[key], `${at}/${key}`);
      if (d) return d;
    }
  }
  if (Array.isArray(sent) && Array.isArray(got) && sent.length === got.length) {
    for (let i = 0; i < sent.length; i++) {
      const d = firstDiff(sent[i], got[i], `${at}/${i}`);
      if (d) return d;
    }
  }
  return `${at}: sent ${short(canonical(sent))}, handler got ${short(canonical(got))}`;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** A multipart body without its file parts (their shape in the handler is the pack's to define). */
function withoutBinary(value: unknown, schema: SchemaNode, schemas: Map<string, SchemaNode>): unknown {
  const target = resolve(schema, schemas);
  if (!isRecord(value) || target.kind !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const prop = target.properties.find((p) => p.name === k);
    const t = prop && resolve(prop.schema, schemas);
    const binary = t && (t.kind === "string" ? t.binary || t.format === "binary" : t.kind === "array" && resolve(t.items, schemas).kind === "string" && (resolve(t.items, schemas) as { binary?: boolean }).binary);
    if (!binary) out[k] = v;
  }
  return out;
}

function short(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

interface Answer {
  pack: Pack;
  status: number;
  problem?: Record<string, unknown> | undefined;
  text: string;
  requestId: string;
}

/** The parts of an answer that must be the same in every pack. */
function comparable(a: Answer): string {
  if (!a.problem) return `${a.status}`;
  const { request_id: _r, ...rest } = a.problem;
  return `${a.status} ${canonical(rest)}`;
}

function samePacks(ctx: CaseContext, answers: Answer[], via: "client" | "raw", request: string, mutation?: Finding["mutation"]): void {
  const forms = new Map<string, Pack[]>();
  for (const a of answers) forms.set(comparable(a), [...(forms.get(comparable(a)) ?? []), a.pack]);
  if (forms.size > 1) record(ctx, { kind: "packs-differ", packs: answers.map((a) => a.pack), via, mutation, detail: [...forms].map(([form, packs]) => `${packs.join("+")}: ${short(form)}`).join(" | "), request });
}

function parseProblem(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** ajv's verdict, or undefined when ajv cannot compile the schemas involved (counted). */
function judge(ctx: CaseContext, input: OracleInput): ReturnType<SpecValidator["judge"]> | undefined {
  try {
    return ctx.judge.judge(ctx.op, ctx.derived.params, input, ctx.derived.body && { pointer: ctx.derived.body.schema.pointer, required: ctx.derived.body.required });
  } catch (e) {
    if (!(e instanceof Unjudged)) throw e;
    ctx.report.unjudged[e.message] = (ctx.report.unjudged[e.message] ?? 0) + 1;
    return undefined;
  }
}

async function validCase(ctx: CaseContext, input: OracleInput): Promise<void> {
  // Unjudged (ajv cannot compile the schema): the generated input is taken as valid.
  const verdict = judge(ctx, input) ?? { ok: true, errors: [] };
  ctx.report.validCases++;
  const want = expected(ctx, input);
  const raw = rawRequest(ctx.op, ctx.derived.params, input, ctx.spec.api.securitySchemes);
  if ("unsupported" in raw) ctx.report.rawUnsupported++;
  for (const via of ["client", "raw"] as const) {
    if (via === "raw" && "unsupported" in raw) continue;
    const answers: Answer[] = [];
    let request = "";
    for (const server of ctx.output.servers) {
      const id = requestId(server.pack);
      let status: number;
      let text: string;
      if (via === "client") {
        const sent: string[] = [];
        const fetchSpy: typeof fetch = async (url, init) => {
          const h = new Headers(init?.headers);
          const b = init?.body;
          sent.push(`${init?.method ?? "GET"} ${String(url).replace(server.url, "")}\n${[...h].map(([k, v]) => `${k}: ${v}`).join("\n")}${b === undefined || b === null ? "" : `\n\n${b instanceof URLSearchParams ? b.toString() : b instanceof FormData ? `[multipart: ${[...b.keys()].join(", ")}]` : typeof b === "string" ? b : "[body]"}`}`);
          return fetch(url, init);
        };
        const caller = ctx.output.client.createClient({ baseUrl: server.url, auth: authOf(ctx.spec), retry: false, timeoutMs: 15_000, userAgent: false, warn: () => {}, fetch: fetchSpy, headers: { "x-request-id": id } });
        const fn = findOperation(caller, ctx.name);
        try {
          const response: Response = await fn.raw(clientInput(input), { ...(input.contentType && { contentType: input.contentType }) });
          status = response.status;
          text = await response.text();
        } catch (e) {
          record(ctx, { kind: "client-threw", packs: [server.pack], via, detail: String(e), request: describeInput(input) });
          return;
        }
        request = sent[0] ?? describeInput(input);
      } else {
        const r = await send(server.url, raw as RawHttp, id);
        status = r.status;
        text = r.text;
        request = describeRaw(raw as RawHttp);
      }
      ctx.report.requests++;
      answers.push({ pack: server.pack, status, text, problem: status >= 400 ? parseProblem(text) : undefined, requestId: id });
    }
    samePacks(ctx, answers, via, request);
    if (!verdict.ok) {
      // ajv says the generated input is not valid: nothing is held against the server, but a
      // server that took it disagrees with ajv (a bug in one of us, listed).
      if (via === "client") ctx.report.ajvRejectedGenerated++;
      if (via === "client" && answers.some((a) => a.status < 300)) ctx.report.disagreements.push({ spec: ctx.report.spec, operation: ctx.label, ajvErrors: verdict.errors, request, discriminatedBody: hasDiscriminator(ctx) });
      continue;
    }
    for (const a of answers) {
      if (a.status === ctx.expectedStatus) {
        const seen = ctx.output.seen.get(a.requestId);
        ctx.output.seen.delete(a.requestId);
        if (!seen) {
          record(ctx, { kind: "handler-not-called", packs: [a.pack], via, detail: `${a.status} ${short(a.text)}`, request });
          continue;
        }
        const diff = compareEcho(ctx, want, seen as unknown as Record<string, unknown>);
        if (diff) record(ctx, { kind: "echo-mismatch", packs: [a.pack], via, detail: diff, request });
      } else {
        const kind: FindingKind = a.status === 400 ? "rejected-valid" : a.status >= 500 ? "server-error" : "unexpected-status";
        record(ctx, { kind, packs: [a.pack], via, detail: `${a.status} ${short(problemSummary(a))}`, request });
      }
    }
  }
}

function hasDiscriminator(ctx: CaseContext): boolean {
  const body = ctx.derived.body && resolve(ctx.derived.body.schema, ctx.spec.schemas);
  return !!body && body.kind === "union" && body.discriminator !== undefined;
}

function problemSummary(a: Answer): string {
  if (!a.problem) return a.text;
  const errors = Array.isArray(a.problem["errors"]) ? (a.problem["errors"] as { pointer?: string; message?: string }[]).map((e) => `${e.pointer}: ${e.message}`).join("; ") : "";
  return `${a.problem["code"] ?? a.problem["title"]}${a.problem["detail"] ? ` (${a.problem["detail"]})` : ""}${errors ? ` [${errors}]` : ""}`;
}

function authOf(spec: OracleSpec): Record<string, unknown> {
  return Object.fromEntries(spec.api.securitySchemes.map((s) => [s.name, s.type === "http" && s.scheme?.toLowerCase() === "basic" ? BASIC : s.type === "apiKey" ? API_KEY : TOKEN]));
}

function clientInput(input: OracleInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["path", "query", "headers", "cookies"] as const) if (Object.keys(input[key]).length) out[key] = input[key];
  if (input.body !== undefined) out["body"] = input.body;
  return out;
}

async function mutationCase(ctx: CaseContext, input: OracleInput, pickIndex: number): Promise<void> {
  const sites = mutationSites(ctx.derived.params, input, ctx.spec.schemas, ctx.derived.body);
  if (!sites.length) return;
  const site = sites[pickIndex % sites.length]!;
  const mutated = site.apply(input);
  const mutation = { kind: site.kind, pointer: site.pointer };
  const verdict = judge(ctx, mutated);
  if (!verdict) return;
  if (verdict.ok) {
    ctx.report.mutationsNotInvalid++;
    const key = `${site.kind} ${site.pointer.replace(/\/\d+(?=\/|$)/g, "/*")}`;
    ctx.report.notInvalid[key] = (ctx.report.notInvalid[key] ?? 0) + 1;
    return;
  }
  const raw = rawRequest(ctx.op, ctx.derived.params, mutated, ctx.spec.api.securitySchemes);
  if ("unsupported" in raw) {
    ctx.report.rawUnsupported++;
    return;
  }
  ctx.report.mutationCases++;
  const request = describeRaw(raw);
  const answers: Answer[] = [];
  for (const server of ctx.output.servers) {
    const id = requestId(server.pack);
    const r = await send(server.url, raw, id);
    ctx.report.requests++;
    ctx.output.seen.delete(id);
    answers.push({ pack: server.pack, status: r.status, text: r.text, problem: r.status >= 400 ? parseProblem(r.text) : undefined, requestId: id });
  }
  samePacks(ctx, answers, "raw", request, mutation);
  for (const a of answers) {
    if (a.status < 300) record(ctx, { kind: "accepted-invalid", packs: [a.pack], via: "raw", mutation, detail: `${a.status}; ajv: ${verdict.errors.map((e) => `${e.pointer} ${e.message}`).join("; ")}`, request });
    else if (a.status !== 400) record(ctx, { kind: "wrong-status-for-invalid", packs: [a.pack], via: "raw", mutation, detail: `${a.status} ${short(problemSummary(a))}`, request });
    else {
      const errors = Array.isArray(a.problem?.["errors"]) ? (a.problem!["errors"] as { pointer?: string }[]) : [];
      if (!errors.some((e) => e.pointer === site.pointer)) record(ctx, { kind: "wrong-pointer", packs: [a.pack], via: "raw", mutation, detail: `expected ${site.pointer}, got ${short(problemSummary(a))}`, request });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/** Findings merged across packs (one entry when several packs fail alike), grouped by kind and operation. */
export function groupFindings(findings: Finding[]): { key: string; count: number; packs: Set<Pack>; example: Finding; details: Set<string> }[] {
  const groups = new Map<string, { key: string; count: number; packs: Set<Pack>; example: Finding; details: Set<string> }>();
  for (const f of findings) {
    const key = `${f.spec} ${f.kind} ${f.operation}${f.mutation ? ` [${f.mutation.kind} ${f.mutation.pointer.replace(/\/\d+(?=\/|$)/g, "/*")}]` : ""} via ${f.via}`;
    const g = groups.get(key) ?? { key, count: 0, packs: new Set<Pack>(), example: f, details: new Set<string>() };
    g.count++;
    if (g.details.size < 3) g.details.add(f.detail);
    for (const p of f.packs) g.packs.add(p);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export function formatReport(r: SpecReport): string {
  const lines = [
    `${r.spec}: ${r.covered}/${r.operations} operations covered, ${r.requests} requests (${r.validCases} valid inputs, ${r.mutationCases} mutations), ${r.findings.length} findings, ${r.disagreements.length} ajv disagreements, ${(r.ms / 1000).toFixed(1)} s (setup ${(r.setupMs / 1000).toFixed(1)} s)`,
    `  generator: ${r.ajvRejectedGenerated} generated inputs ajv rejected, ${r.mutationsNotInvalid} mutations ajv accepted, ${r.rawUnsupported} inputs the raw serialiser cannot write`,
  ];
  for (const [why, n] of Object.entries(r.unjudged)) lines.push(`  unjudged (${n}x): ${short(why)}`);
  if (r.mutationsNotInvalid) lines.push(`  mutations ajv accepted: ${Object.entries(r.notInvalid).slice(0, 8).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  const byKind = new Map<string, number>();
  for (const f of r.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  if (byKind.size) lines.push(`  failures by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  for (const s of r.skipped.slice(0, 10)) lines.push(`  skipped ${s.operation}: ${s.why}`);
  if (r.skipped.length > 10) lines.push(`  ... ${r.skipped.length - 10} more skipped`);
  for (const g of groupFindings(r.findings)) {
    lines.push(`  [${g.count}x, ${[...g.packs].join("+")}] ${g.key} (seed ${g.example.seed})`);
    for (const d of g.details) lines.push(`      ${d}`);
    lines.push(...g.example.request.split("\n").map((l) => `      > ${short(l)}`));
  }
  for (const d of r.disagreements.slice(0, 10)) lines.push(`  ajv rejects, server accepts: ${d.operation}: ${d.ajvErrors.map((e) => `${e.pointer} ${e.message}`).join("; ")}\n      > ${d.request.split("\n")[0]}`);
  return lines.join("\n");
}
