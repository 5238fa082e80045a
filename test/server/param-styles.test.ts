/**
 * Every parameter style family on the server (issue 11): the param-styles fixture generated for
 * each pack (with the client), compiled with tsc --strict, booted with handlers that echo what
 * they were given. Requests go through the generated client and as raw URLs; the handler must
 * see typed values, and bad values must be 400 problems whose pointers name the place, the same
 * bytes in every pack.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { NEST_COMPILER_OPTIONS, PACKS, type Pack, listenPack } from "./conformance/harness.js";

const SPEC = path.join(FIXTURES, "specs", "3.1", "param-styles.yaml");
const OPERATIONS = ["deepObjectQuery", "formQuery", "pathStyles", "headerStyles", "cookieStyles"];

interface Booted {
  url: string;
  client: any;
  close(): Promise<void>;
}

async function boot(pack: Pack): Promise<Booted> {
  const dir = path.join(SCRATCH, "param-styles", pack);
  rmSync(dir, { recursive: true, force: true });
  const result = runCli(["generate", SPEC, "--out", dir, "--server", pack, "--client", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  // No warning about any style: every one is supported.
  expect(result.stderr).toBe("");
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
  // Each handler answers what it received (the validated, typed inputs).
  const echo = (request: { path: unknown; query: unknown; headers: unknown; cookies: unknown }) => ({
    status: 200,
    body: { path: request.path, query: request.query, headers: request.headers, cookies: request.cookies },
  });
  const handlers = Object.fromEntries(OPERATIONS.map((id) => [id, echo]));
  const config = { handlers, verifiers: {}, options: { logger: { error() {}, warn() {} } } };
  const listening = await listenPack(pack, dir, config);
  const { createClient } = await import(path.join(dir, "client.gen.ts"));
  return { ...listening, client: createClient({ baseUrl: listening.url, retry: false }).default };
}

/** case name -> pack -> the answer's status and body, compared across packs at the end. */
const answers = new Map<string, Map<Pack, string>>();

async function get(srv: Booted, pack: Pack, name: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(srv.url + target, { headers: { "x-request-id": `case-${name}`, ...headers } });
  const text = await response.text();
  if (!answers.has(name)) answers.set(name, new Map());
  answers.get(name)!.set(pack, `${response.status} ${response.headers.get("content-type")}\n${text}`);
  return { status: response.status, json: JSON.parse(text) };
}

/** The `errors` of a 400 VALIDATION_ERROR problem. */
function pointers(answer: { status: number; json: any }): string[] {
  expect(answer.status, JSON.stringify(answer.json)).toBe(400);
  expect(answer.json.code).toBe("VALIDATION_ERROR");
  return answer.json.errors.map((e: { pointer: string }) => e.pointer);
}

