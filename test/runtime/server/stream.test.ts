/**
 * The server runtime's response streams (runtime/server/stream.ts, issue 15), on their own:
 * - What the server frames, independent parsers read back as the items it was given: server-sent
 *   events through eventsource-parser (a widely used implementation of the WHATWG algorithm) and
 *   through the generated client's parser, for generated events (data with CR, LF and CRLF, names,
 *   ids, retries; JSON data of any shape); JSON Lines and JSON text sequences through the client's
 *   parsers. Whatever the chunks the stream wrote.
 * - Backpressure: a sink that is full is not written to, and the iterator is not asked for more.
 * - An event the framing cannot carry (a line break in `event` or `id`) ends the stream with an
 *   error event; cancel() closes the iterator.
 */
import "./copy-runtime.js";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import { jsonLines, jsonSequence, serverSentEvents } from "../../../templates/client/runtime/item-streams.js";
import { recordingLogger } from "./helpers.js";

type Format = "sse" | "jsonl" | "json-seq";

/** Runs a stream of `items` into a sink that takes everything; the chunks written and how it ended. */
async function written(items: Iterable<unknown> | AsyncIterable<unknown>, format: Format, jsonData = false, validate = false): Promise<{ chunks: string[]; ended: "end" | "destroy" | undefined; logger: ReturnType<typeof recordingLogger> }> {
  const logger = recordingLogger();
  const stream = new rt.ResponseStream(items, { contentType: "x/y", format, jsonData }, { validate, logger, requestId: "r1", operationId: "op", instance: "/x", options: { keepAliveMs: 0 }, stopping: undefined });
  const chunks: string[] = [];
  let ended: "end" | "destroy" | undefined;
  await stream.pipe({ write: (chunk: string) => (chunks.push(chunk), true), drained: () => Promise.resolve(), end: () => (ended = "end"), destroy: () => (ended = "destroy") });
  return { chunks, ended, logger };
}

function viaEventsourceParser(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event), onRetry: () => undefined });
  parser.feed(text);
  return events;
}

function bytesOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const line = fc.string({ unit: "grapheme" }).filter((s) => !/[\r\n\0]/.test(s));
const eventArb = fc.record(
  {
    event: line.filter((s) => s !== "" && s !== "error"),
    id: line,
    retry: fc.nat({ max: 100_000 }),
    data: fc.string({ unit: fc.constantFrom("a", "é", "😀", "\n", "\r", "\r\n", " ", ":", "data: ") }),
  },
  { requiredKeys: ["data"] },
);

describe("server response streams", () => {
  it("frames server-sent events that eventsource-parser and the client's parser read back as given", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 12 }), async (events) => {
        const { chunks, ended } = await written(events, "sse");
        expect(ended).toBe("end");
        const expected = events.map((e) => ({ ...e, data: e.data.replace(/\r\n|\r/g, "\n") }));
        const parsed = viaEventsourceParser(chunks.join(""));
        expect(parsed.map((e) => e.data)).toEqual(expected.map((e) => e.data));
        expect(parsed.map((e) => e.event)).toEqual(expected.map((e) => e.event));
        const client = await collect(serverSentEvents(bytesOf(chunks)));
        expect(client.map(({ data, event }) => ({ data, event }))).toEqual(expected.map(({ data, event }) => ({ data, ...(event === undefined ? {} : { event }) })));
        // An event's own id and retry, where it set them.
        expect(client.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        expect(client.map((e) => e.retry)).toEqual(expected.map((e) => e.retry));
      }),
      { numRuns: 150 },
    );
  });

  it("sends JSON data JSON-encoded, one data line, whatever its shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 10 }), async (values) => {
        const { chunks } = await written(
          values.map((data) => ({ data })),
          "sse",
          true,
        );
        const client = await collect(serverSentEvents(bytesOf(chunks)));
        expect(client.map((e) => JSON.parse(e.data))).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      }),
      { numRuns: 100 },
    );
  });

  it("writes JSON Lines and JSON text sequences that the client's parsers read back as given", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 10 }), fc.constantFrom<Format>("jsonl", "json-seq"), async (values, format) => {
        const { chunks, ended } = await written(values, format);
        expect(ended).toBe("end");
        const read = await collect(format === "jsonl" ? jsonLines(bytesOf(chunks)) : jsonSequence(bytesOf(chunks)));
        expect(read).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      }),
      { numRuns: 100 },
    );
  });

  it("refuses what the framing cannot carry: a line break in an event name ends the stream with an error event", async () => {
    const { chunks, ended, logger } = await written([{ data: "ok" }, { event: "a\nb", data: "x" }], "sse");
    expect(ended).toBe("end");
    const events = viaEventsourceParser(chunks.join(""));
    expect(events.map((e) => e.event)).toEqual([undefined, "error"]);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ status: 500, code: "RESPONSE_VALIDATION_FAILED", request_id: "r1", instance: "/x" });
    expect(logger.entries.map((e) => e.message).join("\n")).toContain("line break");
    // JSON Lines have no error record: the connection is cut after the valid items.
    const cut = await written([1, undefined, 3], "jsonl");
    expect([cut.chunks.join(""), cut.ended]).toEqual(["1\n", "destroy"]);
  });

  it("does not write to a full sink, nor ask the iterator for more, until it drains", async () => {
    let pulled = 0;
    const items = {
      [Symbol.iterator]: () => ({ next: () => ({ done: false, value: { data: "x".repeat(100), id: String(++pulled) } }) }),
    };
    const stream = new rt.ResponseStream(items, { contentType: "text/event-stream", format: "sse" }, { validate: false, logger: recordingLogger(), requestId: "r", operationId: "op", instance: "/", options: { keepAliveMs: 0 }, stopping: undefined });
    let release: (() => void) | undefined;
    let writes = 0;
    const piping = stream.pipe({ write: () => (writes++, false), drained: () => new Promise<void>((resolve) => (release = resolve)), end: () => undefined, destroy: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One write (a turn's worth of items, at most the write threshold), then nothing while full.
    expect(writes).toBe(1);
    const pulledWhileFull = pulled;
    expect(pulledWhileFull).toBeLessThan(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBe(pulledWhileFull);
    release!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes).toBe(2);
    stream.cancel();
    release?.();
    await piping;
  });

  it("cancel() closes the iterator (a generator's finally runs) and ends nothing it was not asked to", async () => {
    let closed = false;
    async function* forever() {
      try {
        for (let n = 0; ; n++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield { data: String(n) };
        }
      } finally {
        closed = true;
      }
    }
    const stream = new rt.ResponseStream(forever(), { contentType: "text/event-stream", format: "sse" }, { validate: false, logger: recordingLogger(), requestId: "r", operationId: "op", instance: "/", options: { keepAliveMs: 0 }, stopping: undefined });
    const chunks: string[] = [];
    let ended = 0;
    const piping = stream.pipe({ write: (chunk: string) => (chunks.push(chunk), true), drained: () => Promise.resolve(), end: () => ended++, destroy: () => ended++ });
    await new Promise((resolve) => setTimeout(resolve, 40));
    stream.cancel();
    await piping;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
    expect(ended).toBe(0);
    expect(chunks.length).toBeGreaterThan(0);
  });
});
