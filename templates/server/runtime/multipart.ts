/**
 * multipart/form-data request bodies, parsed with busboy while they stream in (after
 * authentication, like every body): text parts decoded by the body's form plan (form.ts) for the
 * schema to validate, files handed over as UploadedFile objects (uploaded-file.ts), each part's
 * `encoding.contentType` enforced (415 pointing at the part), and limits on parts, field size,
 * file size and the whole body (413 pointing at what overflowed). Nothing is written to disk.
 *
 * busboy is loaded on the first multipart request, by a specifier TypeScript does not resolve:
 * a server whose spec has no multipart body compiles and runs without busboy installed. The
 * few busboy types used here are declared below for the same reason.
 */
import { ProblemError } from "../problem-details.js";
import { matchDeclaredMediaType, mediaRangeMatches } from "./body.js";
import { decodeForm, type FieldPlan, type FormPlan } from "./form.js";
import { HttpProblemError, malformedRequestBody, payloadTooLarge, reasonPhrase } from "./problems.js";
import type { OperationContract, RawRequest } from "./types.js";
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

/** What this file uses of busboy's API (busboy 1.x). */
interface BusboyPartInfo {
  filename?: string | undefined;
  mimeType: string;
  valueTruncated?: boolean;
}
interface BusboyFileStream {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "limit" | "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  resume(): unknown;
}
interface Busboy {
  on(event: "field", listener: (name: string, value: string, info: BusboyPartInfo) => void): unknown;
  on(event: "file", listener: (name: string, stream: BusboyFileStream, info: BusboyPartInfo) => void): unknown;
  on(event: "partsLimit" | "filesLimit" | "fieldsLimit" | "close" | "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): unknown;
  destroy(): unknown;
}
type BusboyFactory = (config: {
  headers: Record<string, string | string[] | undefined>;
  limits: { parts: number; fieldSize: number; fileSize: number; fields: number; files: number; fieldNameSize: number; headerPairs: number };
  defParamCharset: string;
}) => Busboy;

/** A variable, so that TypeScript does not look for busboy's types (or busboy) at compile time. */
const BUSBOY: string = "busboy";
let busboyLoaded: Promise<BusboyFactory> | undefined;

function loadBusboy(): Promise<BusboyFactory> {
  return (busboyLoaded ??= import(BUSBOY).then(
    (module: { default?: BusboyFactory }) => (module.default ?? module) as BusboyFactory,
    (error: unknown) => {
      busboyLoaded = undefined;
      // Not `new Error(message, { cause })`: the runtime compiles with lib ES2020 too.
      throw Object.assign(new Error("apigen: this API takes multipart/form-data bodies, which need the busboy package (npm install busboy)."), { cause: error });
    },
  ));
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
  bytes: Buffer | undefined;
}

const NO_BODY: MultipartBody = { body: undefined, bytes: undefined };

/**
 * Reads and decodes a multipart body: its value for the schema (undefined when the request has
 * no body), or the problem (400, 413, 415) as a rejection. On every failure busboy is destroyed,
 * the request is no longer fed to it and what was collected is dropped. `keepBytes` keeps the raw
 * body too (operations with an idempotency key fingerprint it).
 */
export async function readMultipart(raw: RawRequest, plan: FormPlan, bodyLimit: number, limits: MultipartLimits = {}, keepBytes = false): Promise<MultipartBody> {
  const length = headerOf(raw, "content-length");
  if (length !== undefined) {
    if (Number(length) === 0) return NO_BODY;
    if (Number(length) > bodyLimit) throw payloadTooLarge(bodyLimit);
  } else if (headerOf(raw, "transfer-encoding") === undefined) return NO_BODY;
  const createBusboy = await loadBusboy();
  const maxFileSize = Math.min(limits.maxFileSize ?? bodyLimit, bodyLimit);
  const maxFieldSize = Math.min(limits.maxFieldSize ?? DEFAULT_MAX_FIELD_SIZE, bodyLimit);
  const maxParts = limits.maxParts ?? DEFAULT_MAX_PARTS;
  let busboy: Busboy;
  try {
    busboy = createBusboy({
      headers: raw.headers,
      // busboy signals `partsLimit` once that many parts have come, so one more than allowed.
      limits: { parts: maxParts + 1, fields: maxParts, files: maxParts, fieldSize: maxFieldSize, fileSize: maxFileSize, fieldNameSize: 200, headerPairs: 20 },
      defParamCharset: "utf8",
    });
  } catch {
    // busboy refuses the Content-Type itself: no boundary, or not one it can parse.
    const source = raw.bodyStream?.();
    if (isChunkSource(source)) source.resume();
    throw malformedRequestBody(/boundary/i.test(headerOf(raw, "content-type") ?? "") ? "The multipart/form-data body's boundary is not valid." : "The multipart/form-data Content-Type has no boundary.");
  }
  return new Promise<MultipartBody>((resolve, reject) => {
    const fields: Record<string, string | string[]> = Object.create(null);
    const files = new Map<string, UploadedFile[]>();
    const fileNames: string[] = [];
    const kept: Buffer[] = [];
    let settled = false;
    let source: ChunkSource | undefined;
    const fail = (problem: unknown) => {
      if (settled) return;
      settled = true;
      // Not from inside busboy's own event (a file's `limit`): it would go on with a destroyed part.
      queueMicrotask(() => busboy.destroy());
      if (source) {
        // Stop feeding busboy; the rest of the body is discarded as it arrives.
        source.removeAllListeners("data");
        source.removeAllListeners("end");
        source.on("data", () => {});
        source.resume();
      }
      files.clear();
      kept.length = 0;
      reject(problem);
    };
    const tooLarge = (pointer: string, message: string) => fail(partProblem(413, "PAYLOAD_TOO_LARGE", message, pointer, { connection: "close" }));
    busboy.on("field", (rawName, value, info) => {
      if (settled) return;
      const name = unescapeName(rawName);
      if (info.valueTruncated) return tooLarge(`/body/${escapeToken(name)}`, `The part exceeds the limit of ${maxFieldSize} bytes for a field.`);
      const problem = checkPartType(plan, name, info.mimeType, false);
      if (problem) return fail(problem);
      addValue(fields, name, value);
    });
    busboy.on("file", (rawName, stream, info) => {
      const name = unescapeName(rawName);
      stream.on("error", () => {});
      if (settled) return void stream.resume();
      const problem = checkPartType(plan, name, info.mimeType, true);
      if (problem) {
        stream.resume();
        return fail(problem);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on("limit", () => tooLarge(`/body/${escapeToken(name)}`, `The file exceeds the limit of ${maxFileSize} bytes.`));
      stream.on("end", () => {
        if (settled) return;
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        // A part sent as a file for a field the spec types as text (FormData sends Blobs as files).
        if (!isFileField(plan.fields[name]) && plan.fields[name] !== undefined) return addValue(fields, name, bytes.toString("utf8"));
        const file = new UploadedFile(name, info.filename === undefined ? undefined : unescapeName(info.filename), info.mimeType || "application/octet-stream", bytes);
        const list = files.get(name);
        if (list) list.push(file);
        else {
          files.set(name, [file]);
          fileNames.push(name);
        }
      });
    });
    const tooManyParts = () => tooLarge("/body", `The body has more than ${maxParts} parts.`);
    busboy.on("partsLimit", tooManyParts);
    busboy.on("filesLimit", tooManyParts);
    busboy.on("fieldsLimit", tooManyParts);
    busboy.on("error", () => fail(malformedRequestBody("The request body is not valid multipart/form-data.")));
    busboy.on("close", () => {
      if (settled) return;
      settled = true;
      try {
        const body = decodeForm(fields, plan);
        for (const name of fileNames) {
          const list = files.get(name)!;
          Object.defineProperty(body, name, { value: isArrayField(plan.fields[name]) || list.length > 1 ? list : list[0], enumerable: true, writable: true, configurable: true });
        }
        resolve({ body, bytes: keepBytes ? Buffer.concat(kept) : undefined });
      } catch (error) {
        reject(error);
      }
    });
    const stream = raw.bodyStream?.();
    if (isChunkSource(stream)) {
      source = stream;
      let size = 0;
      stream.on("data", (data) => {
        const chunk = typeof data === "string" ? Buffer.from(data) : data;
        size += chunk.length;
        if (size > bodyLimit) return fail(payloadTooLarge(bodyLimit));
        if (keepBytes) kept.push(chunk);
        if (!busboy.write(chunk)) stream.pause();
      });
      busboy.on("drain", () => settled || stream.resume());
      stream.on("end", () => settled || busboy.end());
      stream.on("error", (error) => fail(error));
      return;
    }
    // A body the adapter read already (or a RawRequest without a stream): parsed from its bytes.
    Promise.resolve(raw.readBody(bodyLimit)).then(
      (bytes) => {
        if (settled) return;
        if (keepBytes && bytes) kept.push(bytes);
        busboy.end(bytes);
      },
      (error: unknown) => fail(error),
    );
  });
}

/**
 * A part's name or file name as the sender meant it: browsers (and the generated client) write
 * `"`, CR and LF in them as %22, %0D and %0A (HTML's multipart/form-data encoding).
 */
function unescapeName(name: string): string {
  return name.indexOf("%") === -1 ? name : name.replace(/%(22|0D|0A)/gi, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
}

function isFileField(field: FieldPlan | undefined): boolean {
  return field === "file" || (typeof field === "object" && "array" in field && field.array === "file");
}

function isArrayField(field: FieldPlan | undefined): boolean {
  return typeof field === "object" && "array" in field;
}

/** The 415 problem of a part whose media type `encoding.contentType` does not allow. */
function checkPartType(plan: FormPlan, name: string, mimeType: string, isFile: boolean): ProblemError | undefined {
  const allowed = plan.partTypes?.[name];
  if (allowed === undefined) return undefined;
  // A text part without a Content-Type is text/plain (RFC 7578); busboy says so too.
  const essence = (mimeType || (isFile ? "application/octet-stream" : "text/plain")).toLowerCase();
  if (allowed.some((range) => mediaRangeMatches(range, essence))) return undefined;
  const message = `The part's content type ${essence} is not allowed; use ${allowed.join(", ")}.`;
  return partProblem(415, "UNSUPPORTED_MEDIA_TYPE", message, `/body/${escapeToken(name)}`, {}, `Part ${JSON.stringify(name)}: ${message}`);
}

function partProblem(status: number, code: string, message: string, pointer: string, headers: Record<string, string> = {}, detail = message): ProblemError {
  return new HttpProblemError({ type: "about:blank", title: reasonPhrase(status), status, detail, code, errors: [{ pointer, message }] }, headers);
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function addValue(out: Record<string, string | string[]>, key: string, value: string): void {
  const seen = out[key];
  if (seen === undefined) out[key] = value;
  else if (typeof seen === "string") out[key] = [seen, value];
  else seen.push(value);
}

function headerOf(raw: RawRequest, name: string): string | undefined {
  const value = raw.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
