/**
 * The client runtime's item streams (runtime/item-streams.ts, issue 15): server-sent events,
 * JSON Lines and JSON text sequences read from a byte stream.
 * - SSE is checked against eventsource-parser (an independent, widely used implementation of the
 *   same WHATWG algorithm) on generated streams: every field, comments, unknown fields, CR / LF /
 *   CRLF line ends, a byte order mark, ids with NUL, invalid retries, a cut-off last block; and
 *   the events must not depend on where the network split the bytes (inside a UTF-8 character,
 *   between CR and LF).
 * - JSON Lines and JSON text sequences give back the values written, however the bytes are split.
 * - The body is pulled only as items are asked for (backpressure), and leaving early cancels it.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonLines, jsonSequence, serverSentEvents, StreamItemError, type EventStreamState, type ServerSentEvent } from "../../../templates/client/runtime/item-streams.js";

const encoder = new TextEncoder();

/** A body that hands out the given chunks one pull at a time, counting pulls and noting a cancel. */
function body(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; pulls: () => number; cancelled: () => boolean } {
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

/** The bytes of `text`, cut at the given offsets (which may fall inside a UTF-8 character). */
function split(text: string, cuts: number[]): Uint8Array[] {
  const bytes = encoder.encode(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.slice(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What eventsource-parser makes of the whole text: events (fields as ours), the last retry, the last id. */
function reference(text: string): { events: ServerSentEvent[]; retry: number | undefined } {
  const events: ServerSentEvent[] = [];
  let retry: number | undefined;
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      const event: ServerSentEvent = { data: message.data };
      if (message.event !== undefined) event.event = message.event;
      if (message.id !== undefined) event.id = message.id;
      events.push(event);
    },
    onRetry: (ms: number) => (retry = ms),
  });
  // A CR at the very end ends its line (the stream is over: no LF can follow); eventsource-parser
  // waits for a possible LF forever, so it is given the LF that changes nothing.
  parser.feed(text.endsWith("\r") ? `${text}\n` : text);
  return { events, retry };
}

const lineText = fc.string({ unit: fc.constantFrom("a", "b", " ", ":", "é", "😀", "\u2028", "{", "}", '"'), maxLength: 8 });
const sseLine = fc.oneof(
  lineText.map((v) => `data:${v}`),
  lineText.map((v) => `data: ${v}`),
  fc.constant("data"),
  lineText.map((v) => `event:${v}`),
  lineText.map((v) => `event: ${v}`),
  fc.oneof(lineText, fc.constant("a\0b")).map((v) => `id: ${v}`),
  fc.oneof(fc.nat({ max: 99999 }).map(String), fc.constantFrom("1.5", "x", "", " 10", "-1")).map((v) => `retry: ${v}`),
  lineText.map((v) => `:${v}`),
  lineText.map((v) => `other: ${v}`),
);
const ending = fc.constantFrom("\n", "\r", "\r\n");
/** A stream: blocks of lines each ended by one of the three line ends, a blank line after each block, maybe a BOM, maybe a cut-off block at the end. */
const sseStream = fc
  .record({
    bom: fc.boolean(),
    blocks: fc.array(fc.array(fc.tuple(sseLine, ending), { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
    blockEnd: ending,
    cutOff: fc.array(fc.tuple(sseLine, ending), { maxLength: 2 }),
  })
  .map(({ bom, blocks, blockEnd, cutOff }) => (bom ? "\uFEFF" : "") + blocks.map((block) => block.map(([l, e]) => l + e).join("") + blockEnd).join("") + cutOff.map(([l, e]) => l + e).join(""));

describe("server-sent events", () => {
  it("are what eventsource-parser reads, wherever the bytes are split", async () => {
    await fc.assert(
      fc.asyncProperty(sseStream, fc.array(fc.nat(), { maxLength: 8 }), async (text, cuts) => {
        const state: EventStreamState = { lastEventId: "" };
        const events = await collect(serverSentEvents(body(split(text, cuts)).stream, state));
        // The reference reads text as fetch users decode it (TextDecoder drops a leading BOM, which it would not).
        const expected = reference(new TextDecoder().decode(encoder.encode(text)));
        expect(events.map(({ retry: _retry, ...rest }) => rest)).toEqual(expected.events);
        expect(state.retry).toBe(expected.retry);
      }),
      { numRuns: 400 },
    );
  });

  it("read a typical stream: multi-line data, named events, ids that outlive their event, retry, comments", async () => {
    const text = ": keep-alive\n\nevent: token\ndata: {\"text\":\"Hel\"}\nid: 1\n\ndata: line one\ndata: line two\n\nretry: 2500\n\nid: 7\nevent: done\ndata:\n\n";
    const state: EventStreamState = { lastEventId: "" };
    const events = await collect(serverSentEvents(body([encoder.encode(text)]).stream, state));
    expect(events).toEqual([
      { event: "token", data: '{"text":"Hel"}', id: "1" },
      { data: "line one\nline two" },
      { event: "done", data: "", id: "7" },
    ]);
    expect(state).toEqual({ lastEventId: "7", retry: 2500 });
  });

  it("keep an event whose CRLF is split between chunks whole, and a character split between chunks too", async () => {
    const text = "data: é😀\r\n\r\ndata: x\r\n\r\n";
    for (let cut = 0; cut <= encoder.encode(text).length; cut++) {
      expect(await collect(serverSentEvents(body(split(text, [cut])).stream))).toEqual([{ data: "é😀" }, { data: "x" }]);
    }
  });
});

describe("JSON Lines", () => {
  it("give back the values written, with LF or CRLF, blank lines skipped, the last line with or without its LF, wherever the bytes are split", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 8 }), ending.filter((e) => e !== "\r"), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), async (values, end, lastEnd, cuts) => {
        const text = values.map((v) => JSON.stringify(v)).join(`${end}${end}`) + (lastEnd && values.length > 0 ? end : "");
        const read = await collect(jsonLines(body(split(text, cuts)).stream));
        expect(read).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 300 },
    );
  });

  it("stop at a line that is not JSON, naming its number", async () => {
    const error = await collect(jsonLines(body([encoder.encode('{"a":1}\n\n{"a":\n')]).stream)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamItemError);
    expect([(error as StreamItemError).position, (error as StreamItemError).text]).toEqual([3, '{"a":']);
  });
});

