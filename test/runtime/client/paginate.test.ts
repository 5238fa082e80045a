import { describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import { items, nextLink, pages } from "../../../templates/client/runtime/paginate.js";
import type { OperationSpec, PaginationSpec } from "../../../templates/client/runtime/types.js";
import { fakeFetch, type Handler, json } from "./fake-fetch.js";

const list = (pagination: PaginationSpec): OperationSpec => ({
  id: "listOrders",
  method: "GET",
  path: "/orders",
  params: [{ name: "status", in: "query", style: "form", explode: true }],
  responses: { "200": ["application/json"] },
  pagination,
});

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return { runtime: createRuntime({ fetch: fake.fetch, retry: false }, { baseUrl: "https://api.test", securitySchemes: {} }), sent: fake.sent };
}

/** Everything an iterator yields, up to a limit so a pagination bug cannot hang the test. */
const collect = async <T>(iterable: AsyncIterable<T>, limit = 20) => {
  const out: T[] = [];
  for await (const x of iterable) if (out.push(x) >= limit) break;
  return out;
};
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe("cursor pagination", () => {
  const spec = list({ kind: "cursor", cursorParam: "cursor", itemsField: "data", nextCursorField: "next_cursor", hasMoreField: "has_more" });
  const bodies: Record<string, unknown> = {
    "": { data: [1], next_cursor: "c2", has_more: true },
    c2: { data: [2, 3], next_cursor: "c3", has_more: true },
    c3: { data: [4], next_cursor: "c4", has_more: false },
  };

  it("follows next_cursor over three pages and stops on has_more: false", async () => {
    const { runtime, sent } = setup(({ url }) => json(bodies[query(url).cursor ?? ""]));
    expect(await collect(items(runtime, spec, { query: { status: "paid" } }))).toEqual([1, 2, 3, 4]);
    expect(sent.map((r) => r.url)).toEqual(["https://api.test/orders?status=paid", "https://api.test/orders?status=paid&cursor=c2", "https://api.test/orders?status=paid&cursor=c3"]);
  });

  it("stops on a null or empty cursor, and on a repeated one", async () => {
    const nullCursor = setup(() => json({ data: [1], next_cursor: null }));
    expect(await collect(items(nullCursor.runtime, spec, {}))).toEqual([1]);
    const looping = setup(() => json({ data: [1], next_cursor: "same", has_more: true }));
    expect((await collect(pages(looping.runtime, spec, {}))).length).toBe(2);
    expect(looping.sent).toHaveLength(2);
  });
});

describe("page pagination", () => {
  it("counts pages up from the input's page and stops at totalPages", async () => {
    const spec = list({ kind: "page", pageParam: "page", firstPage: 1, itemsField: "items", totalPagesField: "total_pages" });
    const { runtime, sent } = setup(({ url }) => json({ items: [`p${query(url).page}`], total_pages: 3 }));
    expect(await collect(items(runtime, spec, { query: { page: 2 } }))).toEqual(["p2", "p3"]);
    expect(sent.map((r) => query(r.url).page)).toEqual(["2", "3"]);
  });

  it("starts at firstPage and stops on a short page (fewer items than the page size)", async () => {
    const spec = list({ kind: "page", pageParam: "page", firstPage: 0, sizeParam: "per_page" });
    const { runtime, sent } = setup(({ url }) => json(query(url).page === "2" ? ["e"] : ["a", "b"]));
    expect(await collect(items(runtime, spec, { query: { per_page: 2 } }))).toEqual(["a", "b", "a", "b", "e"]);
    expect(sent.map((r) => r.url)).toEqual(["https://api.test/orders?per_page=2", "https://api.test/orders?per_page=2&page=1", "https://api.test/orders?per_page=2&page=2"]);
  });

  it("stops on an empty page", async () => {
    const spec = list({ kind: "page", pageParam: "page", firstPage: 1, itemsField: "items" });
    const { runtime, sent } = setup(({ url }) => json({ items: query(url).page === "2" ? [] : [1] }));
    expect(await collect(items(runtime, spec, {}))).toEqual([1]);
    expect(sent).toHaveLength(2);
  });
});

describe("Link pagination", () => {
  it("follows rel=next, absolute and relative, until there is none", async () => {
    const spec = list({ kind: "link" });
    const { runtime, sent } = setup(({ url }) => {
      const page = query(url).page ?? "1";
      const link = page === "1" ? '<https://api.test/orders?page=2>; rel="next", <https://api.test/orders?page=3>; rel="last"' : page === "2" ? '</orders?page=3>; rel="prev next"' : '</orders?page=2>; rel="prev"';
      return json([Number(page)], 200, { link });
    });
    expect(await collect(items(runtime, spec, {}))).toEqual([1, 2, 3]);
    expect(sent.map((r) => r.url)).toEqual(["https://api.test/orders", "https://api.test/orders?page=2", "https://api.test/orders?page=3"]);
  });

  it("parses Link headers", () => {
    expect(nextLink('<https://x.test/a?b=1,2>; rel="next"')).toBe("https://x.test/a?b=1,2");
    expect(nextLink("<a>; rel=prev, <b>; title=\"x\"; rel=next")).toBe("b");
    expect(nextLink('<a>; rel="nextpage"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe("operations without pagination", () => {
  it("give a single page (the Link header is ignored)", async () => {
    const spec: OperationSpec = { ...list({ kind: "link" }), pagination: undefined };
    const { runtime, sent } = setup(() => json([1, 2], 200, { link: "</orders?page=2>; rel=next" }));
    expect(await collect(items(runtime, spec, {}))).toEqual([1, 2]);
    expect((await collect(pages(runtime, spec, {}))).map((p) => p.data)).toEqual([[1, 2]]);
    expect(sent).toHaveLength(2);
  });
});
