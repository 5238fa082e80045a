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
  constructor(
    message: string,
    /** 1-based line (JSON Lines) or record (JSON text sequences) number. */
    readonly position: number,
    /** The text that did not parse (at most 200 characters). */
    readonly text: string,
  ) {
    super(message);
  }
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
 * Lines of the text, without their terminators. `crIsBreak`: a lone CR ends a line too (event
 * streams); else only LF does, and a CR before it is dropped (JSON Lines). A CR at the end of a
 * chunk waits for the next one, so CRLF split across chunks is one break. A last line without a
 * terminator is yielded only with `keepUnterminated`.
 */
async function* lines(chunks: AsyncIterable<string>, crIsBreak: boolean, keepUnterminated: boolean): AsyncGenerator<string, void, undefined> {
  let pending = "";
  let afterCr = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (afterCr && text.startsWith("\n")) text = text.slice(1);
    afterCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && crIsBreak)) {
        let line = pending + text.slice(start, i);
        pending = "";
        if (c === 13) {
          if (i + 1 === text.length) afterCr = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        } else if (!crIsBreak && line.endsWith("\r")) line = line.slice(0, -1);
        start = i + 1;
        yield line;
      }
    }
    pending += text.slice(start);
  }
  if (keepUnterminated && pending !== "") yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
}

const DIGITS = /^[0-9]+$/;

/**
 * The server-sent events of a text/event-stream body. `state` (optional) follows the stream's
 * last event ID and reconnection time, also through blocks that dispatch no event. A leading
 * byte order mark is skipped; comments (`:` lines) and unknown fields are ignored; a block the
 * stream ends in the middle of is dropped, as EventSource drops it.
 */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>, state: EventStreamState = { lastEventId: "" }): AsyncGenerator<ServerSentEvent, void, undefined> {
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  let first = true;
  for await (let line of lines(textChunks(body), true, false)) {
    if (first) {
      first = false;
      if (line.startsWith("\uFEFF")) line = line.slice(1);
    }
    if (line === "") {
      if (data.length > 0) {
        const dispatched: ServerSentEvent = { data: data.join("\n") };
        if (event !== undefined) dispatched.event = event;
        if (id !== undefined) dispatched.id = id;
        if (retry !== undefined) dispatched.retry = retry;
        yield dispatched;
      }
      data = [];
      event = id = retry = undefined;
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    // An empty type names no event, as EventSource reads it (it dispatches "message").
    else if (field === "event") event = value === "" ? undefined : value;
    else if (field === "id") {
      // An id with NUL is ignored (the standard's rule: it could not be sent back in a header).
      if (!value.includes("\0")) state.lastEventId = id = value;
    } else if (field === "retry" && DIGITS.test(value)) state.retry = retry = Number(value);
  }
}

/** The JSON values of a JSON Lines body (application/jsonl, application/x-ndjson): one per line, blank lines skipped. */
export async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  let number = 0;
  for await (const line of lines(textChunks(body), false, true)) {
    number++;
    if (line.trim() === "") continue;
    yield parseItem(line, number, "line");
  }
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
