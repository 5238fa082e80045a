// Handlers of the "customers" operations.
import { problem } from "../runtime/problem-details.js";
import type { CustomersHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";
import { newId, page, store } from "../store.js";

export const customersHandlers: CustomersHandlers<Principal> = {
  listCustomers({ query }) {
    const customers = [...store.customers.values()].filter((c) => query.email === undefined || c.email === query.email);
    return { status: 200, body: page(customers.reverse(), query.limit, query.cursor, "customers") };
  },

  createCustomer({ body }) {
    // The example's stand-in for a failing dependency: shows that an unexpected error becomes
    // a 500 problem without internals, logged with the request id.
    if (body.email.endsWith("@fail.example")) throw new Error(`database unreachable: postgres://app:secret@db/orders (${body.email})`);
    if ([...store.customers.values()].some((c) => c.email === body.email)) {
      throw problem(409, { title: "Conflict", code: "EMAIL_TAKEN", detail: "A customer with this email address exists." });
    }
    const { password: _password, ...fields } = body;
    const customer = { ...fields, id: newId(), created_at: new Date().toISOString() };
    store.customers.set(customer.id, customer);
    return { status: 201, body: customer, headers: { Location: `/v1/customers/${customer.id}` } };
  },

  getCustomer({ path }) {
    const customer = store.customers.get(path.customerId);
    if (!customer) throw problem(404, { title: "Not Found", code: "CUSTOMER_NOT_FOUND", detail: "No customer has this id." });
    return { status: 200, body: customer };
  },
};
