// In-memory data of the example Orders API: what a real service would keep in a database.
// Shared by the Express, Fastify, Nest and Hono examples, which differ only in the framework;
// web standards only (crypto.randomUUID), so the Hono example runs on Bun, Deno and Workers too.
import { createCursorCodec, invalidCursor } from "./runtime/server/index.js";
import type { Category, Customer, Order, Product } from "./models.gen.js";

export const store = {
  orders: new Map<string, Order>(),
  customers: new Map<string, Customer>(),
  products: new Map<string, Product>(),
  categories: [] as Category[],
  orderNumber: 1000,
};

/**
 * Cursors are opaque and signed: a client cannot forge one to skip ahead or read another
 * listing's position. Set CURSOR_SECRET in production; the fallback is for the example only.
 */
export const cursors = createCursorCodec(process.env.CURSOR_SECRET ?? "example-only-cursor-secret-0123456789abcdef");

/** One page of a list, newest first, from the position a cursor (or none) points at. */
export function page<T>(items: T[], limit: number, cursor: string | undefined, listing: string): { data: T[]; next_cursor: string | null; has_more: boolean } {
  let offset = 0;
  if (cursor !== undefined) {
    const position = cursors.decode<{ listing: string; offset: number }>(cursor);
    // A valid cursor of another listing is as wrong as a forged one.
    offset = position.listing === listing ? position.offset : -1;
    if (offset < 0) throw invalidCursor("/query/cursor", "The cursor belongs to another listing.");
  }
  const data = items.slice(offset, offset + limit);
  const has_more = offset + limit < items.length;
  return { data, next_cursor: has_more ? cursors.encode({ listing, offset: offset + limit }) : null, has_more };
}

export function newId(): string {
  return crypto.randomUUID();
}

// The seed catalogue has fixed ids, as seed data in a database would: the same on every start.
const kitchen = "4f9c2b1e-8d3a-4c6f-9e2b-1a7d5c3e8f01";
const mugs = "4f9c2b1e-8d3a-4c6f-9e2b-1a7d5c3e8f02";
store.categories.push({ id: kitchen, name: "Kitchen", slug: "kitchen", children: [{ id: mugs, name: "Mugs", slug: "kitchen-mugs", children: [] }] });
for (const [id, sku, name, amount] of [
  ["7b1e5d2c-3f4a-4b6c-8d9e-0f1a2b3c4d01", "MUG-001-BLK", "Black mug", 1299],
  ["7b1e5d2c-3f4a-4b6c-8d9e-0f1a2b3c4d02", "MUG-002-WHT", "White mug", 1299],
  ["7b1e5d2c-3f4a-4b6c-8d9e-0f1a2b3c4d03", "MUG-003-RED", "Red mug", 1499],
] as const) {
  store.products.set(id, { id, sku, name, price: { amount, currency: "EUR" }, status: "active", category_id: mugs, tags: ["mug"] });
}
