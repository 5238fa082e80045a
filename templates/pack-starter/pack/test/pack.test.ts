// The pack's own test: generates a small API with this pack, boots it through boot.ts and talks
// HTTP to it; then apigen's conformance check (apigen/testing): the example Orders API on this
// pack must answer every case exactly as apigen's built-in packs do. Run with
// `npx vitest run <pack folder>/test`; needs apigen, vitest and zod.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareConformance, runConformance } from "apigen/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listen } from "../boot.js";

const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(PACK, ".test-output");
const SPEC = `openapi: 3.1.0
info: { title: Pack test, version: 1.0.0 }
paths:
  /things/{thingId}:
    get:
      operationId: getThing
      parameters: [{ name: thingId, in: path, required: true, schema: { type: integer } }]
      responses:
        "200": { description: A thing, content: { application/json: { schema: { type: object, properties: { id: { type: integer } } } } } }
`;

let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, "openapi.yaml"), SPEC);
  const apigen = process.env.APIGEN_BIN ?? path.join(process.cwd(), "node_modules", "apigen", "bin", "apigen.js");
  execFileSync(process.execPath, [apigen, "generate", path.join(OUT, "openapi.yaml"), "--out", path.join(OUT, "api"), "--server", PACK, "--format", "none", "--no-lint"]);
  const handlers = { getThing: (request: { path: { thingId: number } }) => ({ status: 200, body: { id: request.path.thingId } }) };
  server = await listen(path.join(OUT, "api"), { handlers, verifiers: {} });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(OUT, { recursive: true, force: true });
});

it("answers an operation with its validated input", async () => {
  const answer = await fetch(`${server.url}/things/42`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ id: 42 });
});

it("answers invalid input, unknown paths and wrong methods with problems", async () => {
  const invalid = await fetch(`${server.url}/things/forty-two`);
  expect(invalid.status).toBe(400);
  expect(invalid.headers.get("content-type")).toBe("application/problem+json");
  expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  const wrongMethod = await fetch(`${server.url}/things/42`, { method: "DELETE" });
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD");
});

it("answers apigen's conformance cases as the built-in packs do", async () => {
  const out = path.join(OUT, "conformance");
  prepareConformance({ pack: PACK, out });
  const { config } = await import(path.join(out, "conformance.config.ts"));
  const conformance = await listen(out, config);
  try {
    // Each failure names the case and the lines that differ (- the built-in packs', + this pack's).
    expect((await runConformance(conformance.url)).failures).toEqual([]);
  } finally {
    await conformance.close();
  }
}, 120_000);
