/**
 * The built-in TanStack Query pack (`--client-pack tanstack-query`), built only on the client
 * pack API: query and mutation options per operation over the generated client, stable keys,
 * invalidation per tag, the client's typed errors. Compiled with tsc --strict together with a
 * user file whose types must hold, then run with a real QueryClient (@tanstack/query-core, no
 * React) against the example's server booted on 127.0.0.1.
 */
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MutationObserver, QueryClient } from "@tanstack/query-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedOutput } from "../helpers/output-cache.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { boot, EXAMPLE_IMPLEMENTATION, EXAMPLE_SPEC, type BootedServer } from "../server/conformance/harness.js";

const USER_FILE = `import { QueryClient } from "@tanstack/query-core";
import { createClient } from "./client.gen.js";
import type * as M from "./models.gen.js";
import { createQueries } from "./tanstack-query/queries.gen.js";

const queries = createQueries(createClient({ baseUrl: "http://localhost" }));
const queryClient = new QueryClient();

export async function typed(): Promise<M.Order> {
  const order = await queryClient.fetchQuery(queries.orders.getOrder.queryOptions({ path: { orderId: "x" } }));
  // The key carries the data type: the cache reads back an Order.
  const cached: M.Order | undefined = queryClient.getQueryData(queries.orders.getOrder.queryKey({ path: { orderId: "x" } }));
  void cached;
  // @ts-expect-error getOrder needs its path
  queries.orders.getOrder.queryOptions();
  const list = await queryClient.fetchQuery(queries.orders.listOrders.queryOptions());
  const pages = await queryClient.fetchInfiniteQuery(queries.orders.listOrders.infiniteQueryOptions({ query: { limit: 2 } }));
  const firstItems: M.Order[] = pages.pages[0]!.items;
  void firstItems;
  // @ts-expect-error an OrderList is no Order
  const wrong: M.Order = list;
  void wrong;
  return order;
}
`;

function prepare(): string {
  const args = ["generate", EXAMPLE_SPEC, "--out", "<dir>", "--server", "fastify", "--client-pack", "tanstack-query", "--format", "none", "--no-lint"];
  return sharedOutput("tanstack-query", JSON.stringify({ args, USER_FILE }), [EXAMPLE_SPEC, EXAMPLE_IMPLEMENTATION], (dir) => {
    const result = runCli(args.map((a) => (a === "<dir>" ? dir : a)));
    expect(result.status, result.stderr).toBe(0);
    cpSync(EXAMPLE_IMPLEMENTATION, dir, { recursive: true });
    writeFileSync(path.join(dir, "user.ts"), USER_FILE);
    // runtimeViews: the pack's runtime (runtime/tanstack-query/) is @ts-nocheck in outputs; compiled checked here.
    expect(typecheck(dir, ["**/*.ts"], { noUnusedLocals: true, noUnusedParameters: true }, { runtimeViews: true })).toBe("");
  });
}

describe("the TanStack Query pack", () => {
  let srv: BootedServer;
  let queries: any;
  let queryClient: QueryClient;
  const body = (productId: string) => ({ customer_id: "9b7e1d2c-3a4f-4b5c-8d6e-7f8a9b0c1d2e", items: [{ product_id: productId, quantity: 1 }], shipping_address: { line1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "DE" }, payment_method: { type: "card", token: "tok_12345678" } });

  beforeAll(async () => {
    const dir = prepare();
    srv = await boot("fastify", dir);
    const { createQueries } = await import(path.join(dir, "tanstack-query", "queries.gen.ts"));
    queries = createQueries(srv.client.createClient({ baseUrl: srv.url, auth: { bearerAuth: "alice-token", oauth2: "backoffice-token" }, retry: false }));
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  }, 180_000);
  // The generated module is imported at run time (untyped here; its types are checked in user.ts above).
  const fetchQuery = (options: any): Promise<any> => queryClient.fetchQuery(options);
  const fetchInfiniteQuery = (options: any): Promise<any> => queryClient.fetchInfiniteQuery(options);
  const mutate = (options: any, input: unknown): Promise<any> => new MutationObserver<unknown, Error, unknown>(queryClient, options).mutate(input);

  afterAll(async () => {
    queryClient?.clear();
    await srv?.close();
  });

  it("queries and mutations run through the client; keys are [group, operation, input]", async () => {
    const products = await fetchQuery(queries.products.listProducts.queryOptions());
    const created = await mutate(queries.orders.createOrder.mutationOptions(), { body: body(products.data[0].id) });
    expect(created).toMatchObject({ status: "pending" });
    const key = queries.orders.getOrder.queryKey({ path: { orderId: created.id } });
    expect(key).toEqual(["orders", "getOrder", { path: { orderId: created.id } }]);
    expect(queries.orders.listOrders.queryKey()).toEqual(["orders", "listOrders", {}]);
    const read = await fetchQuery(queries.orders.getOrder.queryOptions({ path: { orderId: created.id } }));
    expect(read).toEqual(created);
    expect(queryClient.getQueryData(key)).toEqual(created);
  });

  it("invalidating a group marks its queries stale, and a refetch sees the change", async () => {
    const products = await fetchQuery(queries.products.listProducts.queryOptions());
    const created = await mutate(queries.orders.createOrder.mutationOptions(), { body: body(products.data[0].id) });
    const options = queries.orders.getOrder.queryOptions({ path: { orderId: created.id } });
    await fetchQuery(options);
    await mutate(queries.orders.updateOrder.mutationOptions(), { path: { orderId: created.id }, headers: { "If-Match": "*" }, body: { note: "Leave it at the door." } });
    expect(queryClient.getQueryState(options.queryKey)?.isInvalidated).toBe(false);
    await queries.orders.invalidate(queryClient);
    expect(queryClient.getQueryState(options.queryKey)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(queries.products.listProducts.queryKey())?.isInvalidated).toBe(false); // another group is untouched
    expect(await fetchQuery(options)).toMatchObject({ note: "Leave it at the door." });
  });

  it("an infinite query follows the API's pagination one page at a time, and stops after the last", async () => {
    const products = await fetchQuery(queries.products.listProducts.queryOptions());
    for (let i = 0; i < 5; i++) await mutate(queries.orders.createOrder.mutationOptions(), { body: body(products.data[0].id) });
    const all = await fetchQuery(queries.orders.listOrders.queryOptions({ query: { limit: 100 } }));
    const options = queries.orders.listOrders.infiniteQueryOptions({ query: { limit: 3 } });
    expect(options.queryKey).toEqual(["orders", "listOrders", { query: { limit: 3 } }, "pages"]);
    const pages = Math.ceil(all.data.length / 3);
    const infinite = await fetchInfiniteQuery({ ...options, pages: pages + 2 });
    expect(infinite.pages).toHaveLength(pages); // no empty page fetched past the end
    expect(infinite.pages.flatMap((page: any) => page.items.map((order: any) => order.id))).toEqual(all.data.map((order: any) => order.id));
    expect(infinite.pages.at(-1).next).toBeUndefined();
    expect(infinite.pageParams[1]).toMatchObject({ input: { query: { limit: 3, cursor: expect.any(String) } } });
  });

  it("a failed query rejects with the client's typed error", async () => {
    const failure = await fetchQuery(queries.orders.getOrder.queryOptions({ path: { orderId: "00000000-0000-4000-8000-000000000000" } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 404, problem: { code: "ORDER_NOT_FOUND" } });
  });
});
