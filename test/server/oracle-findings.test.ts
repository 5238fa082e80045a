/**
 * Defects the round-trip oracle (test/oracle) found on the corpus, each in all three packs with
 * the generated client and as raw requests (the oracle-findings fixture, compiled with tsc
 * --strict and booted with echo handlers):
 * - a required parameter or body property with a `default` is still required (the default
 *   applies to optional ones only; @readme/oas-examples schema-validation `GET /anything/booleans`,
 *   schema-types `POST /anything/strings`);
 * - `format: binary` in a JSON body and in a query parameter is a string (schema-types
 *   `PUT /anything/strings`, schema-validation `GET /anything/oas-formats`); only multipart
 *   parts and raw bodies are bytes;
 * - `content: application/json` query parameters (directus `filter`), query arrays of objects
 *   (rclone `inputs`: each item as JSON, what the client sends), non-exploded form arrays whose
 *   items hold an encoded comma, array and object cookies (oas parameters-style `GET /cookies`).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { NEST_COMPILER_OPTIONS, PACKS, type Pack, listenPack } from "./conformance/harness.js";

const SPEC = path.join(FIXTURES, "specs", "3.0", "oracle-findings.yaml");
const OPERATIONS = ["getFlags", "putStrings", "search", "getCookies"];

interface Booted {
  url: string;
  client: any;
  close(): Promise<void>;
}

async function boot(pack: Pack): Promise<Booted> {
  const dir = path.join(SCRATCH, "oracle-findings", pack);
  rmSync(dir, { recursive: true, force: true });
  const result = runCli(["generate", SPEC, "--out", dir, "--server", pack, "--client", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  // No warning about any style: every one is supported.
  expect(result.stderr).toBe("");
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
  // Each handler answers what it received (the validated, typed inputs).
  const echo = (request: { query: unknown; cookies: unknown; body?: unknown }) => ({
    status: 200,
    body: request.body === undefined ? { query: request.query, cookies: request.cookies } : { query: request.query, body: request.body },
  });
  const handlers = Object.fromEntries(OPERATIONS.map((id) => [id, echo]));
  const config = { handlers, verifiers: {}, options: { logger: { error() {}, warn() {} } } };
  const listening = await listenPack(pack, dir, config);
  const { createClient } = await import(path.join(dir, "client.gen.ts"));
  return { ...listening, client: createClient({ baseUrl: listening.url, retry: false }).default };
}

/** case name -> pack -> the answer's status and body, compared across packs at the end. */
const answers = new Map<string, Map<Pack, string>>();

async function send(srv: Booted, pack: Pack, name: string, target: string, init: RequestInit = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(srv.url + target, { ...init, headers: { "x-request-id": `case-${name}`, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  if (!answers.has(name)) answers.set(name, new Map());
  answers.get(name)!.set(pack, `${response.status} ${response.headers.get("content-type")}\n${text}`);
  return { status: response.status, json: JSON.parse(text) };
}

function pointers(answer: { status: number; json: any }): string[] {
  expect(answer.status, JSON.stringify(answer.json)).toBe(400);
  expect(answer.json.code).toBe("VALIDATION_ERROR");
  return answer.json.errors.map((e: { pointer: string }) => e.pointer);
}

const json = (body: unknown): RequestInit => ({ method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe.each(PACKS)("oracle findings (%s)", (pack) => {
  let srv: Booted;
  beforeAll(async () => {
    srv = await boot(pack);
  }, 180_000);
  afterAll(() => srv?.close());

  it("a required parameter with a default is a 400 when missing; an optional one gets its default", async () => {
    expect(pointers(await send(srv, pack, "flags-missing", "/flags?tf-optional=true"))).toEqual(["/query/tf-required"]);
    expect((await send(srv, pack, "flags-sent", "/flags?tf-required=false")).json.query).toEqual({ "tf-required": false, "tf-optional": false });
    expect((await srv.client.getFlags({ query: { "tf-required": true } })).query).toEqual({ "tf-required": true, "tf-optional": false });
  });

  it("format: binary in a JSON body and in a query parameter is a string", async () => {
    const raw = await send(srv, pack, "binary-json", "/strings?bin=abc", json({ binary: "AQID", level: 2 }));
    expect(raw.status, JSON.stringify(raw.json)).toBe(200);
    expect(raw.json).toEqual({ query: { bin: "abc" }, body: { binary: "AQID", level: 2, withDefault: "AAEC" } });
    expect(pointers(await send(srv, pack, "binary-json-number", "/strings", json({ binary: 7, level: 1 })))).toEqual(["/body/binary"]);
    const body = { binary: "b", level: 3, withDefault: "c" };
    expect(await srv.client.putStrings({ query: { bin: "x y" }, body })).toEqual({ query: { bin: "x y" }, body });
  });

  it("a required body property with a default is a 400 when missing", async () => {
    expect(pointers(await send(srv, pack, "body-required-default", "/strings", json({ binary: "x" })))).toEqual(["/body/level"]);
  });

  it("JSON-content query parameters, query arrays of objects and encoded commas in delimited arrays", async () => {
    const query = { filter: { role: { _eq: "admin" }, n: 1 }, inputs: [{ _path: "a/b", n: 1 }, { _path: "c,d" }], fields: ["a,b", "c"] };
    expect((await srv.client.search({ query })).query).toEqual(query);
    const filter = encodeURIComponent(JSON.stringify(query.filter));
    const raw = await send(srv, pack, "search-raw", `/search?filter=${filter}&inputs=${encodeURIComponent('{"_path":"x"}')}&fields=D%2C8Pdr,x`);
    expect(raw.json.query).toEqual({ filter: query.filter, inputs: [{ _path: "x" }], fields: ["D,8Pdr", "x"] });
    // An empty item is `fields=` (RFC 6570, the client); an empty array sends nothing.
    expect((await srv.client.search({ query: { fields: [""] } })).query).toEqual({ fields: [""] });
    expect((await send(srv, pack, "search-empty-item", "/search?fields=")).json.query).toEqual({ fields: [""] });
    expect(pointers(await send(srv, pack, "search-bad", `/search?inputs=${encodeURIComponent('{"n":"one"}')}`))).toEqual(["/query/inputs/0/n"]);
  });

  it("array and object cookies: every item and member is sent and read", async () => {
    const cookies = { list: ["a", "b c", "d;e"], point: { x: 3, label: "p,q" } };
    expect((await srv.client.getCookies({ cookies })).cookies).toEqual(cookies);
    expect((await send(srv, pack, "cookies-raw", "/cookies", { headers: { cookie: "list=a; list=b; x=4; label=l" } })).json.cookies).toEqual({ list: ["a", "b"], point: { x: 4, label: "l" } });
  });
});

describe("every pack", () => {
  it("answered every case with the same status, content type and body", () => {
    for (const [name, byPack] of answers) {
      const distinct = new Set(byPack.values());
      expect(distinct.size, `${name}: ${[...byPack].map(([p, a]) => `${p}: ${a}`).join("\n")}`).toBe(1);
    }
    if (PACKS.length > 1) expect(answers.size).toBeGreaterThan(5);
  });
});
