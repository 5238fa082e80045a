// The bench's application logic, shared by the generated servers' handlers and the hand-written
// servers, so both sides do the same work besides routing, validation and serialisation.
export type ItemStatus = "draft" | "active" | "archived";

export interface Item {
  id: string;
  name: string;
  sku?: string;
  quantity: number;
  status: ItemStatus;
  dimensions: { width: number; height: number };
}

export type NewItem = Omit<Item, "id">;

export interface ListQuery {
  limit: number;
  status?: ItemStatus;
  q?: string;
}

const ITEMS: Item[] = [
  { id: "item-a", name: "Widget", sku: "WID-001", quantity: 12, status: "active", dimensions: { width: 10, height: 20 } },
  { id: "item-b", name: "Gadget", sku: "GAD-002", quantity: 3, status: "active", dimensions: { width: 4, height: 8 } },
  { id: "item-c", name: "Wide widget", quantity: 0, status: "draft", dimensions: { width: 40, height: 20 } },
  { id: "item-d", name: "Old widget", sku: "OLD-003", quantity: 7, status: "archived", dimensions: { width: 9, height: 19 } },
];

let created = 0;

export function createItem(input: NewItem): Item {
  created += 1;
  return { id: `item-${created}`, ...input };
}

export function listItems(query: ListQuery): { data: Item[] } {
  const q = query.q?.toLowerCase();
  const data: Item[] = [];
  for (const item of ITEMS) {
    if (data.length >= query.limit) break;
    if (query.status !== undefined && item.status !== query.status) continue;
    if (q !== undefined && !item.name.toLowerCase().includes(q)) continue;
    data.push(item);
  }
  return { data };
}
