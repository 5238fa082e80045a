/**
 * Type-level tests of the generated client: a file of calls that must compile and of calls that
 * must not (`@ts-expect-error`, which itself fails to compile when the line has no error).
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const OUT = path.join(SCRATCH, "client-types");

const usage = `
import { ApiError, createClient, isOperationError, NotFoundError, type ApiResponse } from "./client.gen.js";
import type { Order, Problem } from "./models.gen.js";

const api = createClient({ auth: { bearerAuth: () => "t", apiKeyAuth: "k" } });

export async function fine(orderId: string): Promise<void> {
  const order: Order = await api.orders.getOrder({ path: { orderId } });
  const list = await api.orders.listOrders();
  const first: Order | undefined = list.data[0];
  for await (const o of api.orders.listOrders.all({ query: { limit: 10, status: "paid" } })) {
    const n: string = o.number;
  }
  const created = await api.orders.createOrder.withResponse({
    body: { customer_id: orderId, items: [{ product_id: orderId, quantity: 1 }], shipping_address: { line1: "a", city: "b", postal_code: "c", country: "DE" }, payment_method: { type: "wallet", provider: "paypal" } },
  });
  const status: 201 = created.status;
  const deleted: undefined = await api.orders.deleteOrder({ path: { orderId } });
  const raw: Response = await api.orders.getOrder.raw({ path: { orderId } }, { baseUrl: "https://eu.example.com", auth: { bearerAuth: "other" }, totalTimeoutMs: 1000, onDownloadProgress: (loaded: number, total: number | undefined) => void [loaded, total] });
  const typed = createClient({ middleware: [{ onRequest: (ctx) => void ctx.init.headers.set("x", ctx.url), onResponse: (_ctx, r) => r, onError: (_ctx, e) => (e instanceof Error ? e : undefined) }], debug: (line) => void line, userAgent: false });
  void [raw, typed];
  try {
    await api.orders.getOrder({ path: { orderId } });
  } catch (e) {
    if (e instanceof NotFoundError) {
      const apiError: ApiError = e;
      void apiError.status;
    }
  }
  void [order, first, status, deleted];
  try {
    await api.orders.getOrder({ path: { orderId } });
  } catch (e) {
    if (isOperationError(e, api.orders.getOrder) && e.status === 404) {
      const problem: Problem | undefined = e.problem;
      void problem;
    }
  }
}

export async function wrong(orderId: string): Promise<void> {
  // @ts-expect-error the path parameter is orderId, not id
  await api.orders.getOrder({ path: { id: orderId } });
  // @ts-expect-error the path is required
  await api.orders.getOrder({});
  // @ts-expect-error the body misses required fields (items, shipping_address, payment_method)
  await api.orders.createOrder({ body: { customer_id: orderId } });
  // @ts-expect-error readOnly fields are not part of a request body
  await api.orders.createOrder({ body: { id: orderId, customer_id: orderId, items: [], shipping_address: { line1: "a", city: "b", postal_code: "c", country: "DE" }, payment_method: { type: "wallet", provider: "paypal" } } });
  // @ts-expect-error unknown enum value in the query
  await api.orders.listOrders({ query: { status: "teleported" } });
  const response = await api.orders.getOrder.withResponse({ path: { orderId } });
  // @ts-expect-error 201 is not a declared status of getOrder
  const created: ApiResponse<201, Order> = response;
  try {
    await api.orders.getOrder({ path: { orderId } });
  } catch (e) {
    // @ts-expect-error 418 is not an error status getOrder declares
    if (isOperationError(e, api.orders.getOrder) && e.status === 418) void e;
  }
  // @ts-expect-error raw takes the same input as the call
  await api.orders.getOrder.raw({});
  // @ts-expect-error debug is a boolean or a line writer
  createClient({ debug: "yes" });
  // @ts-expect-error there is no such operation
  await api.orders.frobnicate();
  void created;
}
`;

it("the generated client's types accept valid calls and reject wrong names, missing fields and undeclared statuses", () => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", path.join(REPO, "examples", "orders-api", "openapi.yaml"), "--out", OUT, "--client"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(OUT, "usage.ts"), usage);
  expect(typecheck(OUT)).toBe("");
});
