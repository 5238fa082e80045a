/**
 * multipart/form-data request bodies, parsed with busboy while they stream in (after
 * authentication, like every body): text parts decoded by the body's form plan (form.ts) for the
 * schema to validate, files handed over as UploadedFile objects (uploaded-file.ts), each part's
 * `encoding.contentType` enforced (415 pointing at the part), and limits on parts, field size,
 * file size and the whole body (413 pointing at what overflowed). Nothing is written to disk.
 * busboy is loaded on the first multipart request (./busboy.ts).
 */
import { matchDeclaredMediaType, mediaRangeMatches } from "./body.js";
import { type Busboy, type BusboyFactory, type BusboyFileStream, type BusboyPartInfo, loadBusboy } from "./busboy.js";
import { concatBytes } from "./bytes.js";
import { decodeForm, type FormPlan } from "./form.js";
import { malformedRequestBody, payloadTooLarge } from "./problems.js";
import type { OperationContract, RawRequest } from "./types.js";
import { addValue, checkPartType, escapeToken, isArrayField, isFileField, partProblem, unescapeName } from "./multipart-parts.js";
import { UploadedFile } from "./uploaded-file.js";

/** Limits on a multipart body, each within the body limit (ServerOptions `multipart`). */
export interface MultipartLimits {
  /** Parts in one body (default 100). */
  maxParts?: number | undefined;
  /** Bytes of one text part (default 64 KiB). */
  maxFieldSize?: number | undefined;
  /** Bytes of one file (default: the body limit). */
  maxFileSize?: number | undefined;
}

