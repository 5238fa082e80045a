/**
 * Reading a response body as a stream of items, one at a time, as the consumer asks for them:
 * server-sent events (text/event-stream, by the WHATWG HTML standard's "event stream
 * interpretation"), JSON Lines (application/jsonl, application/x-ndjson) and JSON text sequences
 * (application/json-seq, RFC 7464). The body is pulled only when the next item is wanted, so a
 * slow consumer holds back the network (fetch's stream applies TCP backpressure) instead of
 * buffering the stream in memory; leaving a `for await` early cancels the body, which ends the
 * connection. Standalone: it only needs a ReadableStream of bytes (Node 20+ and browsers).
 */

/** One server-sent event, with the fields its block set (`data` always: a block without data dispatches nothing). */
export interface ServerSentEvent {
  /** The data lines, joined with "\n". */
  data: string;
  /** The `event` field; absent when the block names none or an empty one (EventSource then dispatches "message"). */
  event?: string;
  /** The block's `id` field, when it set one (`""` resets the last event ID). */
  id?: string;
  /** The block's `retry` field in milliseconds, when it set a valid one. */
  retry?: number;
}

/** What a stream has said so far that outlives its events: what a reconnection sends and waits. */
export interface EventStreamState {
  /** The last event ID the stream set, for `Last-Event-ID` on reconnection ("" when none). */
  lastEventId: string;
  /** The reconnection time the stream asked for (ms), once it sent a valid `retry`. */
  retry?: number;
}

/** A line of a stream that is not what its media type says (JSON Lines, JSON text sequences). */
export class StreamItemError extends Error {
  override readonly name = "StreamItemError";
  /** 1-based line (JSON Lines) or record (JSON text sequences) number. */
  readonly position: number;
  /** The text that did not parse (at most 200 characters). */
  readonly text: string;

  // Fields assigned by hand, not parameter properties: the runtime is erasable TypeScript (type stripping).
  constructor(message: string, position: number, text: string) {
    super(message);
    this.position = position;
    this.text = text;
  }
}

/**
 * An event stream the server ended with an `error` event carrying a problem (RFC 9457): what
 * apigen's servers send when a streamed item fails (an item the spec refuses, a handler that
 * threw). The items before it were delivered; the loop then throws this.
 */
export class StreamProblemError extends Error {
  override readonly name = "StreamProblemError";
  /** The operation whose stream failed. */
  readonly operation: string;
  /** The problem object as the server sent it (`status`, `title`, `detail`, `code`, `request_id`...). */
  readonly problem: Record<string, unknown>;

  constructor(operation: string, problem: Record<string, unknown>) {
    super(`${operation}: the stream ended with an error: ${String(problem["title"] ?? "")}${problem["detail"] === undefined ? "" : ` (${String(problem["detail"])})`}`);
    this.operation = operation;
    this.problem = problem;
  }
}

/** The problem an `error` event carries, when its data is one (an object with a numeric status and a title). */
export function streamProblemOf(event: ServerSentEvent): Record<string, unknown> | undefined {
  if (event.event !== "error") return undefined;
  try {
    const value = JSON.parse(event.data) as unknown;
    if (typeof value === "object" && value !== null && typeof (value as { status?: unknown }).status === "number" && typeof (value as { title?: unknown }).title === "string") return value as Record<string, unknown>;
  } catch {
    // Not JSON: an event of the API's own named "error".
  }
  return undefined;
}

/**
 * The body's text, decoded as UTF-8 (a character split between chunks is joined; an invalid
 * sequence is U+FFFD, as EventSource decodes), chunk by chunk, pulled on demand. Cancels the body
 * when the reader stops early.
 */
async function* textChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        const rest = decoder.decode();
        if (rest !== "") yield rest;
        return;
      }
      const text = decoder.decode(next.value, { stream: true });
      if (text !== "") yield text;
    }
  } finally {
    // An early exit (break, return, a throw in the loop body) cancels the body: the connection ends.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Splits text into lines, chunk by chunk, without their terminators. `crIsBreak`: a lone CR ends
 * a line too (event streams); else only LF does, and a CR before it is dropped (JSON Lines). A CR
 * at the end of a chunk waits for the next one, so CRLF split across chunks is one break.
 * Synchronous per chunk: an await per line would cost more than the parsing.
 */
class LineSplitter {
  #pending = "";
  #afterCr = false;
  readonly crIsBreak: boolean;

  constructor(crIsBreak: boolean) {
    this.crIsBreak = crIsBreak;
  }

  /** The lines this chunk completes. */
  push(chunk: string): string[] {
    const out: string[] = [];
    let text = chunk;
    if (this.#afterCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#afterCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && (c !== 13 || !this.crIsBreak)) continue;
      let line = this.#pending === "" ? text.slice(start, i) : this.#pending + text.slice(start, i);
      this.#pending = "";
      if (c === 13) {
        if (i + 1 === text.length) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      } else if (!this.crIsBreak && line.endsWith("\r")) line = line.slice(0, -1);
      start = i + 1;
      out.push(line);
    }
    this.#pending += text.slice(start);
    return out;
  }

  /** A last line the stream did not terminate ("" when none). */
  rest(): string {
    return this.#pending.endsWith("\r") ? this.#pending.slice(0, -1) : this.#pending;
  }
}

const DIGITS = /^[0-9]+$/;

/**
 * The server-sent events of a text/event-stream body. `state` (optional) follows the stream's
 * last event ID and reconnection time, also through blocks that dispatch no event. A leading
 * byte order mark is skipped; comments (`:` lines) and unknown fields are ignored; a block the
 * stream ends in the middle of is dropped, as EventSource drops it.
 */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>, state: EventStreamState = { lastEventId: "" }): AsyncGenerator<ServerSentEvent, void, undefined> {
  for await (const batch of serverSentEventBatches(body, state)) yield* batch;
}

