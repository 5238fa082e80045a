/**
 * Turns an OperationSpec into the functions a generated client exposes: a call that returns the
 * body, `.withResponse` for status and headers, and for paginated operations `.pages` / `.all` /
 * `.page`.
 */
import type { ClientRuntime } from "./core.js";
import { ApiError } from "./errors.js";
import { declaredResponseKey } from "./declared.js";
import { isJsonMediaType } from "./media-type.js";
import type { Accepted, ApiResponse, CallInput, CallOptions, MediaTypeOf, OperationSpec, Preferred, ResponseSchemas } from "./types.js";
import type { PageRequest } from "./paginate.js";

/** Call options, with `accept` limited to the media types the operation's responses declare. */
export type OperationOptions<R> = Omit<CallOptions, "accept"> & { accept?: MediaTypeOf<R> | undefined };

/** The input may be left out when nothing in it is required. */
export type OperationArgs<I, O = CallOptions> = {} extends I ? [input?: I, options?: O] : [input: I, options?: O];

export interface OperationFunction<I, R extends ApiResponse, E extends ApiError = ApiError> {
  /** The body of the success response: JSON where the operation declares it, or the `accept` option's type. */
  <O extends OperationOptions<R> = {}>(...args: OperationArgs<I, O>): Promise<Accepted<R, O>["data"]>;
  /** The operation's name (as in ApiError.operation). */
  readonly id: string;
  /** Type-only: the errors this operation declares, for isOperationError. Never set. */
  readonly errorType?: E;
  /** The whole response: status, body, headers, request id, ETag, rate limits. Throws like the plain call. */
  withResponse<O extends OperationOptions<R> = {}>(...args: OperationArgs<I, O>): Promise<Accepted<R, O>>;
  /**
   * The fetch Response as it came: body unread, status unchecked (a 404 resolves). Auth,
   * middleware, timeouts and retries apply as for the plain call (a retried status's body is
   * discarded); network errors and timeouts still throw. For streaming a download:
   * `(await api.files.download.raw(input)).body`.
   */
  raw(...args: OperationArgs<I, OperationOptions<R>>): Promise<Response>;
}

export interface PaginatedOperation<I, R extends ApiResponse, Item, E extends ApiError = ApiError> extends OperationFunction<I, R, E> {
  /** Every page, following the API's cursor, page number or Link header. */
  pages(...args: OperationArgs<I>): AsyncIterableIterator<Preferred<R>>;
  /** Every item of every page. */
  all(...args: OperationArgs<I>): AsyncIterableIterator<Item>;
  /**
   * One page and the request for the next (undefined after the last), for paging by hand or
   * TanStack Query's infinite queries: `let p = await op.page({ input }); if (p.next) p = await op.page(p.next)`.
   */
  page(request: PageRequest<I>, options?: CallOptions): Promise<Page<R, Item, I>>;
}

/** One page of a paginated operation (see PaginatedOperation.page). */
export interface Page<R extends ApiResponse, Item, I> {
  response: Preferred<R>;
  data: Preferred<R>["data"];
  items: Item[];
  next: PageRequest<I> | undefined;
}

/** What isOperationError needs to know of an operation function: its spec and response schemas. */
const operationInfo = new WeakMap<object, { spec: OperationSpec; schemas: ResponseSchemas | undefined }>();

/** Type-only brand: an error narrowed by isOperationError (so that `!isOperationError` narrows nothing else away). */
declare const checkedOperationError: unique symbol;
export type CheckedOperationError<E> = E & { readonly [checkedOperationError]: true };

/**
 * Narrows a caught error to the ApiError of one operation, typed by the statuses it declares:
 * `if (isOperationError(e, api.orders.getOrder) && e.status === 404) e.problem`. True only for an
 * ApiError of that operation whose status the operation declares (exactly, as `4XX`, or through
 * `default`) and, where that response is JSON, whose body arrived as JSON (and matches its schema
 * when the client validates responses): what the narrowed type claims is what the error holds.
 */
export function isOperationError<F extends { readonly id: string; readonly errorType?: ApiError }>(error: unknown, fn: F): error is CheckedOperationError<NonNullable<F["errorType"]>> {
  const info = operationInfo.get(fn);
  if (!info || !(error instanceof ApiError) || error.operation !== fn.id || error.status < 400) return false;
  const { responses } = info.spec;
  const key = declaredResponseKey(responses, error.status);
  if (key === undefined) return false;
  if (!responses[key]!.some(isJsonMediaType)) return true;
  const schema = info.schemas?.[key];
  return error.bodyIsJson && (!schema || schema.safeParse(error.body).success);
}

export function operation<I, R extends ApiResponse, E extends ApiError = ApiError>(runtime: ClientRuntime, spec: OperationSpec, schemas?: ResponseSchemas): OperationFunction<I, R, E> {
  const withResponse = (input?: I, options?: CallOptions) => runtime.call(spec, (input ?? {}) as CallInput, options, schemas) as Promise<R>;
  const call = (input?: I, options?: CallOptions): Promise<unknown> => withResponse(input, options).then((r) => r.data);
  // The rest-tuple signatures (input optional only when nothing in it is required) are the
  // public face; at run time both forms take (input?, options?).
  const raw = (input?: I, options?: CallOptions) => runtime.raw(spec, (input ?? {}) as CallInput, options);
  const fn = Object.assign(call as unknown as OperationFunction<I, R, E>, { id: spec.id, withResponse: withResponse as unknown as OperationFunction<I, R, E>["withResponse"], raw: raw as OperationFunction<I, R, E>["raw"] });
  operationInfo.set(fn, { spec, schemas });
  return fn;
}

/** pages / items of paginate.ts, loaded on the first walk (it is not in the startup bundle). */
async function* walk(kind: "pages" | "items", ...args: Parameters<typeof import("./paginate.js").pages>): AsyncGenerator<unknown, void, undefined> {
  // Both take the same arguments; indexing keeps the startup bundle a few bytes smaller than a ternary.
  yield* ((await import("./paginate.js"))[kind] as typeof import("./paginate.js").pages)(...args);
}

export function paginated<I, R extends ApiResponse, Item, E extends ApiError = ApiError>(runtime: ClientRuntime, spec: OperationSpec, schemas?: ResponseSchemas): PaginatedOperation<I, R, Item, E> {
  const fn = operation<I, R, E>(runtime, spec, schemas);
  return Object.assign(fn, {
    // An input left out is {} (pages() fills it in, in the lazy chunk).
    pages: ((input?: I, options?: CallOptions) => walk("pages", runtime, spec, input as CallInput, options, schemas)) as PaginatedOperation<I, R, Item, E>["pages"],
    all: ((input?: I, options?: CallOptions) => walk("items", runtime, spec, input as CallInput, options, schemas)) as PaginatedOperation<I, R, Item, E>["all"],
    // paginate.js again loads on the first page.
    page: (async (request: PageRequest<I>, options?: CallOptions) => (await import("./paginate.js")).page(runtime, spec, request as PageRequest, options, schemas)) as PaginatedOperation<I, R, Item, E>["page"],
  });
}
