/**
 * OpenAPI 3.2's QUERY method (issue 15) end to end, in every pack and through the generated
 * client: a safe search whose conditions travel in a request body. The 3.2 fixture puts GET
 * and QUERY on one path, so routing by method, 405's Allow, CORS preflights and validation of
 * the QUERY body are all exercised; the client sends QUERY with its JSON body and gets the
 * typed answer. Every pack answers every recorded case with the same bytes.
 */
import { writeFileSync } from "node:fs";
import { QueryClient } from "@tanstack/query-core";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { APP_ORIGIN, boot, NEST_COMPILER_OPTIONS, PACKS, type BootedServer, type Pack } from "./conformance/harness.js";
import { SECURITY_3_2, SPEC_3_2 } from "./fixture-3-2.js";
import { ALICE, call, problemOf, recorded } from "./conformance/http.js";

const SPEC = SPEC_3_2;

const PRODUCTS = `export const products = [
  { id: "p1", name: "red kettle", price: 30 },
  { id: "p2", name: "blue kettle", price: 45 },
  { id: "p3", name: "red mug", price: 8 },
];
`;

/** The search filters by what the QUERY body says, so the answer proves the body reached the handler parsed. */
const SEARCH_HANDLERS = `import type { SearchHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";
import { products } from "./products.js";

export const searchHandlers: SearchHandlers<Principal> = {
  async searchProducts({ body, query }) {
    const found = products.filter((p) => (body.text === undefined || p.name.includes(body.text)) && (body.maxPrice === undefined || p.price <= body.maxPrice));
    return { status: 200, body: { items: found.slice(0, query.limit ?? found.length), total: found.length } };
  },
};
`;

const CATALOG_HANDLERS = `import type { CatalogHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";
import { products } from "./products.js";

export const catalogHandlers: CatalogHandlers<Principal> = {
  async listProducts({ query }) {
    return { status: 200, body: products.slice(0, query.limit ?? products.length) };
  },
  async getProduct({ path }) {
    const product = products.find((p) => p.id === path.id);
    return product ? { status: 200, body: product } : { status: 404, body: { title: "Not Found", status: 404 } };
  },
  async productHistory() {
    return { status: 200, body: [] };
  },
  async productEvents() {
    return { status: 200, body: [] };
  },
};
`;

/** 3.2 additionalOperations: PURGE /products, counted so the test sees the handler ran. */
const DEFAULT_HANDLERS = `import type { DefaultHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

const counter = ((globalThis as { purges?: { count: number } }).purges ??= { count: 0 });

export const defaultHandlers: DefaultHandlers<Principal> = {
  async purgeProducts() {
    counter.count++;
    return { status: 204 };
  },
};
`;