/** The events of each chunk of the body together (as serverSentEvents reads them): one await per chunk, not per event. */
export async function* serverSentEventBatches(body: ReadableStream<Uint8Array>, state: EventStreamState = { lastEventId: "" }): AsyncGenerator<ServerSentEvent[], void, undefined> {
  const splitter = new LineSplitter(true);
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  let first = true;
  for await (const chunk of textChunks(body)) {
    const dispatched: ServerSentEvent[] = [];
    for (let line of splitter.push(chunk)) {
      if (first) {
        first = false;
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      }
      if (line === "") {
        if (data.length > 0) {
          const next: ServerSentEvent = { data: data.length === 1 ? data[0]! : data.join("\n") };
          if (event !== undefined) next.event = event;
          if (id !== undefined) next.id = id;
          if (retry !== undefined) next.retry = retry;
          dispatched.push(next);
        }
        data = [];
        event = id = retry = undefined;
        continue;
      }
      if (line.charCodeAt(0) === 58) continue; // ":" a comment
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
      if (field === "data") data.push(value);
      // An empty type names no event, as EventSource reads it (it dispatches "message").
      else if (field === "event") event = value === "" ? undefined : value;
      else if (field === "id") {
        // An id with NUL is ignored (the standard's rule: it could not be sent back in a header).
        if (!value.includes("\0")) state.lastEventId = id = value;
      } else if (field === "retry" && DIGITS.test(value)) state.retry = retry = Number(value);
    }
    if (dispatched.length > 0) yield dispatched;
  }
}

/** The JSON values of a JSON Lines body (application/jsonl, application/x-ndjson): one per line, blank lines skipped. */
export async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  for await (const batch of jsonLineBatches(body)) yield* batch;
}

/** The values of each chunk of a JSON Lines body together: one await per chunk, not per value. */
export async function* jsonLineBatches(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown[], void, undefined> {
  const splitter = new LineSplitter(false);
  let number = 0;
  const parsed = (lines: string[]) => {
    const out: unknown[] = [];
    for (const line of lines) {
      number++;
      if (line.trim() !== "") out.push(parseItem(line, number, "line"));
    }
    return out;
  };
  for await (const chunk of textChunks(body)) {
    const values = parsed(splitter.push(chunk));
    if (values.length > 0) yield values;
  }
  const last = parsed([splitter.rest()]);
  if (last.length > 0) yield last;
}

/**
 * The JSON values of a JSON text sequence (application/json-seq, RFC 7464): records that start
 * with RS (U+001E) and end with LF. A record is yielded as soon as its LF arrives and it parses
 * (not only when the next record starts: a live stream's last record would wait). A record that
 * the next RS or the end of the stream cuts short (no closing LF) is an error: RFC 7464 says a
 * truncated value must not be taken for a whole one.
 */
export async function* jsonSequence(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  let pending = "";
  let number = 0;
  const complete = (record: string) => {
    number++;
    if (!/\n[ \t\r\n]*$/.test(record)) throw new StreamItemError(`record ${number} of the JSON text sequence was cut short (no closing line feed)`, number, record.slice(0, 200));
    return parseItem(record, number, "record");
  };
  for await (const chunk of textChunks(body)) {
    pending += chunk;
    for (;;) {
      const start = pending.indexOf("\x1e");
      if (start === -1) {
        pending = "";
        break;
      }
      const end = pending.indexOf("\x1e", start + 1);
      const record = pending.slice(start + 1, end === -1 ? undefined : end);
      if (end === -1) {
        // The last record so far: out as soon as it is whole (ends with LF and parses).
        const whole = /\n[ \t\r\n]*$/.test(record) && parses(record);
        pending = whole ? "" : pending.slice(start);
        if (whole) yield complete(record);
        break;
      }
      pending = pending.slice(end);
      if (record.trim() !== "") yield complete(record);
    }
  }
  const last = pending.indexOf("\x1e") === -1 ? "" : pending.slice(pending.indexOf("\x1e") + 1);
  if (last.trim() !== "") yield complete(last);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseItem(text: string, number: number, unit: "line" | "record"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StreamItemError(`${unit} ${number} of the stream is not JSON`, number, text.slice(0, 200));
  }
}
