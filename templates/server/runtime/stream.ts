/**
 * Streamed responses (OpenAPI 3.2 `itemSchema`, or `x-apigen-stream`): the handler of a streaming
 * operation answers with an AsyncIterable (or Iterable) of the typed item, and this writes each
 * item as it comes: a server-sent event, a JSON line or a JSON text sequence record. Shared by
 * every pack, so they send the same bytes; an adapter only supplies a StreamSink over its
 * connection.
 *
 * - Items are written at the end of the event-loop turn that produced them (those produced in one
 *   turn go out in one write), so an event waits for no timer or buffer, and a producer faster
 *   than the network costs one write per turn instead of one per item.
 * - Backpressure: while the connection's buffer is full the iterator is not asked for more.
 * - Idle SSE streams get a `: keep-alive` comment (`streams.keepAliveMs`, default 15 s).
 * - The client going away, and the end of the shutdown grace, call the iterator's `return()` (an
 *   async generator's `finally` runs); the handler's `signal` is aborted on both.
 * - An item that is not what the spec says (checked when responses are validated), or an error the
 *   iterator throws, ends the stream: SSE with an `error` event whose data is the problem object
 *   (RFC 9457, as the error responses carry it), JSON Lines and JSON text sequences by cutting the
 *   connection (their formats have no error record), so a client never takes the stream as whole.
 */
import { ProblemError } from "../problem-details.js";
import * as problems from "./problems.js";
import type { ContractSchema, Logger } from "./types.js";
import { zodOf } from "./validate.js";

/** How a declared stream frames its items (the client's item-streams.ts reads the same three). */
export type StreamFormat = "sse" | "jsonl" | "json-seq";

/** A response media type that is a stream of items, as a ResponseContract declares it. */
export interface StreamContract {
  /** The declared media type it is sent as (`text/event-stream`). */
  contentType: string;
  format: StreamFormat;
  /** Zod schema of one item (SSE: the event object, with `data` as a value when it is JSON). */
  item?: ContractSchema | undefined;
  /** SSE: each event's `data` is JSON (contentMediaType application/json) and is sent encoded. */
  jsonData?: boolean | undefined;
}

/** `ServerOptions.streams`. */
export interface StreamOptions {
  /** Silence after which an SSE stream gets a `: keep-alive` comment (default 15 s; 0: none). */
  keepAliveMs?: number | undefined;
  /**
   * Once graceful shutdown stops accepting connections, how long an open stream may go on (its
   * handler's `signal` is aborted at once, so it can send a last item and return) before it is
   * ended (default 1 s). Keep it below the drain timeout.
   */
  shutdownGraceMs?: number | undefined;
}

/** Where a stream writes: an adapter's view of its connection. */
export interface StreamSink {
  /** Writes a chunk; false when the connection's buffer is full (then wait for `drained`). */
  write(chunk: string): boolean;
  /** Resolves once the connection takes more, or is gone. */
  drained(): Promise<void>;
  /** Ends the response cleanly. */
  end(): void;
  /** Cuts the connection once what was written went out: the client sees the stream broken, not ended. */
  destroy(): void;
}

/** What a stream needs of the request and runtime it answers. */
export interface StreamEnv {
  validate: boolean;
  logger: Logger;
  requestId: string;
  operationId: string;
  /** The problem's `instance` (the request's path). */
  instance: string;
  options: StreamOptions | undefined;
  /** Aborted when graceful shutdown stops accepting connections (lifecycle.ts). */
  stopping: AbortSignal | undefined;
}

const DEFAULT_KEEP_ALIVE_MS = 15_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 1_000;
/** A turn's items past this many characters are written at once rather than at the turn's end. */
const WRITE_AT = 16 * 1024;
const KEEP_ALIVE = ": keep-alive\n\n";

/** Whether a handler's body is items to stream (not a string, bytes or a plain value). */
export function isItemSource(body: unknown): body is AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof body !== "object" || body === null || body instanceof Uint8Array) return false;
  return Symbol.asyncIterator in body || Symbol.iterator in body;
}

/** Runs `work` once the current event-loop turn is over (setImmediate where there is one: Node, Bun, Deno). */
const afterTurn: (work: () => void) => void = typeof setImmediate === "function" ? (work) => void setImmediate(work) : (work) => void setTimeout(work, 0);

/** An item the framing cannot carry, or that does not match the spec. */
class InvalidItem extends Error {
  readonly issues: unknown;
  constructor(message: string, issues?: unknown) {
    super(message);
    this.issues = issues;
  }
}

