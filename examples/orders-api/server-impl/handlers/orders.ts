// Handlers of the "orders" operations: cursor pages, idempotent creates (the runtime replays
// retries), ETags on reads and If-Match on updates, and a stream of server-sent events.
import type { Order, OrderItem, OrderStatus, PaymentMethod, PaymentMethodWrite, WatchOrderResponse200Item } from "../models.gen.js";
import { problem } from "../runtime/problem-details.js";
import { etagOf } from "../runtime/server/index.js";
import type { OrdersHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";
import { newId, page, store } from "../store.js";

export const ordersHandlers: OrdersHandlers<Principal> = {
  listOrders({ query }) {
    const after = query.created_after === undefined ? undefined : Date.parse(query.created_after);
    const orders = [...store.orders.values()]
      .filter((o) => (query.status === undefined || o.status === query.status) && (query.customer_id === undefined || o.customer_id === query.customer_id))
      .filter((o) => after === undefined || Date.parse(o.created_at) > after)
      .reverse();
    return { status: 200, body: page(orders, query.limit, query.cursor, "orders") };
  },

  createOrder({ body }) {
    const items: OrderItem[] = body.items.map((item, i) => {
      const product = store.products.get(item.product_id);
      if (!product) {
        throw problem(422, { title: "Unprocessable Content", code: "UNKNOWN_PRODUCT", detail: "An item names a product that does not exist.", errors: [{ pointer: `/body/items/${i}/product_id`, message: "no such product" }] });
      }
      const line = product.price.amount * item.quantity;
      return { id: newId(), product_id: item.product_id, quantity: item.quantity, unit_price: product.price, line_total: { amount: line, currency: product.price.currency } };
    });
    const subtotal = items.reduce((sum, item) => sum + item.line_total.amount, 0);
    const order: Order = {
      id: newId(),
      number: `ORD-${String(++store.orderNumber).padStart(8, "0")}`,
      status: "pending",
      customer_id: body.customer_id,
      items,
      shipping_address: body.shipping_address,
      payment_method: paymentMethodOf(body.payment_method),
      discount_percent: body.discount_percent,
      note: body.note ?? null,
      ...(body.metadata ? { metadata: body.metadata } : {}),
      total: { amount: Math.round(subtotal * (1 - body.discount_percent / 100)), currency: items[0]!.unit_price.currency },
      invoice_url: null,
      created_at: new Date().toISOString(),
    };
    store.orders.set(order.id, order);
    return { status: 201, body: order, headers: { Location: `/v1/orders/${order.id}`, ETag: etagOf(order) } };
  },

  getOrder({ path }) {
    const order = findOrder(path.orderId);
    // The runtime answers 304 when the request's If-None-Match matches this ETag.
    return { status: 200, body: order, headers: { ETag: etagOf(order) } };
  },

  updateOrder({ path, body, preconditions }) {
    const order = findOrder(path.orderId);
    preconditions.ifMatch(etagOf(order)); // 412 when the client's copy is stale
    if (order.status !== "pending") throw notPending(order);
    const updated: Order = { ...order, ...body, updated_at: new Date().toISOString() };
    store.orders.set(order.id, updated);
    return { status: 200, body: updated, headers: { ETag: etagOf(updated) } };
  },

  deleteOrder({ path }) {
    const order = findOrder(path.orderId);
    if (order.status !== "pending") throw notPending(order);
    store.orders.delete(order.id);
    return { status: 204 };
  },

  watchOrder({ path, signal }) {
    const { id } = findOrder(path.orderId); // a 404 before the stream starts
    // The items of the stream: the runtime writes each as a server-sent event as it is yielded,
    // and stops this generator (its signal aborts) when the client goes away or the server stops.
    async function* statusEvents(): AsyncGenerator<WatchOrderResponse200Item> {
      let sequence = 0;
      let status: OrderStatus | undefined;
      for (;;) {
        const order = store.orders.get(id);
        if (order === undefined) return; // deleted: the stream ends
        if (order.status !== status) {
          status = order.status;
          yield { event: "status", id: String(++sequence), data: { order_id: id, status, at: order.updated_at ?? order.created_at } };
        }
        // An in-memory store has no change feed: look again every second.
        if (!(await pause(1000, signal))) return;
      }
    }
    return { status: 200, body: statusEvents() };
  },

  getOrderInvoice({ path }) {
    const order = findOrder(path.orderId);
    return {
      status: 200,
      body: { invoice_number: order.number.replace("ORD-", "INV-"), order_id: order.id, total: order.total, issued_at: order.created_at },
    };
  },
};

/** Resolves true after `ms`, false as soon as `signal` aborts (then the stream ends). */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

function findOrder(id: string): Order {
  const order = store.orders.get(id);
  if (!order) throw problem(404, { title: "Not Found", code: "ORDER_NOT_FOUND", detail: "No order has this id." });
  return order;
}

function notPending(order: Order) {
  return problem(409, { title: "Conflict", code: "ORDER_NOT_PENDING", detail: `The order is ${order.status}; only pending orders can change.` });
}

/** What the API shows of a payment method: never the card token. */
function paymentMethodOf(method: PaymentMethodWrite): PaymentMethod {
  if (method.type === "card") return { type: "card", brand: "visa", last4: "4242" };
  return method;
}