/** A source of body chunks that can be paused (Node's IncomingMessage, or the stream Fastify hands on). */
interface ChunkSource {
  on(event: "data", listener: (chunk: Buffer | string) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(event: "data" | "end" | "error"): unknown;
  pause(): unknown;
  resume(): unknown;
}

function isChunkSource(value: unknown): value is ChunkSource {
  const source = value as Partial<ChunkSource> | null | undefined;
  return typeof source?.on === "function" && typeof source.pause === "function" && typeof source.resume === "function" && typeof source.removeAllListeners === "function";
}

/**
 * The declared multipart media type a request's body comes as, when the operation takes
 * multipart and the request sends it; undefined otherwise (the usual path: one property read).
 */
export function multipartMediaType(contract: OperationContract, contentType: string | undefined): string | undefined {
  const forms = contract.body?.forms;
  if (forms === undefined || contentType === undefined) return undefined;
  const declared = matchDeclaredMediaType(contract.body!.contentTypes, contentType);
  return declared !== undefined && forms[declared] !== undefined && mediaRangeMatches("multipart/*", declared.split(";")[0]!.trim().toLowerCase()) ? declared : undefined;
}

const DEFAULT_MAX_PARTS = 100;
const DEFAULT_MAX_FIELD_SIZE = 64 * 1024;

/** A multipart body read: its value for the schema, and its bytes when they were asked for (idempotency fingerprints). */
export interface MultipartBody {
  body: Record<string, unknown> | undefined;
  bytes: Uint8Array | undefined;
}

const NO_BODY: MultipartBody = { body: undefined, bytes: undefined };

/**
 * Reads and decodes a multipart body: its value for the schema (undefined when the request has
 * no body), or the problem (400, 413, 415) as a rejection. On every failure busboy is destroyed,
 * the request is no longer fed to it and what was collected is dropped. `keepBytes` keeps the raw
 * body too (operations with an idempotency key fingerprint it).
 */
export async function readMultipart(raw: RawRequest, plan: FormPlan, bodyLimit: number, limits: MultipartLimits = {}, keepBytes = false): Promise<MultipartBody> {
  if (declaresNoBody(raw, bodyLimit)) return NO_BODY;
  const createBusboy = await loadBusboy();
  const sizes = partLimits(limits, bodyLimit);
  const busboy = startBusboy(createBusboy, raw, sizes);
  return new Promise<MultipartBody>((resolve, reject) => {
    const read: PartsRead = { plan, busboy, limits: sizes, keepBytes, fields: Object.create(null), files: new Map(), fileNames: [], kept: [], settled: false, source: undefined, resolve, reject };
    listen(read);
    const stream = raw.bodyStream?.();
    if (isChunkSource(stream)) feedStream(read, stream, bodyLimit);
    else feedBytes(read, raw, bodyLimit);
  });
}

/** The limits busboy enforces, each within the body limit. */
interface PartLimits {
  maxParts: number;
  maxFieldSize: number;
  maxFileSize: number;
}

/** One multipart body being read: what its parts gave so far, and how the read ends (once: `settled`). */
interface PartsRead {
  readonly plan: FormPlan;
  readonly busboy: Busboy;
  readonly limits: PartLimits;
  readonly keepBytes: boolean;
  /** The text parts, for decodeForm. */
  readonly fields: Record<string, string | string[]>;
  readonly files: Map<string, UploadedFile[]>;
  /** The file parts' names in the order they first came: the body's property order. */
  readonly fileNames: string[];
  /** The raw body's chunks, when `keepBytes`. */
  readonly kept: Uint8Array[];
  settled: boolean;
  /** The request's stream, once busboy is fed from it (a failure stops feeding it). */
  source: ChunkSource | undefined;
  readonly resolve: (body: MultipartBody) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Whether the request says it has no body (Content-Length 0, or neither a length nor chunked),
 * so that busboy is not even loaded; a declared length over the limit is a 413 before reading.
 */
function declaresNoBody(raw: RawRequest, bodyLimit: number): boolean {
  const length = headerOf(raw, "content-length");
  if (length !== undefined) {
    if (Number(length) === 0) return true;
    if (Number(length) > bodyLimit) throw payloadTooLarge(bodyLimit);
    return false;
  }
  return headerOf(raw, "transfer-encoding") === undefined;
}

function partLimits(limits: MultipartLimits, bodyLimit: number): PartLimits {
  const maxFileSize = Math.min(limits.maxFileSize ?? bodyLimit, bodyLimit);
  const maxFieldSize = Math.min(limits.maxFieldSize ?? DEFAULT_MAX_FIELD_SIZE, bodyLimit);
  const maxParts = limits.maxParts ?? DEFAULT_MAX_PARTS;
  return { maxParts, maxFieldSize, maxFileSize };
}

/** busboy for this request; the 400 when it refuses the Content-Type itself (no boundary, or not one it can parse). */
function startBusboy(createBusboy: BusboyFactory, raw: RawRequest, limits: PartLimits): Busboy {
  try {
    return createBusboy({
      headers: raw.headers,
      // busboy signals `partsLimit` once that many parts have come, so one more than allowed.
      limits: { parts: limits.maxParts + 1, fields: limits.maxParts, files: limits.maxParts, fieldSize: limits.maxFieldSize, fileSize: limits.maxFileSize, fieldNameSize: 200, headerPairs: 20 },
      defParamCharset: "utf8",
    });
  } catch {
    // Nothing will read the body: resume it, so it drains instead of stalling the connection.
    const source = raw.bodyStream?.();
    if (isChunkSource(source)) source.resume();
    throw malformedRequestBody(/boundary/i.test(headerOf(raw, "content-type") ?? "") ? "The multipart/form-data body's boundary is not valid." : "The multipart/form-data Content-Type has no boundary.");
  }
}

/** Ends the read with a problem, unless it has ended already. */
function fail(read: PartsRead, problem: unknown): void {
  if (read.settled) return;
  read.settled = true;
  // Not from inside busboy's own event (a file's `limit`): it would go on with a destroyed part.
  queueMicrotask(() => read.busboy.destroy());
  const { source } = read;
  if (source) {
    // Stop feeding busboy; the rest of the body is discarded as it arrives.
    source.removeAllListeners("data");
    source.removeAllListeners("end");
    source.on("data", () => {});
    source.resume();
  }
  read.files.clear();
  read.kept.length = 0;
  read.reject(problem);
}

/** The 413 of a part, or of the body, over its limit; the connection closes, as the rest of the body is not read. */
function tooLarge(read: PartsRead, pointer: string, message: string): void {
  fail(read, partProblem(413, "PAYLOAD_TOO_LARGE", message, pointer, { connection: "close" }));
}

/** busboy's events, each to its handler; `close` comes after the last part when nothing failed. */
function listen(read: PartsRead): void {
  const { busboy } = read;
  busboy.on("field", (rawName, value, info) => onField(read, rawName, value, info));
  busboy.on("file", (rawName, stream, info) => onFile(read, rawName, stream, info));
  const tooManyParts = () => tooLarge(read, "/body", `The body has more than ${read.limits.maxParts} parts.`);
  busboy.on("partsLimit", tooManyParts);
  busboy.on("filesLimit", tooManyParts);
  busboy.on("fieldsLimit", tooManyParts);
  busboy.on("error", () => fail(read, malformedRequestBody("The request body is not valid multipart/form-data.")));
  busboy.on("close", () => finish(read));
}

/** A text part: its size and media type checked, its value collected for decodeForm. */
function onField(read: PartsRead, rawName: string, value: string, info: BusboyPartInfo): void {
  if (read.settled) return;
  const name = unescapeName(rawName);
  if (info.valueTruncated) return tooLarge(read, `/body/${escapeToken(name)}`, `The part exceeds the limit of ${read.limits.maxFieldSize} bytes for a field.`);
  const problem = checkPartType(read.plan, name, info.mimeType, false);
  if (problem) return fail(read, problem);
  addValue(read.fields, name, value);
}

/** A file part: its media type checked, then its bytes collected in memory (413 past the file limit). */
function onFile(read: PartsRead, rawName: string, stream: BusboyFileStream, info: BusboyPartInfo): void {
  const name = unescapeName(rawName);
  stream.on("error", () => {});
  // A part's stream must be drained even when unused, or busboy waits for it.
  if (read.settled) return void stream.resume();
  const problem = checkPartType(read.plan, name, info.mimeType, true);
  if (problem) {
    stream.resume();
    return fail(read, problem);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on("data", (chunk) => {
    size += chunk.length;
    chunks.push(chunk);
  });
  stream.on("limit", () => tooLarge(read, `/body/${escapeToken(name)}`, `The file exceeds the limit of ${read.limits.maxFileSize} bytes.`));
  stream.on("end", () => {
    if (read.settled) return;
    addFile(read, name, info, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
}

/** A whole file part, kept as an UploadedFile under its field. */
function addFile(read: PartsRead, name: string, info: BusboyPartInfo, bytes: Buffer): void {
  // A part sent as a file for a field the spec types as text (FormData sends Blobs as files).
  if (!isFileField(read.plan.fields[name]) && read.plan.fields[name] !== undefined) return addValue(read.fields, name, bytes.toString("utf8"));
  const file = new UploadedFile(name, info.filename === undefined ? undefined : unescapeName(info.filename), info.mimeType || "application/octet-stream", bytes);
  const list = read.files.get(name);
  if (list) list.push(file);
  else {
    read.files.set(name, [file]);
    read.fileNames.push(name);
  }
}

/** The body, once busboy has seen all of it: text fields decoded by the plan, then the files (one, or a list). */
function finish(read: PartsRead): void {
  if (read.settled) return;
  read.settled = true;
  try {
    const body = decodeForm(read.fields, read.plan);
    for (const name of read.fileNames) {
      const list = read.files.get(name)!;
      Object.defineProperty(body, name, { value: isArrayField(read.plan.fields[name]) || list.length > 1 ? list : list[0], enumerable: true, writable: true, configurable: true });
    }
    read.resolve({ body, bytes: read.keepBytes ? concatBytes(read.kept) : undefined });
  } catch (error) {
    read.reject(error);
  }
}

/** Feeds busboy from the request's stream as it arrives, pausing it while busboy is behind (413 past the body limit). */
function feedStream(read: PartsRead, stream: ChunkSource, bodyLimit: number): void {
  const { busboy } = read;
  read.source = stream;
  let size = 0;
  stream.on("data", (data) => {
    const chunk = typeof data === "string" ? Buffer.from(data) : data;
    size += chunk.length;
    if (size > bodyLimit) return fail(read, payloadTooLarge(bodyLimit));
    if (read.keepBytes) read.kept.push(chunk);
    if (!busboy.write(chunk)) stream.pause();
  });
  busboy.on("drain", () => read.settled || stream.resume());
  stream.on("end", () => read.settled || busboy.end());
  stream.on("error", (error) => fail(read, error));
}

/** A body the adapter read already (or a RawRequest without a stream): parsed from its bytes. */
function feedBytes(read: PartsRead, raw: RawRequest, bodyLimit: number): void {
  Promise.resolve(raw.readBody(bodyLimit)).then(
    (bytes) => {
      if (read.settled) return;
      if (read.keepBytes && bytes) read.kept.push(bytes);
      read.busboy.end(bytes);
    },
    (error: unknown) => fail(read, error),
  );
}

function headerOf(raw: RawRequest, name: string): string | undefined {
  const value = raw.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