/**
 * One streamed response body. Made by the runtime's respond step; the adapter writes the head,
 * then calls `pipe` with its sink, and `cancel` when the client goes away.
 */
export class ResponseStream {
  readonly format: StreamFormat;
  readonly #iterator: AsyncIterator<unknown> | Iterator<unknown>;
  readonly #contract: StreamContract;
  readonly #env: StreamEnv;
  #sink: StreamSink | undefined;
  #pending = "";
  #flushQueued = false;
  #blocked: Promise<void> | undefined;
  /** Finished, failed or cancelled: nothing more is written or asked of the iterator. */
  #closed = false;
  #stopping = false;
  #lastWrite = 0;
  #keepAlive: ReturnType<typeof setTimeout> | undefined;
  #onClose: (() => void)[] = [];
  #grace: ReturnType<typeof setTimeout> | undefined;
  readonly #onStop = () => this.#beginStop();

  constructor(items: AsyncIterable<unknown> | Iterable<unknown>, contract: StreamContract, env: StreamEnv) {
    this.format = contract.format;
    this.#contract = contract;
    this.#env = env;
    this.#iterator = Symbol.asyncIterator in items ? (items as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (items as Iterable<unknown>)[Symbol.iterator]();
  }

  /** Writes the items to `sink` until the iterator is done, fails, or the stream is cancelled or stopped. */
  async pipe(sink: StreamSink): Promise<void> {
    if (this.#closed) return sink.end();
    this.#sink = sink;
    this.#lastWrite = Date.now();
    const keepAliveMs = this.#contract.format === "sse" ? (this.#env.options?.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS) : 0;
    if (keepAliveMs > 0) this.#scheduleKeepAlive(keepAliveMs, keepAliveMs);
    const { stopping } = this.#env;
    if (stopping?.aborted) this.#beginStop();
    else stopping?.addEventListener("abort", this.#onStop, { once: true });
    for (;;) {
      if (this.#blocked !== undefined) await this.#blocked;
      if (this.#closed) return;
      let step: IteratorResult<unknown>;
      try {
        step = await this.#iterator.next();
      } catch (error) {
        // After a cancel or during shutdown, an iterator that throws (an aborted wait) just ended.
        if (this.#closed) return;
        if (this.#stopping) return this.#finish(true);
        return this.#fail(error instanceof ProblemError ? error : undefined, "The stream's iterator threw; the stream was ended with an error.", { error });
      }
      if (this.#closed) return;
      if (step.done) return this.#finish(true);
      let frame: string;
      try {
        frame = this.#frame(step.value);
      } catch (error) {
        const invalid = error as InvalidItem;
        this.#closeIterator();
        return this.#fail(problems.responseValidationFailed(), `A streamed item does not match the spec: ${invalid.message}; the stream was ended with an error.`, invalid.issues === undefined ? {} : { issues: invalid.issues });
      }
      this.#pending += frame;
      if (this.#pending.length >= WRITE_AT) this.#flush();
      else if (!this.#flushQueued) {
        this.#flushQueued = true;
        afterTurn(this.#flushLater);
      }
    }
  }

  /** Calls `callback` once the stream is over (ended, failed or cancelled); at once if it is. */
  onClose(callback: () => void): void {
    if (this.#closed) callback();
    else this.#onClose.push(callback);
  }

  /** The client went away: the iterator's `return()` is called and nothing more is written. */
  cancel(): void {
    if (this.#closed) return;
    this.#close();
    this.#closeIterator();
  }

  /** The item as its frame; throws InvalidItem for an item the spec (when validating) or the framing refuses. */
  #frame(item: unknown): string {
    const contract = this.#contract;
    if (this.#env.validate && contract.item !== undefined) {
      const parsed = zodOf(contract.item).safeParse(item);
      if (!parsed.success) throw new InvalidItem("the item does not match the item schema", parsed.error.issues);
    }
    if (contract.format === "sse") return eventFrame(item, contract.jsonData === true);
    const json = JSON.stringify(item);
    if (json === undefined) throw new InvalidItem("the item has no JSON form");
    return contract.format === "jsonl" ? `${json}\n` : `\u001e${json}\n`;
  }

  readonly #flushLater = () => {
    this.#flushQueued = false;
    if (!this.#closed) this.#flush();
  };

  #flush(): void {
    if (this.#pending === "") return;
    const chunk = this.#pending;
    this.#pending = "";
    this.#lastWrite = Date.now();
    if (!this.#sink!.write(chunk) && this.#blocked === undefined) {
      this.#blocked = this.#sink!.drained().then(() => {
        this.#blocked = undefined;
      });
    }
  }

  #scheduleKeepAlive(delayMs: number, intervalMs: number): void {
    this.#keepAlive = setTimeout(() => {
      if (this.#closed) return;
      const idle = Date.now() - this.#lastWrite;
      if (idle >= intervalMs) {
        // A comment line: EventSource and the client's parser skip it; proxies see traffic.
        if (this.#blocked === undefined) {
          this.#pending += KEEP_ALIVE;
          this.#flush();
        }
        this.#scheduleKeepAlive(intervalMs, intervalMs);
      } else this.#scheduleKeepAlive(intervalMs - idle, intervalMs);
    }, delayMs);
  }

  /** Shutdown: the handler's signal is already aborted (HandlerRequestImpl); after the grace the stream ends. */
  #beginStop(): void {
    if (this.#closed || this.#stopping) return;
    this.#stopping = true;
    const graceMs = this.#env.options?.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.#grace = setTimeout(() => {
      if (this.#closed) return;
      this.#closeIterator();
      this.#finish(true);
    }, graceMs);
  }

  /** Ends the stream as problem (SSE: an `error` event; other formats: the connection is cut), logged. */
  #fail(problem: ProblemError | undefined, message: string, details: Record<string, unknown>): void {
    this.#env.logger.error(message, { requestId: this.#env.requestId, operationId: this.#env.operationId, ...details });
    if (this.#contract.format !== "sse") return this.#finish(false);
    const rendered = problems.renderProblem(problem ?? problems.internalError(), this.#env.requestId, this.#env.instance);
    this.#pending += `event: error\ndata: ${rendered.body as string}\n\n`;
    this.#finish(true);
  }

  #finish(clean: boolean): void {
    if (this.#closed) return;
    // The items before a failure go out too: the client gets all that was valid, then the break.
    this.#flush();
    this.#close();
    if (clean) this.#sink!.end();
    else this.#sink!.destroy();
  }

  #close(): void {
    this.#closed = true;
    this.#pending = "";
    clearTimeout(this.#keepAlive);
    clearTimeout(this.#grace);
    this.#env.stopping?.removeEventListener("abort", this.#onStop);
    const callbacks = this.#onClose;
    this.#onClose = [];
    for (const callback of callbacks) callback();
  }

  /** Lets the handler's iterator clean up (a generator's `finally`); its failure there is not the client's business. */
  #closeIterator(): void {
    try {
      const done = this.#iterator.return?.();
      if (done !== undefined && typeof (done as Promise<unknown>).then === "function") (done as Promise<unknown>).then(undefined, () => {});
    } catch {
      // A sync iterator whose return() threw: nothing to do.
    }
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * One server-sent event (WHATWG HTML, "event stream"): `event`, `id` and `retry` when the item
 * sets them, then `data` (JSON-encoded when the spec says it is JSON, else the string, one
 * `data:` line per line of it), ended by a blank line.
 */
function eventFrame(item: unknown, jsonData: boolean): string {
  if (typeof item !== "object" || item === null) throw new InvalidItem("an event is not an object");
  const { event, id, retry, data } = item as { event?: unknown; id?: unknown; retry?: unknown; data?: unknown };
  let frame = "";
  if (event !== undefined) frame += `event: ${fieldText(event, "event")}\n`;
  if (id !== undefined) {
    const text = fieldText(id, "id");
    // EventSource ignores an id holding NUL: the client's Last-Event-ID would never be this one.
    if (text.includes("\u0000")) throw new InvalidItem("an event's id holds NUL");
    frame += `id: ${text}\n`;
  }
  if (retry !== undefined) {
    if (typeof retry !== "number" || !Number.isInteger(retry) || retry < 0) throw new InvalidItem("an event's retry is not a non-negative integer");
    frame += `retry: ${retry}\n`;
  }
  if (jsonData || typeof data !== "string") {
    const json = JSON.stringify(data);
    if (json === undefined) throw new InvalidItem("an event's data has no JSON form");
    // JSON text never holds a raw line break: one data line.
    return `${frame}data: ${json}\n\n`;
  }
  return `${frame}data: ${data.includes("\n") || data.includes("\r") ? data.replace(LINE_BREAK, "\ndata: ") : data}\n\n`;
}

function fieldText(value: unknown, field: string): string {
  const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
  if (text === undefined) throw new InvalidItem(`an event's ${field} is not a string`);
  if (text.includes("\n") || text.includes("\r")) throw new InvalidItem(`an event's ${field} holds a line break`);
  return text;
}
