/**
 * A file of a multipart/form-data body, as a handler receives it. Its own file, because the
 * handler request types name it (`R.UploadedFile`) in every generated server, multipart or not,
 * while the parser (multipart.ts) needs busboy only when a body is parsed.
 *
 * The spec's models type a file as a Blob (`format: binary`) and its zod schema checks
 * `instanceof Blob`, so an UploadedFile is a Blob: its prototype chain has Blob's, and it answers
 * Blob's methods from its Buffer itself. No copy of the bytes is made (`new Blob([buffer])`
 * would copy them all).
 */

export class UploadedFile {
  /** The part's name: the body property it was sent as. */
  readonly fieldName: string;
  /** The file name the client gave (`filename=` of the part), when it gave one. */
  readonly fileName: string | undefined;
  /** The part's Content-Type, without parameters (`image/png`); `text/plain` when it had none (RFC 7578). */
  readonly contentType: string;
  /** The bytes (`size` is their length, `type` the content type, as on any Blob). */
  readonly buffer: Buffer;

  constructor(fieldName: string, fileName: string | undefined, contentType: string, buffer: Buffer) {
    this.fieldName = fieldName;
    this.fileName = fileName;
    this.contentType = contentType;
    this.buffer = buffer;
    // Own values over Blob's getters (which only work on a real Blob); defined, since assigning
    // to a getter without a setter throws.
    Object.defineProperty(this, "size", { value: buffer.length, enumerable: true });
    Object.defineProperty(this, "type", { value: contentType, enumerable: true });
  }
}

// The Blob-compatible part: `instanceof Blob` holds (what the body schema checks), the type says
// so, and Blob's methods are answered from the Buffer (copies are made only for slice and stream).
Object.setPrototypeOf(UploadedFile.prototype, Blob.prototype);
export interface UploadedFile extends Blob {}
const bytesOf = (file: UploadedFile) => new Uint8Array(file.buffer.buffer.slice(file.buffer.byteOffset, file.buffer.byteOffset + file.buffer.length) as ArrayBuffer);
Object.defineProperties(UploadedFile.prototype, {
  arrayBuffer: { value: function arrayBuffer(this: UploadedFile) { return Promise.resolve(bytesOf(this).buffer); } },
  bytes: { value: function bytes(this: UploadedFile) { return Promise.resolve(bytesOf(this)); } },
  text: { value: function text(this: UploadedFile) { return Promise.resolve(this.buffer.toString("utf8")); } },
  slice: { value: function slice(this: UploadedFile, start?: number, end?: number, type?: string) { return new Blob([bytesOf(this).subarray(start, end)], { type: type ?? "" }); } },
  stream: { value: function stream(this: UploadedFile) { return new Blob([bytesOf(this)], { type: this.contentType }).stream(); } },
});

/**
 * A body type of the spec's models as the server receives it: every Blob (a `format: binary`
 * property, or an array of them) an UploadedFile.
 */
export type WithUploads<T> = T extends Blob
  ? UploadedFile
  : T extends Date
    ? T
    : T extends readonly (infer U)[]
      ? WithUploads<U>[]
      : T extends object
        ? { [K in keyof T]: WithUploads<T[K]> }
        : T;
