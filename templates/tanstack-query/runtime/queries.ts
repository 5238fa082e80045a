/**
 * TanStack Query (v5) options over the generated client's operation functions. One generic
 * factory per kind, whose types are inferred from the operation function (its input, response
 * and error types), so the generated queries.gen.ts is one line per operation and these types
 * are checked once, here. The objects are plain: every adapter's useQuery / useInfiniteQuery /
 * useMutation and QueryClient take them. Copied verbatim by apigen.
 */
import type { DataTag, InfiniteData, MutationOptions, QueryClient, QueryFunctionContext, QueryKey } from "@tanstack/query-core";
import type { ApiError, ApiResponse, CallOptions, OperationFunction, Page, PageRequest, PaginatedOperation, Preferred } from "../client/index.js";

/** The input argument: optional when the operation requires nothing. */
export type Args<I> = {} extends I ? [input?: I] : [input: I];

/** Call options for every request of a createQueries (the signal is TanStack's, the media type the operation's preferred). */
export type QueryCallOptions = Omit<CallOptions, "signal" | "accept">;

/** The success body of an operation, as the plain call resolves it (JSON where declared). */
export type Data<R extends ApiResponse> = Preferred<R>["data"];

/** `[group, operation, input]`, tagged with the data and error types the cache holds for it. */
export type OperationQueryKey<G extends string, K extends string, I, R extends ApiResponse, E> = DataTag<readonly [G, K, I], Data<R>, E>;

export interface OperationQuery<G extends string, K extends string, I, R extends ApiResponse, E> {
  /** The prefix of this operation's query keys (invalidate by it). */
  readonly key: readonly [G, K];
  queryKey(...args: Args<I>): OperationQueryKey<G, K, I, R, E>;
  queryOptions(...args: Args<I>): { queryKey: OperationQueryKey<G, K, I, R, E>; queryFn: (context: QueryFunctionContext) => Promise<Data<R>> };
}

export interface PaginatedQuery<G extends string, K extends string, I, R extends ApiResponse, Item, E> extends OperationQuery<G, K, I, R, E> {
  /** Every page, one request at a time, following the API's pagination; pages are `{ data, items, next }`. */
  infiniteQueryOptions(...args: Args<I>): {
    queryKey: DataTag<readonly [G, K, I, "pages"], InfiniteData<Page<R, Item, I>, PageRequest<I>>, E>;
    queryFn: (context: QueryFunctionContext<QueryKey, PageRequest<I>>) => Promise<Page<R, Item, I>>;
    initialPageParam: PageRequest<I>;
    getNextPageParam: (last: Page<R, Item, I>) => PageRequest<I> | undefined;
  };
}

export interface OperationMutation<G extends string, K extends string, I, R extends ApiResponse, E> {
  readonly key: readonly [G, K];
  mutationOptions(): MutationOptions<Data<R>, E, I> & { mutationKey: readonly [G, K] };
}

/** A group (the client's grouping by tag): the prefix of its keys, and invalidation of all its queries. */
export function group<G extends string>(name: G): { readonly key: readonly [G]; invalidate(queryClient: QueryClient): Promise<void> } {
  return { key: [name], invalidate: (queryClient) => queryClient.invalidateQueries({ queryKey: [name] }) };
}

/** A GET, HEAD or QUERY: a query, cached under `[group, operation, input]`. */
export function query<G extends string, K extends string, I, R extends ApiResponse, E extends ApiError>(group: G, operation: K, fn: OperationFunction<I, R, E>, options: QueryCallOptions): OperationQuery<G, K, I, R, E> {
  const queryKey = (input?: I) => [group, operation, input ?? {}] as unknown as OperationQueryKey<G, K, I, R, E>;
  const call = fn as unknown as (input: I | undefined, options: CallOptions) => Promise<Data<R>>;
  return {
    key: [group, operation],
    queryKey: queryKey as OperationQuery<G, K, I, R, E>["queryKey"],
    queryOptions: ((input?: I) => ({ queryKey: queryKey(input), queryFn: ({ signal }: QueryFunctionContext) => call(input, { ...options, signal }) })) as OperationQuery<G, K, I, R, E>["queryOptions"],
  };
}

/** A paginated query: also an infinite query over `.page()`, cached beside the plain one. */
export function paginatedQuery<G extends string, K extends string, I, R extends ApiResponse, Item, E extends ApiError>(group: G, operation: K, fn: PaginatedOperation<I, R, Item, E>, options: QueryCallOptions): PaginatedQuery<G, K, I, R, Item, E> {
  type Infinite = ReturnType<PaginatedQuery<G, K, I, R, Item, E>["infiniteQueryOptions"]>;
  return {
    ...query(group, operation, fn, options),
    infiniteQueryOptions: ((input?: I): Infinite => ({
      queryKey: [group, operation, input ?? {}, "pages"] as unknown as Infinite["queryKey"],
      queryFn: ({ signal, pageParam }) => fn.page(pageParam, { ...options, signal }),
      initialPageParam: { input: (input ?? {}) as I },
      getNextPageParam: (last) => last.next,
    })) as PaginatedQuery<G, K, I, R, Item, E>["infiniteQueryOptions"],
  };
}

/** Anything else: a mutation, keyed `[group, operation]`. */
export function mutation<G extends string, K extends string, I, R extends ApiResponse, E extends ApiError>(group: G, operation: K, fn: OperationFunction<I, R, E>, options: QueryCallOptions): OperationMutation<G, K, I, R, E> {
  const call = fn as unknown as (input: I, options: CallOptions) => Promise<Data<R>>;
  return {
    key: [group, operation],
    mutationOptions: () => ({ mutationKey: [group, operation], mutationFn: (input: I) => call(input, options) }),
  };
}
