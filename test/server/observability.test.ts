/**
 * Observability of the generated servers, per pack, over real HTTP: the example API booted with
 * a capturing JSON logger and OpenTelemetry's SDK in memory, driven by the pack-author
 * conformance run (apigen/testing, 30 requests) and by the generated client with its tracing
 * middleware. It proves that
 * - every request but the probes gives exactly one access line and one SERVER span, both with
 *   its request id and status, and the conformance answers stay byte for byte what they were;
 * - no log line and no span holds a credential or a body (the tokens, API key, password and card
 *   token the run sends, and text from the bodies);
 * - the client's span is the parent of the server's (`traceparent`), the handler's own span a
 *   child of the server's, and a handler's exception makes both an error (the server's with the
 *   exception recorded).
 */
import path from "node:path";
import { CONFORMANCE_OPTIONS, runConformance } from "apigen/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installInMemoryOtel, onlySpan } from "../helpers/otel.js";
import { boot, CONFORMANCE_PACKS, type BootedServer, type Pack, prepareOutput } from "./conformance/harness.js";

const otel = installInMemoryOtel();
const SERVER = otel.api.SpanKind.SERVER;
const PROBES = new Set(["/livez", "/readyz"]);
/** What must appear in no log line or span: credentials the requests carry and text from their bodies. */
const SECRETS = ["alice-token", "backoffice-token", "reporting-token", "example-api-key", "correct horse battery", "tok_12345678", "Hauptstraße", "Leave it with the neighbour"];

interface Line {
  level: string;
  message: string;
  details: Record<string, unknown>;
}

describe.each(CONFORMANCE_PACKS)("%s server", (pack: Pack) => {
  let srv: BootedServer;
  let api: any;
  const lines: Line[] = [];
  /** Requests the HTTP server received, probes left out. */
  let received = 0;
  let failNext = false;

  beforeAll(async () => {
    otel.reset();
    const dir = prepareOutput(pack);
    const { handlers } = await import(path.join(dir, "server", "handlers.gen.ts"));
    const { tracing } = await import(path.join(dir, "runtime", "client", "tracing.ts"));
    const at = (level: string) => (message: string, details: Record<string, unknown>) => void lines.push({ level, message, details });
    srv = await boot(pack, dir, {
      options: { ...CONFORMANCE_OPTIONS, logger: { error: at("error"), warn: at("warn"), info: at("info") }, telemetry: otel.api, principalId: (principal: { id: string }) => principal.id },
      handlers: {
        async listCategories(request: unknown) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          otel.api.trace.getTracer("app").startSpan("load categories").end();
          return handlers.listCategories(request);
        },
        getProduct(request: unknown) {
          if (failNext) throw new Error("database unreachable");
          return handlers.getProduct(request);
        },
      },
    });
    srv.server.on("request", (req: { url?: string }) => PROBES.has((req.url ?? "").split("?")[0]!) || received++);
    api = srv.client.createClient({ baseUrl: srv.url, auth: { bearerAuth: "alice-token", oauth2: "backoffice-token" }, retry: false, middleware: [tracing(otel.api)] });
  }, 180_000);
  afterAll(() => srv?.close());

  it("answers the conformance run as before, with one access line and one server span per request, and no secret in either", async () => {
    expect((await runConformance(srv.url)).failures).toEqual([]);
    const [product] = (await api.products.listProducts({})).data;
    const address = { line1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "DE" };
    const order = await api.orders.createOrder({ body: { customer_id: "9b7e1d2c-3a4f-4b5c-8d6e-7f8a9b0c1d2e", items: [{ product_id: product.id, quantity: 1 }], shipping_address: address, payment_method: { type: "card", token: "tok_12345678" } } });
    await api.orders.updateOrder({ path: { orderId: order.id }, body: { note: "Leave it with the neighbour." } }).catch(() => undefined);
    await api.customers.createCustomer({ body: { email: `observed+${pack}@example.com`, name: "Jane", password: "correct horse battery" } });

    const access = lines.filter((line) => line.level === "info");
    const spans = otel.spans().filter((span) => span.kind === SERVER);
    expect(access).toHaveLength(received);
    expect(spans).toHaveLength(received);
    const fromLines = access.map((line) => `${line.details["requestId"]} ${line.details["method"]} ${line.details["status"]}`).sort();
    const fromSpans = spans.map((span) => `${(span.attributes["http.response.header.x-request-id"] as string[])[0]} ${span.attributes["http.request.method"]} ${span.attributes["http.response.status_code"]}`).sort();
    expect(fromSpans).toEqual(fromLines);
    // Route templates, never the paths as sent; the principal where one was authenticated.
    expect(access.map((line) => line.details["route"])).toContain("/orders/{orderId}");
    expect(access.some((line) => line.details["principalId"] === "alice")).toBe(true);
    expect(spans.map((span) => span.name)).toContain("PATCH /orders/{orderId}");

    const written = [...lines.map((line) => JSON.stringify(line)), ...otel.spans().map((span) => JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events }))];
    for (const secret of SECRETS) expect(written.filter((text) => text.includes(secret)), secret).toEqual([]);
  });

  it("makes the client's span the parent of the server's, the handler's own span its child; an exception is an error on both", async () => {
    otel.reset();
    await api.products.listCategories({});
    const client = onlySpan(otel.spans(), "listCategories");
    const server = onlySpan(otel.spans(), "GET /categories");
    expect(client.kind).toBe(otel.api.SpanKind.CLIENT);
    expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(onlySpan(otel.spans(), "load categories").parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(client.attributes).toMatchObject({ "http.request.method": "GET", "url.full": `${srv.url}/categories`, "server.address": "127.0.0.1", "http.response.status_code": 200 });

    otel.reset();
    failNext = true;
    const productId = "5f0c7c3e-8a1b-4c2d-9e3f-1a2b3c4d5e6f";
    await expect(api.products.getProduct({ path: { productId } })).rejects.toMatchObject({ status: 500 });
    failNext = false;
    const failedClient = onlySpan(otel.spans(), "getProduct");
    const failedServer = onlySpan(otel.spans(), "GET /products/{productId}");
    expect(failedServer.parentSpanContext?.spanId).toBe(failedClient.spanContext().spanId);
    expect([failedClient.status.code, failedClient.attributes["error.type"]]).toEqual([otel.api.SpanStatusCode.ERROR, "500"]);
    expect([failedServer.status.code, failedServer.attributes["error.type"]]).toEqual([otel.api.SpanStatusCode.ERROR, "Error"]);
    expect(failedServer.events.map((event) => event.attributes?.["exception.message"])).toEqual(["database unreachable"]);
  });
});
