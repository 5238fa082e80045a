// The bench's implementation of the generated scaffold handlers/items.ts (copied over it).
import { createItem, listItems } from "../bench-data.js";
import type { Principal } from "../security.js";
import type { ItemsHandlers } from "../server/contract.gen.js";

export const itemsHandlers: ItemsHandlers<Principal> = {
  listItems({ query }) {
    return { status: 200, body: listItems(query) };
  },
  createItem({ body }) {
    return { status: 201, body: createItem(body) };
  },
};
