/**
 * Operations whose success response is a stream of items (OpenAPI 3.2 `itemSchema`, or
 * `x-apigen-stream: true` in 3.0/3.1): server-sent events, JSON Lines or JSON text sequences.
 * `for await (const item of api.group.op(input))` reads the items as they arrive; `.withResponse`
 * gives status and headers before the first one. Built on the runtime's `raw` call, so auth,
 * middleware, timeouts and retries of the request apply as for any call; an error status throws
 * the same ApiError as a plain call. The parsers (item-streams.ts) load with the first stream.
 */
import type { ClientRuntime } from "./core.js";
import { type ApiError, ApiNetworkError, ApiTimeoutError } from "./errors.js";
import type { EventStreamState, ServerSentEvent } from "./item-streams.js";
import type { OperationArgs } from "./operation.js";
import { readResponse } from "./response.js";
import { declaredResponseKey } from "./declared.js";
import type { CallInput, CallOptions, OperationSpec, ResponseSchemas } from "./types.js";

/** How the success response's items are framed, and whether an event's `data` is JSON (SSE). */
export interface StreamSpec {
  format: "sse" | "jsonl" | "json-seq";
  /** SSE: the item schema types `data` as JSON (contentMediaType application/json), so each event's data is parsed. */
  jsonData?: boolean;
}

/** The response of a streaming call, before its first item: status, headers, and the items. */
export interface StreamResponse<Item> {
  status: number;
  headers: Headers;
  requestId: string | undefined;
  /** The items, read as you ask for them; leaving the loop early ends the connection. */
  items: AsyncIterable<Item>;
}

export interface StreamOperation<I, Item, E extends ApiError = ApiError> {
  /** The items of the success response, as they arrive. The request is sent when iteration starts. */
  (...args: OperationArgs<I, CallOptions>): AsyncIterable<Item>;
  /** The operation's name (as in ApiError.operation). */
  readonly id: string;
  /** Type-only: the errors this operation declares, for isOperationError. Never set. */
  readonly errorType?: E;
  /** Status and headers first (an error status throws, as for any call), then the items. */
  withResponse(...args: OperationArgs<I, CallOptions>): Promise<StreamResponse<Item>>;
  /** The fetch Response, its body unread and its status unchecked (to pipe the stream on as it is); no timeout unless the call sets `timeoutMs`. */
  raw(...args: OperationArgs<I, CallOptions>): Promise<Response>;
}

/** Wait before reconnecting an event stream when the server set no `retry` (EventSource's usual few seconds). */
const DEFAULT_RECONNECT_MS = 3000;
/** Reconnections of one event stream after its connection broke (each resumes after the last event ID). */
const MAX_RECONNECTS = 5;

/**
 * `schemas` (the client's `responseSchemas`, when given): the success status's entry is the item
 * schema, each item is checked against it (a mismatch throws ResponseValidationError, as a plain
 * call's body does). `clientTimeoutMs`: the client's `timeoutMs`, for calls that set none.
 */
export function streamed<I, Item, E extends ApiError = ApiError>(runtime: ClientRuntime, spec: OperationSpec, stream: StreamSpec, schemas?: ResponseSchemas, clientTimeoutMs?: number): StreamOperation<I, Item, E> {
  // A call's timeoutMs wins over the client's, as for any call.
  const withResponse = (input?: I, options: CallOptions = {}) => open<Item>(runtime, spec, stream, (input ?? {}) as CallInput, { timeoutMs: clientTimeoutMs, ...options }, schemas);
  const call = (input?: I, options?: CallOptions): AsyncIterable<Item> => ({
    async *[Symbol.asyncIterator]() {
      yield* (await withResponse(input, options)).items;
    },
  });
  // No timeout unless the call sets one: it would cut the stream, which the caller reads on its own.
  const raw = (input?: I, options?: CallOptions) => runtime.raw(spec, (input ?? {}) as CallInput, { ...options, timeoutMs: options?.timeoutMs ?? 0 });
  return Object.assign(call as unknown as StreamOperation<I, Item, E>, { id: spec.id, withResponse: withResponse as unknown as StreamOperation<I, Item, E>["withResponse"], raw: raw as unknown as StreamOperation<I, Item, E>["raw"] });
}

