/**
 * Response safety in every mode (issue 11): a handler that returns a stored object (a password,
 * a card token, internal columns, at any depth) sends only what the response schema declares.
 * Each pack's example server is booted in production mode (NODE_ENV=production, so no response
 * validation), with handlers that leak, and spoken to over real HTTP; the same leaks are sent with
 * `filterResponses: false` (what every mode did before) and in test mode (validation on). The
 * three packs must answer every case with the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, CONFORMANCE_PACKS as PACKS, prepareOutput, type BootedServer, type Pack } from "./harness.js";
import { call, problemOf, recorded } from "./http.js";

const CUSTOMER_ID = "9b7e1d2c-3a4f-4b5c-8d6e-7f8a9b0c1d2e";
const ORDER_ID = "3f2b6c1e-8a4d-4e7b-9c1a-2d5e6f7a8b9c";
const address = { line1: "Hauptstraße 1", line2: null, city: "Berlin", postal_code: "10115", country: "DE" };
const customer = { id: CUSTOMER_ID, email: "jane@example.com", name: "Jane", phone: null, marketing_opt_in: false, addresses: [address], metadata: { channel: "web", segment: "b2b" }, created_at: "2026-03-01T12:00:00Z" };
/** The customer as a database row: writeOnly password, undeclared columns, at depth too. */
const customerRow = { ...customer, password: "correct horse battery", password_hash: "$argon2id$v=19$secret", addresses: [{ ...address, geo: { lat: 52.52 } }], tenant_id: 7, deleted_at: null };
const money = { amount: 4998, currency: "EUR" };
const order = {
  id: ORDER_ID,
  number: "ORD-00001234",
  status: "paid",
  customer_id: CUSTOMER_ID,
  items: [{ id: "0c9d8e7f-6a5b-4c3d-9e1f-0a1b2c3d4e5f", product_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", quantity: 2, unit_price: { amount: 2499, currency: "EUR" }, line_total: money }],
  shipping_address: address,
  payment_method: { type: "card", brand: "visa", last4: "4242" },
  total: money,
  created_at: "2026-03-01T12:00:00Z",
};
const orderRow = {
  ...order,
  payment_method: { ...order.payment_method, token: "tok_live_5f3a9c", fingerprint: "fp_91" },
  items: [{ ...order.items[0], cost_price: 1200 }],
  total: { ...money, fx_rate: 1.08 },
  margin: 0.42,
};
const leaf = { id: "5c3e0b52-7a1d-4f6e-9b8a-1c2d3e4f5a63", name: "Espresso cups", slug: "espresso-cups", children: [] };
const categories = [{ id: "5c3e0b52-7a1d-4f6e-9b8a-1c2d3e4f5a61", name: "Kitchen", slug: "kitchen", children: [{ id: "5c3e0b52-7a1d-4f6e-9b8a-1c2d3e4f5a62", name: "Mugs", slug: "kitchen-mugs", children: [leaf] }] }];
const categoryRows = [{ ...categories[0], sort_key: 1, children: [{ ...categories[0]!.children[0], sort_key: 2, children: [{ ...leaf, sort_key: 3, supplier_cost: 0.8 }] }] }];

/** Handlers that answer with stored rows instead of the declared representation. */
const leaky = {
  getCustomer: () => ({ status: 200, body: customerRow }),
  listCustomers: () => ({ status: 200, body: { data: [customer], next_cursor: null, has_more: false, query_plan: "seq scan on customers" } }),
  getOrder: () => ({ status: 200, body: orderRow }),
  listCategories: () => ({ status: 200, body: categoryRows }),
};
const SECRETS = ["password", "argon2id", "tenant_id", "deleted_at", "geo", "tok_live", "token", "fingerprint", "cost_price", "fx_rate", "margin", "sort_key", "supplier_cost", "query_plan"];

describe.each(PACKS)("%s server", (pack: Pack) => {
  let production: BootedServer;
  let unfiltered: BootedServer;
  let development: BootedServer;

  beforeAll(async () => {
    const dir = prepareOutput(pack);
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production"; // read when each runtime is created
    try {
      production = await boot(pack, dir, { handlers: leaky });
      unfiltered = await boot(pack, dir, { handlers: leaky, options: { filterResponses: false } });
    } finally {
      process.env.NODE_ENV = mode;
    }
    development = await boot(pack, dir, { handlers: leaky });
  }, 180_000);
  afterAll(async () => {
    await production?.close();
    await unfiltered?.close();
    await development?.close();
  });

  it("boots in production mode: responses are not validated", async () => {
    production.control.breakHealth = true;
    const answer = await call(production.url, pack, "production health", "GET", "/health");
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: "on fire" });
  });

  describe("in production mode, only what the response schema declares leaves the server", () => {
    it("a customer row: no writeOnly password, no undeclared columns, nested ones included; additionalProperties kept", async () => {
      const answer = await call(production.url, pack, "production customer", "GET", `/customers/${CUSTOMER_ID}`);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(customer);
      expect(answer.json.metadata).toEqual({ channel: "web", segment: "b2b" }); // additionalProperties: a schema
      // Declared keys in the handler's order, nothing else: the exact bytes.
      expect(answer.text).toBe(JSON.stringify(customer));
    });

    it("an order row: the payment token (writeOnly, inside a discriminated union) and undeclared fields at every depth", async () => {
      const answer = await call(production.url, pack, "production order", "GET", `/orders/${ORDER_ID}`);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(order);
      for (const secret of SECRETS) expect(answer.text).not.toContain(secret);
    });

    it("a recursive category tree: undeclared fields stripped at depth 3", async () => {
      const answer = await call(production.url, pack, "production categories", "GET", "/categories");
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(categories);
    });

    it("a page: undeclared top-level fields stripped", async () => {
      const answer = await call(production.url, pack, "production page", "GET", "/customers");
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ data: [customer], next_cursor: null, has_more: false });
    });
  });

  it("with filterResponses: false, what the handler returns is sent as it is (the behaviour before)", async () => {
    const answer = await call(unfiltered.url, pack, "unfiltered customer", "GET", `/customers/${CUSTOMER_ID}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(customerRow);
  });

  describe("in test mode (responses validated)", () => {
    it("a result the schema refuses still fails loudly", async () => {
      const answer = await call(development.url, pack, "development customer", "GET", `/customers/${CUSTOMER_ID}`);
      problemOf(answer, 500, "RESPONSE_VALIDATION_FAILED");
      expect(answer.text).not.toContain("password");
      expect(development.logs.some((entry) => entry.message.startsWith("Response validation failed"))).toBe(true);
    });

    it("a valid result is filtered as well", async () => {
      const answer = await call(development.url, pack, "development page", "GET", "/customers");
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ data: [customer], next_cursor: null, has_more: false });
      const tree = await call(development.url, pack, "development categories", "GET", "/categories");
      expect(tree.json).toEqual(categories);
    });
  });
});

describe("all packs", () => {
  it("answer every case with the same status, headers and body", () => {
    expect(recorded.size).toBe(9);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