describe.each(PACKS)("parameter styles (%s)", (pack) => {
  let srv: Booted;
  beforeAll(async () => {
    srv = await boot(pack);
  }, 180_000);
  afterAll(() => srv?.close());

  it("deepObject: the client's filter reaches the handler typed, nested objects and arrays included", async () => {
    const filter = { author: "Ada & Lovelace", year: 1843, active: false, tags: ["math", "poetry, science"], range: { min: 1, max: 9 } };
    const echoed = await srv.client.deepObjectQuery({ query: { filter, limit: 5 } });
    expect(echoed.query).toEqual({ filter, limit: 5 });
    const raw = await get(srv, pack, "deep-raw", "/deep?filter[author]=Ada&filter[year]=1843&filter%5Brange%5D%5Bmin%5D=2&filter[tags]=x");
    expect(raw.json.query).toEqual({ filter: { author: "Ada", year: 1843, range: { min: 2 }, tags: ["x"] } });
    expect((await get(srv, pack, "deep-absent", "/deep")).json.query).toEqual({});
  });

  it("deepObject: bad members are 400s pointing inside the object", async () => {
    expect(pointers(await get(srv, pack, "deep-bad-year", "/deep?filter[author]=Ada&filter[year]=abc"))).toEqual(["/query/filter/year"]);
    expect(pointers(await get(srv, pack, "deep-bad-nested", "/deep?filter[range][max]=1.5&filter[active]=yes&limit=99"))).toEqual([
      "/query/filter/active",
      "/query/filter/range/max",
      "/query/limit",
    ]);
  });

  it("form (not exploded), spaceDelimited, pipeDelimited, exploded and delimited objects, JSON content, allowReserved", async () => {
    const query = {
      ids: [3, 1, 2],
      words: ["alpha", "beta"],
      ratios: [0.5, 2],
      point: { x: 1, y: -2 },
      color: { R: 100, G: 200, B: 150 },
      meta: { page: 2, sort: "name,asc" },
      next: "/a/b?c=d",
      tags: ["é", "a,b"],
    };
    const echoed = await srv.client.formQuery({ query });
    expect(echoed.query).toEqual(query);
    const raw = await get(srv, pack, "forms-raw", "/forms?ids=1,2&words=a%20b+c&ratios=1|2.5&x=4&y=5&color=R,1,G,2,B,3&meta=%7B%22page%22%3A1%7D&next=/x?y&tags=t");
    expect(raw.json.query).toEqual({ ids: [1, 2], words: ["a", "b", "c"], ratios: [1, 2.5], point: { x: 4, y: 5 }, color: { R: 1, G: 2, B: 3 }, meta: { page: 1 }, next: "/x?y", tags: ["t"] });
    // A value holding an encoded delimiter stays one value.
    expect((await get(srv, pack, "forms-encoded-comma", "/forms?words=a%2Cb&ids=7")).json.query).toEqual({ words: ["a,b"], ids: [7] });
  });

  it("form styles: bad items are 400s pointing at the item", async () => {
    expect(pointers(await get(srv, pack, "forms-bad", "/forms?ids=1,x&ratios=1|y&color=R,1,G,z&x=q&meta=%7B%22page%22%3A%22p%22%7D"))).toEqual([
      "/query/ids/1",
      "/query/ratios/1",
      "/query/point/x",
      "/query/color/G",
      "/query/meta/page",
    ]);
  });

  it("path: label, matrix and simple, exploded or not, scalars, arrays and objects", async () => {
    const values = { ids: [1, 2, 3], coords: { lat: 52.5, lng: -13.25 }, pair: { key: "a b", count: 2 }, tags: ["x,y", "z"], n: 7 };
    const echoed = await srv.client.pathStyles({ path: values });
    expect(echoed.path).toEqual(values);
    const raw = await get(srv, pack, "path-raw", "/paths/.4.5/;lat=1;lng=2/key,k%C3%A9,count,3/;tags=a,b%2Cc/.9");
    expect(raw.json.path).toEqual({ ids: [4, 5], coords: { lat: 1, lng: 2 }, pair: { key: "ké", count: 3 }, tags: ["a", "b,c"], n: 9 });
  });

  it("path: bad values are 400s with pointers into the parameter", async () => {
    expect(pointers(await get(srv, pack, "path-bad", "/paths/.4.x/;lat=north;lng=2/key,k,count,many/;tags=a/.9"))).toEqual(["/path/ids/1", "/path/coords/lat", "/path/pair/count"]);
    // A label value without its `.` is no value.
    expect(pointers(await get(srv, pack, "path-no-label", "/paths/.4/;lat=1/key,k/;tags=a/9"))).toEqual(["/path/n"]);
  });

  it("headers: arrays and exploded objects", async () => {
    const echoed = await srv.client.headerStyles({ headers: { "X-Ids": [1, 2], "X-Point": { x: 3, y: 4 }, "X-Flag": true } });
    expect(echoed.headers).toEqual({ "X-Ids": [1, 2], "X-Point": { x: 3, y: 4 }, "X-Flag": true });
    const raw = await get(srv, pack, "headers-raw", "/headers", { "x-ids": "5, 6,7", "x-point": "x=1, y=2" });
    expect(raw.json.headers).toEqual({ "X-Ids": [5, 6, 7], "X-Point": { x: 1, y: 2 } });
    expect(pointers(await get(srv, pack, "headers-bad", "/headers", { "x-ids": "5,six", "x-point": "x=1,y=two", "x-flag": "maybe" }))).toEqual([
      "/headers/X-Ids/1",
      "/headers/X-Point/y",
      "/headers/X-Flag",
    ]);
  });

  it("cookies: form arrays and objects", async () => {
    const echoed = await srv.client.cookieStyles({ cookies: { ids: [1, 2], n: 3, prefs: { theme: "dark;blue", size: 12 } } });
    expect(echoed.cookies).toEqual({ ids: [1, 2], n: 3, prefs: { theme: "dark;blue", size: 12 } });
    const raw = await get(srv, pack, "cookies-raw", "/cookies", { cookie: "ids=4,5; n=6; prefs=theme,light,size,9" });
    expect(raw.json.cookies).toEqual({ ids: [4, 5], n: 6, prefs: { theme: "light", size: 9 } });
    expect(pointers(await get(srv, pack, "cookies-bad", "/cookies", { cookie: "ids=4,x; n=six; prefs=size,big" }))).toEqual(["/cookies/ids/1", "/cookies/n", "/cookies/prefs/size"]);
  });
});

describe("every pack", () => {
  it("answered every case with the same status, content type and body", () => {
    for (const [name, byPack] of answers) {
      const distinct = new Set(byPack.values());
      expect(distinct.size, `${name}: ${[...byPack].map(([p, a]) => `${p}: ${a}`).join("\n")}`).toBe(1);
    }
    if (PACKS.length > 1) expect(answers.size).toBeGreaterThan(10);
  });
});
