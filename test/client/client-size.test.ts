/**
 * What the generated client weighs in a browser app: the example spec's client bundled with
 * rolldown (minified, for the browser), gzipped. A client that uses none of the optional parts
 * (debug log, progress, walking pages, multipart bodies, typed response headers, and the error
 * classes it has not met yet) must load under 6 kB of runtime and must not carry their
 * code: they are separate chunks, loaded only when used.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { rolldown } from "rolldown";
import { beforeAll, expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const OUT = path.join(SCRATCH, "client-size");
const LIMIT = 6 * 1024;

// The runtime as a generated client uses it: what client.gen.ts imports, for one plain and one paginated operation.
const runtimeOnly = `
import { createRuntime, isOperationError, operation, paginated } from "./out/runtime/client/index.js";
const runtime = createRuntime({}, { baseUrl: "https://api.example.com", securitySchemes: {}, userAgent: "x/1 apigen/1" });
export const get = operation(runtime, { id: "get", method: "GET", path: "/a", params: [], responses: {} });
export const list = paginated(runtime, { id: "list", method: "GET", path: "/a", params: [], responses: {} });
export { isOperationError };
`;
// An app that creates the example spec's client and calls one operation.
const exampleClient = `
import { createClient } from "./out/client.gen.js";
const api = createClient({ baseUrl: "https://api.example.com/v1", auth: { bearerAuth: "t" } });
export const order = api.orders.getOrder({ path: { orderId: "x" } });
`;

interface Bundle {
  /** What loads at startup: the entry chunk and the chunks it imports statically. */
  entry: string;
  /** Chunks loaded by dynamic import only. */
  lazy: string[];
}

async function bundle(name: string, source: string): Promise<Bundle> {
  const input = path.join(OUT, `${name}.ts`);
  writeFileSync(input, source);
  const build = await rolldown({ input, platform: "browser", logLevel: "silent" });
  const { output } = await build.generate({ format: "esm", minify: true });
  await build.close();
  const chunks = output.filter((o) => o.type === "chunk");
  const entry = chunks.find((c) => c.isEntry)!;
  const startup = new Set([entry.fileName, ...entry.imports]);
  return { entry: chunks.filter((c) => startup.has(c.fileName)).map((c) => c.code).join("\n"), lazy: chunks.filter((c) => !startup.has(c.fileName)).map((c) => c.code) };
}

const gzip = (code: string) => gzipSync(code, { level: 9 }).length;

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", path.join(REPO, "examples", "orders-api", "openapi.yaml"), "--out", path.join(OUT, "out"), "--client"]);
  expect(result.status, result.stderr).toBe(0);
});

// One string of each module that loads only when used: debug.ts, progress.ts, paginate.ts,
// multipart.ts, error-classes.ts, response-validation-error.ts, cross-origin-error.ts,
// declared-headers.ts, credential-headers.ts (a minifier keeps string literals as they are).
const OPTIONAL_MARKERS = ["[redacted]", "content-encoding", "totalPagesField", "----apigen-", "UnprocessableEntityError", "does not match its schema", "not followed, so the API", "integer", "proxy-authorization"];

it("the runtime of a client that uses none of the optional parts loads under 6 kB min+gzip and carries none of their code", async () => {
  const { entry, lazy } = await bundle("runtime", runtimeOnly);
  const all = gzip(entry) + lazy.map(gzip).reduce((a, b) => a + b, 0);
  console.log(`client runtime: ${gzip(entry)} B min+gzip at startup; with every optional part loaded (debug ${gzip(lazy.find((c) => c.includes("[redacted]"))!)} B, progress, pagination) ${all} B`);
  expect(gzip(entry)).toBeLessThan(LIMIT);
  // The optional parts are in chunks of their own, loaded only when used.
  expect(lazy).toHaveLength(OPTIONAL_MARKERS.length);
  for (const marker of OPTIONAL_MARKERS) {
    expect(entry).not.toContain(marker);
    expect(lazy.some((chunk) => chunk.includes(marker))).toBe(true);
  }
  expect(all).toBeLessThan(LIMIT + 5 * 1024);
});

it("a whole generated client tree-shakes the same way", async () => {
  const { entry, lazy } = await bundle("client", exampleClient);
  console.log(`example spec's client with all its operations: ${gzip(entry)} B min+gzip at startup`);
  // The example streams (watchOrder): its parsers are one more chunk, loaded with the first stream.
  const markers = [...OPTIONAL_MARKERS, "of the JSON text sequence was cut short"];
  expect(lazy).toHaveLength(markers.length);
  for (const marker of markers) {
    expect(entry).not.toContain(marker);
    expect(lazy.some((chunk) => chunk.includes(marker))).toBe(true);
  }
});