describe("JSON text sequences", () => {
  it("give back the values written, wherever the bytes are split", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), async (values, cuts) => {
        const text = values.map((v) => `\x1e${JSON.stringify(v, null, 1)}\n`).join("");
        expect(await collect(jsonSequence(body(split(text, cuts)).stream))).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 300 },
    );
  });

  it("hand out a record as soon as its line feed arrives, before the next record starts", async () => {
    const { stream } = body([encoder.encode('\x1e{"n":1}\n'), encoder.encode('\x1e{"n":2}\n')]);
    const iterator = jsonSequence(stream)[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { n: 1 } });
    await iterator.return(undefined);
  });

  it("refuse a record cut short (no closing line feed): a truncated value is not a whole one", async () => {
    const error = await collect(jsonSequence(body([encoder.encode('\x1e{"n":1}\n\x1e123')]).stream)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamItemError);
    expect((error as StreamItemError).position).toBe(2);
  });
});

describe("reading on demand", () => {
  it("pulls the body only as items are asked for, and cancels it when the reader stops early", async () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => encoder.encode(`data: ${i}\n\n`));
    const source = body(chunks);
    let read = 0;
    for await (const event of serverSentEvents(source.stream)) {
      read++;
      if (event.data === "2") break;
    }
    expect(read).toBe(3);
    // One pull per event asked for, plus the stream's own first pull: not the thousand chunks.
    expect(source.pulls()).toBeLessThanOrEqual(4);
    expect(source.cancelled()).toBe(true);
  });

  it("does not cancel a body it read to the end", async () => {
    const source = body([encoder.encode("1\n2\n")]);
    expect(await collect(jsonLines(source.stream))).toEqual([1, 2]);
    expect(source.cancelled()).toBe(false);
  });
});
