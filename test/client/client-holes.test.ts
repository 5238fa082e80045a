/**
 * The typing and wire holes of issue 13, on a fixture that has each shape (test/fixtures/client/
 * holes.yaml): a type-level file of calls that must compile and of `@ts-expect-error` lines that
 * must not (a line without an error fails the compile), then the generated client for real
 * against a local server.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { sendJson, TestServer } from "../helpers/test-server.js";
import { typecheck } from "../helpers/typecheck.js";

const OUT = path.join(SCRATCH, "client-holes");
const server = new TestServer();
let baseUrl: string;
let holes: any;

const usage = `
import { ApiError, createClient, isOperationError, type GetPetByIdError } from "./client.gen.js";
import type { Pet, Problem } from "./models.gen.js";

const api = createClient({ auth: { bearerAuth: () => "t", basicAuth: { username: "u", password: "p" } } });

export async function fine(stream: ReadableStream<Uint8Array>): Promise<void> {
  const ok = await api.default.ping();
  const pet: Pet = await api.default.getPetById({ path: { petId: 1 } });
  const xml: Blob = await api.default.getPetById({ path: { petId: 1 } }, { accept: "application/xml" });
  const full = await api.default.getPetById.withResponse({ path: { petId: 1 } });
  const mediaType: "application/json" = full.mediaType;
  await api.default.uploadPhoto({ path: { petId: 1 }, body: stream });
  const created = await api.default.postProfile.withResponse({ path: { petId: 1 }, body: { meta: pet, image: new Blob([]) } });
  const location: string | undefined = created.declaredHeaders.Location;
  const remaining: number | undefined = created.declaredHeaders["X-Rate-Limit-Remaining"];
  const flags: string[] | undefined = created.declaredHeaders["X-Flags"];
  void [location, remaining, flags];
  try {
    await api.default.getPetById({ path: { petId: 1 } });
  } catch (e) {
    if (isOperationError(e, api.default.getPetById) && e.status === 404) {
      const problem: Problem = e.body;
      const detail: string | undefined = e.problem?.detail;
      void [problem, detail];
    }
    if (e instanceof ApiError) {
      const detail: string | undefined = e.problem?.detail;
      void detail;
    }
  }
  void [ok, pet, xml, mediaType];
}

export function notNarrowedAway(e: GetPetByIdError): number {
  // A GetPetByIdError whose body is not what the spec says is not an operation error: the false
  // branch keeps its type instead of claiming it cannot happen.
  if (!isOperationError(e, api.default.getPetById)) return e.status;
  return e.status;
}

export async function wrong(): Promise<void> {
  // @ts-expect-error an operation without parameters takes no query
  await api.default.ping({ query: { anything: true } });
  // @ts-expect-error nor a body
  await api.default.ping({ body: {} });
  // @ts-expect-error a misspelt scheme name
  createClient({ auth: { bearerAtuh: "t" } });
  // @ts-expect-error a bearer scheme takes a token, not a username and password
  createClient({ auth: { bearerAuth: { username: "u", password: "p" } } });
  // @ts-expect-error basic takes a username and password, not a token
  createClient({ auth: { basicAuth: "t" } });
  // @ts-expect-error the XML variant is a Blob, not a Pet
  const pet: Pet = await api.default.getPetById({ path: { petId: 1 } }, { accept: "application/xml" });
  const created = await api.default.postProfile.withResponse({ path: { petId: 1 }, body: { meta: pet, image: new Blob([]) } });
  // @ts-expect-error a header the response does not declare
  void created.declaredHeaders.Lcation;
  // @ts-expect-error an integer header is a number
  const remaining: string | undefined = created.declaredHeaders["X-Rate-Limit-Remaining"];
  void remaining;
  // @ts-expect-error text/csv is not a media type getPetById declares
  await api.default.getPetById({ path: { petId: 1 } }, { accept: "text/csv" });
  try {
    await api.default.getPetById({ path: { petId: 1 } });
  } catch (e) {
    if (e instanceof ApiError) {
      // @ts-expect-error a typo in a problem field
      void e.problem?.detial;
    }
    if (isOperationError(e, api.default.getPetById) && e.status === 404) {
      // @ts-expect-error a typo in the spec's problem type
      void e.body.detial;
    }
  }
  void pet;
}
`;

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", path.join(FIXTURES, "client", "holes.yaml"), "--out", OUT, "--client", "--format", "none", "--no-lint"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(OUT, "usage.ts"), usage);
  holes = await import(path.join(OUT, "client.gen.ts"));
  baseUrl = await server.start();
});
afterAll(() => server.stop());

const client = (extra: Record<string, unknown> = {}) => holes.createClient({ baseUrl, auth: { bearerAuth: "tok", basicAuth: { username: "ada", password: "pw" } }, retry: false, ...extra });

describe("types", () => {
  it("valid calls compile; each hole is a compile error (tsc --strict)", () => {
    expect(typecheck(OUT)).toBe("");
  });
});

describe("against a local server", () => {
  it("a JSON response without a Content-Type is parsed as JSON, as its type says", async () => {
    server.respond((_req, res) => {
      res.writeHead(200);
      res.end('{"ok":true}');
    });
    expect(await client().default.ping()).toEqual({ ok: true });
  });

  it("asks for JSON first (no XML), with the error types; accept asks for the one given", async () => {
    server.respond((req, res) => void (req.headers.accept!.startsWith("application/xml") ? res.writeHead(200, { "content-type": "application/xml" }).end("<pet/>") : sendJson(res, 200, { id: 1, name: "Rex" })));
    expect(await client().default.getPetById({ path: { petId: 1 } })).toEqual({ id: 1, name: "Rex" });
    const xml = await client().default.getPetById.withResponse({ path: { petId: 1 } }, { accept: "application/xml" });
    expect(xml.mediaType).toBe("application/xml");
    expect(await (xml.data as Blob).text()).toBe("<pet/>");
    expect(server.requests.map((r) => r.headers.accept)).toEqual(["application/json, application/problem+json, text/html", "application/xml, application/problem+json, text/html"]);
  });

  it("isOperationError holds only for a declared status with the body it declares", async () => {
    const caught = async (status: number, contentType: string, body: string) => {
      server.respond((_req, res) => {
        res.writeHead(status, { "content-type": contentType });
        res.end(body);
      });
      return client().default.getPetById({ path: { petId: 1 } }).catch((e: unknown) => e);
    };
    const op = () => client().default.getPetById;
    const problem = JSON.stringify({ title: "Not Found", status: 404 });
    expect(holes.isOperationError(await caught(404, "application/problem+json", problem), op())).toBe(true);
    expect(holes.isOperationError(await caught(500, "application/problem+json", JSON.stringify({ title: "Oops", status: 500 })), op())).toBe(false); // not declared
    expect(holes.isOperationError(await caught(404, "text/html", "<h1>Not Found</h1>"), op())).toBe(false); // not the JSON it declares
    expect(holes.isOperationError(await caught(404, "application/problem+json", "{not json"), op())).toBe(false);
    expect(holes.isOperationError(await caught(409, "text/html", "<p>conflict</p>"), op())).toBe(true); // declared as HTML
    // With response validation, the body must match the schema too.
    const schemas = await import(path.join(OUT, "client-schemas.gen.ts"));
    server.respond((_req, res) => sendJson(res, 404, { title: 7 }, {}, "application/problem+json"));
    const validating = client({ responseSchemas: schemas.responseSchemas });
    const wrongShape = await validating.default.getPetById({ path: { petId: 1 } }).catch((e: unknown) => e);
    expect(wrongShape).toBeInstanceOf(holes.ApiError);
    expect(holes.isOperationError(wrongShape, validating.default.getPetById)).toBe(false);
  });

  it("allowReserved sends reserved characters of a query value as they are", async () => {
    server.respond((_req, res) => sendJson(res, 200, []));
    await client().default.search({ query: { path: "docs/a b?c=d" } });
    expect(server.requests[0]!.url).toBe("/search?path=docs/a%20b?c=d");
  });

  it("an octet-stream body may be a ReadableStream, sent with basic auth", async () => {
    server.respond((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("chunk-1,"));
        controller.enqueue(new TextEncoder().encode("chunk-2"));
        controller.close();
      },
    });
    await client().default.uploadPhoto({ path: { petId: 1 }, body: stream });
    expect(server.requests[0]!.body.toString()).toBe("chunk-1,chunk-2");
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("ada:pw").toString("base64")}`);
  });

  it("typed response headers are read as their schema types", async () => {
    server.respond((_req, res) => sendJson(res, 201, { id: 1, name: "Rex" }, { location: "/pets/1", "x-rate-limit-remaining": "41", "x-flags": "a, b", "x-cached": "nope" }));
    const created = await client().default.postProfile.withResponse({ path: { petId: 1 }, body: { meta: { id: 1, name: "Rex" }, image: new Blob([]) } });
    // X-Cached is not a boolean: left out rather than typed wrong.
    expect(created.declaredHeaders).toEqual({ Location: "/pets/1", "X-Rate-Limit-Remaining": 41, "X-Flags": ["a", "b"] });
  });
});
