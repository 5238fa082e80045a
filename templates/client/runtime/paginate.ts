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

/**
 * Where one page is: the operation's input, and for a page the server linked to (Link rel="next")
 * its URL. `page()` takes one and returns the next, so a caller can page by hand (or TanStack
 * Query's infinite queries can), one request at a time.
 */
export interface PageRequest<I = CallInput> {
  input: I;
  url?: string | undefined;
}

/**
 * The request for the page after `response` (fetched with `request`), or undefined after the last
 * page: the next cursor, page number or Link target. `seen` (cursors and URLs fetched so far)
 * stops a server that sends the same cursor or link again.
 */
export function nextPageRequest(runtime: ClientRuntime, spec: OperationSpec, request: PageRequest, response: ApiResponse, seen: Set<unknown> = new Set()): PageRequest | undefined {
  const p = spec.pagination;
  const body = response.data as Body;
  const current = request.input;
  if (p?.kind === "cursor") {
    const cursor = body?.[p.nextCursorField];
    if (cursor == null || cursor === "" || (p.hasMoreField !== undefined && body?.[p.hasMoreField] === false) || seen.has(cursor) || cursor === current.query?.[p.cursorParam]) return undefined;
    seen.add(cursor);
    return { input: withQuery(current, p.cursorParam, cursor) };
  }
  if (p?.kind === "page") {
    const page = Number(current.query?.[p.pageParam] ?? p.firstPage);
    const count = itemsOf(body, p.itemsField).length;
    const size = p.sizeParam === undefined ? undefined : current.query?.[p.sizeParam];
    const total = p.totalPagesField === undefined ? undefined : body?.[p.totalPagesField];
    // Pages are counted from firstPage, so page - firstPage + 1 pages have been read.
    if (count === 0 || (total != null && page - p.firstPage + 1 >= Number(total)) || (size != null && count < Number(size))) return undefined;
    return { input: withQuery(current, p.pageParam, page + 1) };
  }
  if (p?.kind === "link") {
    const next = nextLink(response.headers.get("link"));
    if (next === undefined) return undefined;
    const base = runtime.urlOf(response) ?? request.url;
    if (base) seen.add(base);
    let url: string;
    try {
      url = new URL(next, base).href;
    } catch {
      url = next; // no absolute base (a relative baseUrl in a browser): fetch resolves it
    }
    if (seen.has(url)) return undefined;
    seen.add(url);
    return { input: current, url };
  }
  return undefined;
}

/** Every page of a paginated operation, starting from `input`; a plain operation gives one page. */
export async function* pages<R extends ApiResponse = ApiResponse>(
  runtime: ClientRuntime,
  spec: OperationSpec,
  input: CallInput,
  options?: CallOptions,
  schemas?: ResponseSchemas,
): AsyncGenerator<R, void, undefined> {
  const seen = new Set<unknown>();
  let request: PageRequest | undefined = { input: input ?? {} };
  while (request !== undefined) {
    const response = (await runtime.call(spec, request.input, options, schemas, request.url)) as R;
    yield response;
    request = nextPageRequest(runtime, spec, request, response, seen);
  }
}

/** One page: its response and body, its items, and the request for the next page (undefined after the last). */
export async function page(runtime: ClientRuntime, spec: OperationSpec, request: PageRequest, options?: CallOptions, schemas?: ResponseSchemas): Promise<{ response: ApiResponse; data: unknown; items: unknown[]; next: PageRequest | undefined }> {
  const response = await runtime.call(spec, (request.input ?? {}) as CallInput, options, schemas, request.url);
  return { response, data: response.data, items: itemsOf(response.data, spec.pagination?.itemsField), next: nextPageRequest(runtime, spec, request, response) };
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
