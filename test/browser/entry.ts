// Runs in a real browser (see scripts/test-browser.mjs): the generated client, bundled for the
// browser, calls the page's own origin and reports what it saw into the DOM.
import { ApiError, ApiTimeoutError, createClient, isOperationError, type Middleware, NotFoundError } from "../../.tmp/browser/out/client.gen.js";
import { createClient as createStreamingClient } from "../../.tmp/browser/out-3-2/client.gen.js";

const orderId = "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d";

async function run(): Promise<Record<string, unknown>> {
  const api = createClient({ baseUrl: `${location.origin}/v1`, auth: { bearerAuth: async () => "browser-token" }, retry: { baseDelayMs: 1 } });
  const order = await api.orders.getOrder.withResponse({ path: { orderId } });
  const numbers: string[] = [];
  for await (const o of api.orders.listOrders.all({ query: { limit: 1 } })) numbers.push(o.number);
  let problem: unknown;
  try {
    await api.orders.getOrder({ path: { orderId: "missing" } });
  } catch (e) {
    problem = e instanceof ApiError ? { status: e.status, detail: e.problem?.detail, requestId: e.requestId, name: e.name, isNotFoundError: e instanceof NotFoundError, isApiError: true, isOperationError: isOperationError(e, api.orders.getOrder) } : String(e);
  }

  // A path parameter that would change the route is refused before any request.
  const dotDot = await api.orders.getOrder({ path: { orderId: ".." } }).then(
    () => "sent",
    (e: unknown) => (e instanceof TypeError && /another route; refused/.test(e.message) ? "refused" : String(e)),
  );

  // raw: the Response as it came, a 404 included.
  const response = await api.orders.getOrder.raw({ path: { orderId: "missing" } });
  const raw = { status: response.status, bodyUsed: response.bodyUsed, ...((await response.json()) as { detail: string }), title: undefined, type: undefined, request_id: undefined };
  delete (raw as Record<string, unknown>)["status_"];

  // Per-call baseUrl and auth.
  const perCall = (await api.orders.getOrder({ path: { orderId: "echo" } }, { baseUrl: `${location.origin}/v2`, auth: { bearerAuth: "call-token" } })).number;

  // Middleware: request in order, response in reverse; it can set headers.
  const trail: string[] = [];
  const link = (name: string): Middleware => ({
    onRequest: (ctx) => {
      trail.push(`${name}:request`);
      if (name === "b") ctx.init.headers.set("X-Mw", "from-middleware");
    },
    onResponse: () => void trail.push(`${name}:response`),
  });
  const withMiddleware = createClient({ baseUrl: `${location.origin}/v1`, auth: { bearerAuth: "browser-token" }, middleware: [link("a"), link("b")] });
  const middleware = { seen: (await withMiddleware.orders.getOrder({ path: { orderId: "echo" } })).number, order: trail };

  // A deadline across retries: the server asks for a 5 s wait, the deadline is 300 ms.
  const timeout = await api.orders.getOrder({ path: { orderId: "busy" } }, { totalTimeoutMs: 300 }).catch((e: unknown) => e);
  const total = timeout instanceof ApiTimeoutError ? { name: timeout.name, scope: timeout.scope } : String(timeout);

  // The debug log: one line, no token.
  const lines: string[] = [];
  const debugging = createClient({ baseUrl: `${location.origin}/v1`, auth: { bearerAuth: "browser-token" }, debug: (line) => lines.push(line) });
  await debugging.orders.getOrder({ path: { orderId } });
  const debug = { lines: lines.length, leaks: lines.some((l) => l.includes("browser-token")), shape: /^apigen getOrder: GET http:\/\/127\.0\.0\.1:\d+\/v1\/orders\/[0-9a-f-]+ -> 200 OK, \d+ ms, attempt 1$/.test(lines[0] ?? "") };

  // Progress: a download through the response body stream; an upload (Chromium streams request
  // bodies over HTTP/2 only: over this HTTP/1.1 server the body goes whole, reported once).
  const downloads: [number, number | undefined][] = [];
  await api.orders.getOrder({ path: { orderId: "big" } }, { onDownloadProgress: (loaded, total) => downloads.push([loaded, total]) });
  const download = { last: downloads.at(-1), calls: downloads.length > 0 };
  const uploads: [number, number | undefined][] = [];
  const body = { customer_id: orderId, items: [{ product_id: orderId, quantity: 1 }], shipping_address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" }, payment_method: { type: "wallet" as const, provider: "paypal" as const } };
  const created = await api.orders.createOrder({ body }, { onUploadProgress: (loaded, total) => uploads.push([loaded, total]) });
  const size = new TextEncoder().encode(JSON.stringify(body)).length;
  const upload = { received: created.number === `received ${size}`, lastIsTotal: JSON.stringify(uploads.at(-1)) === JSON.stringify([size, size]), reports: uploads.length };

  // Streams (the 3.2 fixture's client): server-sent events with JSON data (CRLF lines too), JSON Lines, leaving early.
  const streaming = createStreamingClient({ baseUrl: location.origin, auth: { device: "browser-token" } });
  const events: unknown[] = [];
  for await (const event of streaming.catalog.productEvents({ path: { id: "p1" } })) events.push(event);
  const history = await streaming.catalog.productHistory.withResponse({ path: { id: "p1" } });
  const names: string[] = [];
  for await (const product of history.items) names.push(product.name);
  let leftEarly = 0;
  for await (const event of streaming.catalog.productEvents({ path: { id: "endless" } })) {
    if (event.data.kind === "price") leftEarly++;
    break;
  }
  const streams = { events, history: names, status: history.status, leftEarly };

  return { status: order.status, etag: order.etag, number: order.data.number, numbers, problem, dotDot, raw, perCall, middleware, total, debug, download, upload, streams };
}

run().then(
  (result) => (document.body.textContent = `RESULT ${JSON.stringify(result)}`),
  (error) => (document.body.textContent = `ERROR ${String(error?.stack ?? error)}`),
);