function prepare(pack: Pack, clientArgs = ["--client"]): string {
  const dir = path.join(SCRATCH, "query-method", `${pack}${clientArgs.length > 1 ? "-tanstack" : ""}`);
  const result = runCli(["generate", SPEC, "--out", dir, "--server", pack, ...clientArgs, "--force", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(dir, "handlers", "products.ts"), PRODUCTS);
  writeFileSync(path.join(dir, "handlers", "search.ts"), SEARCH_HANDLERS);
  writeFileSync(path.join(dir, "handlers", "catalog.ts"), CATALOG_HANDLERS);
  writeFileSync(path.join(dir, "handlers", "default.ts"), DEFAULT_HANDLERS);
  writeFileSync(path.join(dir, "security.ts"), SECURITY_3_2);
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
  return dir;
}

describe.each(PACKS)("%s server: the QUERY method (OpenAPI 3.2)", (pack: Pack) => {
  let srv: BootedServer;
  const query = (name: string, url: string, json: unknown, headers: Record<string, string> = {}) => call(srv.url, pack, `query: ${name}`, "QUERY", url, { json, headers });

  beforeAll(async () => {
    srv = await boot(pack, prepare(pack));
  }, 180_000);
  afterAll(() => srv?.close());

  it("routes QUERY to its operation with the parsed body and query, beside the path's GET", async () => {
    const found = await query("search", "/products?limit=1", { text: "kettle", maxPrice: 40 });
    expect([found.status, found.json]).toEqual([200, { items: [{ id: "p1", name: "red kettle", price: 30 }], total: 1 }]);
    const all = await query("search all", "/products", {});
    expect([all.status, all.json.total]).toEqual([200, 3]);
    const listed = await call(srv.url, pack, "query: list", "GET", "/products?limit=2");
    expect([listed.status, listed.json.length]).toEqual([200, 2]);
  });

  it("validates the QUERY body like any other: unknown members, bad values and a missing body are 400s", async () => {
    const extra = problemOf(await query("unknown member", "/products", { text: "x", colour: "red" }), 400, "VALIDATION_ERROR");
    expect(extra.errors).toEqual([{ pointer: "/body/colour", message: 'Unknown property "colour".' }]);
    const negative = problemOf(await query("negative price", "/products", { maxPrice: -1 }), 400, "VALIDATION_ERROR");
    expect(negative.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body/maxPrice"]);
    const missing = await call(srv.url, pack, "query: no body", "QUERY", "/products");
    expect(problemOf(missing, 400, "VALIDATION_ERROR").errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body"]);
    const unauthenticated = await call(srv.url, pack, "query: no credentials", "QUERY", "/products", { json: {}, auth: null });
    problemOf(unauthenticated, 401, "AUTHENTICATION_REQUIRED");
  });

  it("reads an `in: querystring` object's fields from the query string, validated", async () => {
    const since = await call(srv.url, pack, "querystring: valid", "GET", "/products/p1/history?since=2026-01-01T00:00:00Z");
    expect(since.status).toBe(200);
    const bad = problemOf(await call(srv.url, pack, "querystring: invalid", "GET", "/products/p1/history?since=yesterday"), 400, "VALIDATION_ERROR");
    expect(bad.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/query/since"]);
  });

  it("serves an additionalOperations method (PURGE) as its operation, and the client sends it", async () => {
    const purges = ((globalThis as { purges?: { count: number } }).purges ??= { count: 0 });
    const before = purges.count;
    const purged = await call(srv.url, pack, "purge", "PURGE", "/products");
    expect([purged.status, purged.text]).toEqual([204, ""]);
    problemOf(await call(srv.url, pack, "purge: no credentials", "PURGE", "/products", { auth: null }), 401, "AUTHENTICATION_REQUIRED");
    problemOf(await call(srv.url, pack, "purge: other path", "PURGE", "/products/p1"), 405, "METHOD_NOT_ALLOWED");
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: ALICE.slice("Bearer ".length) }, retry: false });
    const response = await api.default.purgeProducts.withResponse();
    expect(response.status).toBe(204);
    expect(purges.count - before).toBe(2);
  });

  it("lists QUERY in 405's Allow and in CORS preflights of the path", async () => {
    const wrong = await call(srv.url, pack, "query: delete", "DELETE", "/products");
    problemOf(wrong, 405, "METHOD_NOT_ALLOWED");
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, PURGE, QUERY");
    const preflight = await call(srv.url, pack, "query: preflight", "OPTIONS", "/products", {
      auth: null,
      headers: { origin: APP_ORIGIN, "access-control-request-method": "QUERY", "access-control-request-headers": "content-type, authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("QUERY");
  });

  it("the generated client sends QUERY with its JSON body and reads the typed answer", async () => {
    const api = srv.client.createClient({ baseUrl: srv.url, auth: { device: ALICE.slice("Bearer ".length) }, retry: false });
    const response = await api.search.searchProducts.withResponse({ body: { text: "red" }, query: { limit: 5 } });
    expect([response.status, response.data]).toEqual([200, { items: [{ id: "p1", name: "red kettle", price: 30 }, { id: "p3", name: "red mug", price: 8 }], total: 2 }]);
    const invalid = await api.search.searchProducts({ body: { maxPrice: -5 } }).catch((error: unknown) => error);
    expect((invalid as { status?: number }).status).toBe(400);
  });
});

describe("the TanStack Query pack: the QUERY method", () => {
  let srv: BootedServer;
  beforeAll(async () => {
    srv = await boot("fastify", prepare("fastify", ["--client-pack", "tanstack-query"]));
  }, 180_000);
  afterAll(() => srv?.close());

  it("makes a QUERY operation a cached query (it reads), keyed by its input, body included", async () => {
    const { createQueries } = await import(path.join(srv.dir, "tanstack-query", "queries.gen.ts"));
    const queries = createQueries(srv.client.createClient({ baseUrl: srv.url, auth: { device: "alice-token" }, retry: false }));
    expect(Object.keys(queries.search.searchProducts)).toEqual(expect.arrayContaining(["queryKey", "queryOptions"]));
    expect(queries.search.searchProducts.mutationOptions).toBeUndefined();
    const queryClient = new QueryClient();
    const input = { body: { text: "mug" } };
    const found = await queryClient.fetchQuery(queries.search.searchProducts.queryOptions(input));
    expect(found).toEqual({ items: [{ id: "p3", name: "red mug", price: 8 }], total: 1 });
    expect(queryClient.getQueryData(queries.search.searchProducts.queryKey({ body: { text: "mug" } }))).toEqual(found);
    expect(queryClient.getQueryData(queries.search.searchProducts.queryKey({ body: { text: "kettle" } }))).toBeUndefined();
  });
});

describe("all packs: the QUERY method", () => {
  it("answer every recorded case with the same status, headers and body", () => {
    expect(recorded.size).toBeGreaterThan(8);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
