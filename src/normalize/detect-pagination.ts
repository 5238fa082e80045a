import { firstJson, type Operation, type Pagination } from "../ir/operation.js";
import type { ObjectNode, SchemaNode } from "../ir/schema.js";
import { isObject, type NormalizeContext, type RawObject } from "./context.js";

const CURSOR_PARAMS = ["cursor", "page_token", "pageToken", "after", "starting_after", "continuation_token", "next"];
const NEXT_CURSOR_FIELDS = ["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next", "cursor", "continuation_token"];
const HAS_MORE_FIELDS = ["has_more", "hasMore", "has_next", "hasNext"];
const ITEMS_FIELDS = ["data", "items", "results", "records", "entries", "values"];
const PAGE_PARAMS = ["page", "page_number", "pageNumber"];
const SIZE_PARAMS = ["per_page", "perPage", "size", "page_size", "pageSize", "limit"];
const TOTAL_PAGES_FIELDS = ["total_pages", "totalPages", "page_count", "pageCount"];

/**
 * How a GET operation pages: `x-pagination` when the spec says so, otherwise recognised from
 * names (cursor: a cursor query parameter and a next-cursor field beside an items array;
 * page: a page parameter; link: a declared `Link` response header). Documented in the README.
 */
export function detectPagination(ctx: NormalizeContext, raw: RawObject, op: Operation): Pagination | undefined {
  const declared = raw["x-pagination"];
  if (isObject(declared)) return fromExtension(declared);
  if (op.method !== "get") return undefined;
  const query = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const ok = op.responses.find((r) => r.status === "200" || r.status === "2XX");
  const body = ok && firstJson(ok.content)?.schema;
  const object = body ? objectOf(ctx, body) : undefined;
  const names = new Set(object?.properties.map((p) => p.name) ?? []);
  const itemsField = object?.properties.find((p) => ITEMS_FIELDS.includes(p.name) && isArray(ctx, p.schema))?.name;

  const cursorParam = CURSOR_PARAMS.find((n) => query.includes(n));
  const nextCursorField = NEXT_CURSOR_FIELDS.find((n) => names.has(n));
  if (cursorParam && nextCursorField && itemsField) {
    return { kind: "cursor", cursorParam, itemsField, nextCursorField, hasMoreField: HAS_MORE_FIELDS.find((n) => names.has(n)) };
  }
  if (ok?.headers.some((h) => h.name.toLowerCase() === "link")) return { kind: "link", itemsField };
  const pageParam = PAGE_PARAMS.find((n) => query.includes(n));
  if (pageParam && (itemsField || (body && isArray(ctx, body)))) {
    const param = op.parameters.find((p) => p.in === "query" && p.name === pageParam)!;
    const firstPage = typeof param.schema.default === "number" ? param.schema.default : 1;
    return { kind: "page", pageParam, firstPage, itemsField, totalPagesField: TOTAL_PAGES_FIELDS.find((n) => names.has(n)), sizeParam: SIZE_PARAMS.find((n) => query.includes(n)) };
  }
  return undefined;
}

function fromExtension(x: RawObject): Pagination | undefined {
  const str = (key: string): string | undefined => (typeof x[key] === "string" ? (x[key] as string) : undefined);
  if (x.kind === "cursor" && str("cursorParam") && str("itemsField") && str("nextCursorField")) {
    return { kind: "cursor", cursorParam: str("cursorParam")!, itemsField: str("itemsField")!, nextCursorField: str("nextCursorField")!, hasMoreField: str("hasMoreField") };
  }
  if (x.kind === "page" && str("pageParam")) {
    return { kind: "page", pageParam: str("pageParam")!, firstPage: typeof x.firstPage === "number" ? x.firstPage : 1, itemsField: str("itemsField"), totalPagesField: str("totalPagesField"), sizeParam: str("sizeParam") };
  }
  if (x.kind === "link") return { kind: "link", itemsField: str("itemsField") };
  return undefined;
}

function objectOf(ctx: NormalizeContext, node: SchemaNode): ObjectNode | undefined {
  const target = resolve(ctx, node);
  return target?.kind === "object" ? target : undefined;
}

function isArray(ctx: NormalizeContext, node: SchemaNode): boolean {
  return resolve(ctx, node)?.kind === "array";
}

/** Follows refs through the components registered so far (normalisation may still be filling them). */
function resolve(ctx: NormalizeContext, node: SchemaNode): SchemaNode | undefined {
  let current: SchemaNode | undefined = node;
  for (let i = 0; current?.kind === "ref" && i < 8; i++) current = ctx.schemaOf(current.target);
  return current;
}