async function open<Item>(runtime: ClientRuntime, spec: OperationSpec, stream: StreamSpec, input: CallInput, options: CallOptions, schemas: ResponseSchemas | undefined): Promise<StreamResponse<Item>> {
  const first = await connect(runtime, spec, input, options);
  const state: EventStreamState = { lastEventId: "" };
  const schema = schemas?.[declaredResponseKey(spec.responses, first.status) ?? ""];
  const checked = async (item: unknown): Promise<Item> => {
    if (!schema) return item as Item;
    const result = schema.safeParse(item);
    if (result.success) return result.data as Item;
    const m = await import("./response-validation-error.js");
    throw new m.ResponseValidationError(spec.id, first.status, result.error.issues.map((i) => ({ pointer: m.toPointer(i.path), message: i.message })));
  };
  const items = async function* (): AsyncGenerator<Item, void, undefined> {
    const parse = await import("./item-streams.js");
    let response = first;
    for (let reconnects = 0; ; ) {
      try {
        // Items a chunk at a time (one await per chunk), handed out one by one.
        const batches: AsyncIterable<unknown[]> =
          stream.format === "jsonl" ? parse.jsonLineBatches(response.body!) : stream.format === "json-seq" ? oneByOne(parse.jsonSequence(response.body!)) : parse.serverSentEventBatches(response.body!, state);
        for await (const batch of batches) {
          for (const raw of batch) {
            // apigen's servers end a failed event stream with an `error` event carrying the problem.
            if (stream.format === "sse" && (raw as { event?: string }).event === "error") {
              const problem = parse.streamProblemOf(raw as ServerSentEvent);
              if (problem !== undefined) throw new parse.StreamProblemError(spec.id, problem);
            }
            // The parser's event objects are fresh and ours: data is replaced in place.
            if (stream.jsonData) (raw as { data: unknown }).data = parseData((raw as { data: string }).data, spec.id);
            const item = raw;
            // No await per item unless it is validated: an await costs more than reading the item.
            yield schema ? await checked(item) : (item as Item);
          }
        }
        return;
      } catch (error) {
        // A broken connection of a safe operation's event stream resumes after the last event it
        // gave (Last-Event-ID), as EventSource does; other failures, and other streams, end here.
        if (!resumable(spec, stream, error, options) || ++reconnects > MAX_RECONNECTS) {
          // A connection that broke mid-stream fails as a plain call's network error does.
          throw error instanceof TypeError && !options.signal?.aborted ? new ApiNetworkError(spec.id, error) : error;
        }
        await delay(state.retry ?? DEFAULT_RECONNECT_MS, options.signal);
        const headers = state.lastEventId === "" ? options.headers : { ...options.headers, "last-event-id": state.lastEventId };
        response = await connect(runtime, spec, input, { ...options, headers });
      }
    }
  };
  return { status: first.status, headers: first.headers, requestId: first.headers.get("x-request-id") ?? first.headers.get("request-id") ?? undefined, items: items() };
}

/**
 * The response of a stream request: a 2xx with its body unread; any other status throws as for a
 * plain call. The call's timeout (default 30 s) bounds the wait for the response head only: a
 * stream may then run for as long as it has items (end it with the signal, or by leaving the loop).
 */
async function connect(runtime: ClientRuntime, spec: OperationSpec, input: CallInput, options: CallOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const head = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => head.abort(new ApiTimeoutError(spec.id, timeoutMs)), timeoutMs) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, head.signal]) : head.signal;
  let response: Response;
  try {
    response = await runtime.raw(spec, input, { ...options, timeoutMs: 0, signal });
  } catch (error) {
    throw head.signal.aborted ? head.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
  if (response.ok && response.body) return response;
  // readResponse throws the ApiError a plain call would (by status, with the problem); a 2xx without a body is an empty stream.
  if (!response.ok) await readResponse(spec, response, (work) => work, undefined);
  return new Response("", { status: response.status, headers: response.headers });
}

function resumable(spec: OperationSpec, stream: StreamSpec, error: unknown, options: CallOptions): boolean {
  return stream.format === "sse" && (spec.method === "GET" || spec.method === "QUERY") && !options.signal?.aborted && error instanceof TypeError;
}

async function* oneByOne<T>(items: AsyncIterable<T>): AsyncGenerator<T[], void, undefined> {
  for await (const item of items) yield [item];
}

function parseData(data: string, operation: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new SyntaxError(`${operation}: an event's data is not the JSON its schema says: ${data.slice(0, 200)}`);
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
