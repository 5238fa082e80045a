// Runs in a real browser (see scripts/test-browser.mjs): the generated client, bundled for the
// browser, calls the page's own origin and reports what it saw into the DOM.
import { ApiError, createClient } from "../../.tmp/browser/out/client.gen.js";

async function run(): Promise<Record<string, unknown>> {
  const api = createClient({ baseUrl: `${location.origin}/v1`, auth: { bearerAuth: async () => "browser-token" }, retry: { baseDelayMs: 1 } });
  const order = await api.orders.getOrder.withResponse({ path: { orderId: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d" } });
  const numbers: string[] = [];
  for await (const o of api.orders.listOrders.all({ query: { limit: 1 } })) numbers.push(o.number);
  let problem: unknown;
  try {
    await api.orders.getOrder({ path: { orderId: "missing" } });
  } catch (e) {
    problem = e instanceof ApiError ? { status: e.status, detail: e.problem?.detail, requestId: e.requestId } : String(e);
  }
  return { status: order.status, etag: order.etag, number: order.data.number, numbers, problem };
}

run().then(
  (result) => (document.body.textContent = `RESULT ${JSON.stringify(result)}`),
  (error) => (document.body.textContent = `ERROR ${String(error?.stack ?? error)}`),
);
