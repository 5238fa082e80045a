/**
 * Request bodies: reading them within a size limit, matching their content type against the
 * operation's declared media types, and parsing them by media type.
 */
import { malformedRequestBody, payloadTooLarge } from "./problems.js";
import { concatBytes, utf8Bytes, utf8Text } from "./bytes.js";
import { searchParamsToObject } from "./query.js";

type Headers = Record<string, string | string[] | undefined>;

type BodyStream = AsyncIterable<Uint8Array | string> & { headers?: Headers };

/**
 * Reads a request body (Node's IncomingMessage, or any async iterable of chunks) into one
 * Uint8Array. Answers undefined when the request has no body (no Content-Length and no
 * Transfer-Encoding, or a zero length). Fails with the 413 problem without reading anything when
 * Content-Length already exceeds `limit`, and as soon as the bytes read pass it.
 *
 * The iterator is deliberately not closed on 413: closing a Node request destroys its socket,
 * and the 413 could not be sent. The problem carries `Connection: close` instead.
 */
export function readBody(stream: BodyStream, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => readBodyThen(stream, limit, (error, bytes) => (error === null ? resolve(bytes) : reject(error))));
}

/** `readBody` with a callback, for adapters that read the body inside a framework's own callback (Fastify's parsers). */
export function readBodyThen(stream: BodyStream, limit: number, callback: (error: unknown, bytes: Uint8Array | undefined) => void): void {
  const headers = stream.headers ?? {};
  const length = headers["content-length"];
  if (length !== undefined) {
    const declared = Number(length);
    if (declared === 0) return callback(null, undefined);
    if (declared > limit) return callback(payloadTooLarge(limit), undefined);
  } else if (headers["transfer-encoding"] === undefined && stream.headers) {
    return callback(null, undefined);
  }
  if (isEmitter(stream)) return collect(stream, limit, callback);
  iterate(stream, limit).then((bytes) => callback(null, bytes), (error: unknown) => callback(error, undefined));
}

async function iterate(stream: AsyncIterable<Uint8Array | string>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === "string" ? utf8Bytes(next.value) : next.value;
    size += chunk.length;
    if (size > limit) throw payloadTooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  return concatBytes(chunks, size);
}

interface ChunkEmitter {
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(event: "data" | "end"): unknown;
}

function isEmitter(stream: object): stream is ChunkEmitter {
  return typeof (stream as { on?: unknown }).on === "function" && typeof (stream as { removeAllListeners?: unknown }).removeAllListeners === "function";
}

/**
 * The same read with plain `data`/`end` listeners: Node streams (the usual case) skip the async
 * iterator's per-chunk promises, which showed in profiles of small JSON posts. Past the limit the
 * listeners go and the rest of the body is discarded as it arrives (the socket stays usable).
 */
function collect(stream: ChunkEmitter, limit: number, whenRead: (error: unknown, bytes: Uint8Array | undefined) => void): void {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Once only: a stream may still emit an error after the 413 was reported.
  let settled = false;
  const callback = (error: unknown, bytes: Uint8Array | undefined) => {
    if (settled) return;
    settled = true;
    whenRead(error, bytes);
  };
  stream.on("data", (data) => {
    const chunk = typeof data === "string" ? utf8Bytes(data) : data;
    size += chunk.length;
    if (size > limit) {
      stream.removeAllListeners("data");
      stream.removeAllListeners("end");
      stream.on("data", () => {});
      callback(payloadTooLarge(limit), undefined);
      return;
    }
    chunks.push(chunk);
  });
  stream.on("end", () => callback(null, size === 0 ? undefined : concatBytes(chunks, size)));
  stream.on("error", (error) => callback(error, undefined));
}

/** A media type's `type/subtype`, lower-cased, without parameters (`application/json`). */
export function essenceOf(contentType: string): string {
  // The media type of nearly every request and response, several times per request.
  if (contentType === "application/json") return contentType;
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** JSON and every `+json` type (`application/problem+json`, `application/merge-patch+json`). */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = essenceOf(mediaType);
  return essence === "application/json" || essence.endsWith("+json");
}

/** Whether a media range (`application/*`, `*\/*`, `text/plain`) covers an essence. */
export function mediaRangeMatches(range: string, essence: string): boolean {
  if (range === essence || range === "*/*") return true;
  if (!range.endsWith("/*")) return false;
  const slash = essence.indexOf("/");
  return slash !== -1 && essence.slice(0, slash) === range.slice(0, -2);
}

/**
 * The declared media type (as the spec spells it, the key of `body.schemas`) that covers a
 * request's Content-Type, preferring an exact match over a wildcard; undefined for a 415.
 */
export function matchDeclaredMediaType(declared: readonly string[], contentType: string): string | undefined {
  const essence = essenceOf(contentType);
  let wildcard: string | undefined;
  for (const type of declared) {
    const range = essenceOf(type);
    if (range === essence) return type;
    if (wildcard === undefined && mediaRangeMatches(range, essence)) wildcard = type;
  }
  return wildcard;
}

/**
 * Parses a body by its media type: JSON (any `+json`) with JSON.parse (400 when malformed),
 * form bodies to an object, `text/*` to a string, anything else stays bytes.
 */
export function parseBody(bytes: Uint8Array, contentType: string): unknown {
  if (isJsonMediaType(contentType)) {
    try {
      return JSON.parse(utf8Text(bytes));
    } catch {
      throw malformedRequestBody();
    }
  }
  const essence = essenceOf(contentType);
  if (essence === "application/x-www-form-urlencoded") return searchParamsToObject(new URLSearchParams(utf8Text(bytes)));
  if (essence.startsWith("text/")) return utf8Text(bytes);
  return bytes;
}
