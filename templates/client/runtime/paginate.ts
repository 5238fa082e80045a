/**
 * Walks a paginated operation page by page, as its PaginationSpec says: a cursor from the body,
 * a page number, or the Link header's rel="next". Each walk stops on its own end signal and on a
 * repeated cursor or URL, so a misbehaving server cannot make it loop forever.
 *
 * Generated clients load this module on the first `.pages()` / `.all()` (operation.ts imports it
 * dynamically), so a client that never walks pages does not carry it.
 */
import type { ClientRuntime } from "./core.js";
import type { ApiResponse, CallInput, CallOptions, OperationSpec, ResponseSchemas } from "./types.js";

type Body = Record<string, unknown> | undefined;

/** The items of one page: `body[field]`, or the body itself when it is the array. */
function itemsOf(data: unknown, field: string | undefined): unknown[] {
  const list = field === undefined ? data : (data as Body)?.[field];
  return Array.isArray(list) ? list : [];
}

/** The rel="next" target of a Link header (RFC 8288), if any. */
export function nextLink(header: string | null): string | undefined {
  for (const [, target, params] of (header ?? "").matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params ?? "");
    if (rel && (rel[1] ?? rel[2] ?? "").toLowerCase().split(/\s+/).includes("next")) return target;
  }
  return undefined;
}

const withQuery = (input: CallInput, name: string, value: unknown): CallInput => ({ ...input, query: { ...input.query, [name]: value } });

/** Every page of a paginated operation, starting from `input`; a plain operation gives one page. */
export async function* pages<R extends ApiResponse = ApiResponse>(
  runtime: ClientRuntime,
  spec: OperationSpec,
  input: CallInput,
  options?: CallOptions,
  schemas?: ResponseSchemas,
): AsyncGenerator<R, void, undefined> {
  const p = spec.pagination;
  const seen = new Set<unknown>();
  let current = input;
  let url: string | undefined;
  for (;;) {
    const response = (await runtime.call(spec, current, options, schemas, url)) as R;
    yield response;
    const body = response.data as Body;
    if (p?.kind === "cursor") {
      const cursor = body?.[p.nextCursorField];
      if (cursor == null || cursor === "" || (p.hasMoreField !== undefined && body?.[p.hasMoreField] === false) || seen.has(cursor)) return;
      seen.add(cursor);
      current = withQuery(current, p.cursorParam, cursor);
    } else if (p?.kind === "page") {
      const page = Number(current.query?.[p.pageParam] ?? p.firstPage);
      const count = itemsOf(body, p.itemsField).length;
      const size = p.sizeParam === undefined ? undefined : current.query?.[p.sizeParam];
      const total = p.totalPagesField === undefined ? undefined : body?.[p.totalPagesField];
      // Pages are counted from firstPage, so page - firstPage + 1 pages have been read.
      if (count === 0 || (total != null && page - p.firstPage + 1 >= Number(total)) || (size != null && count < Number(size))) return;
      current = withQuery(current, p.pageParam, page + 1);
    } else if (p?.kind === "link") {
      const next = nextLink(response.headers.get("link"));
      if (next === undefined) return;
      const base = runtime.urlOf(response) ?? url;
      if (base) seen.add(base);
      try {
        url = new URL(next, base).href;
      } catch {
        url = next; // no absolute base (a relative baseUrl in a browser): fetch resolves it
      }
      if (seen.has(url)) return;
      seen.add(url);
    } else return;
  }
}

/** Every item of every page (`itemsField` of each body, or the body when it is an array). */
export async function* items<T = unknown>(
  runtime: ClientRuntime,
  spec: OperationSpec,
  input: CallInput,
  options?: CallOptions,
  schemas?: ResponseSchemas,
): AsyncGenerator<T, void, undefined> {
  const field = spec.pagination?.itemsField;
  for await (const page of pages(runtime, spec, input, options, schemas)) yield* itemsOf(page.data, field) as T[];
}
