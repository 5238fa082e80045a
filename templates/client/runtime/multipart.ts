/**
 * multipart/form-data written by hand (RFC 7578), because FormData cannot say what a part is:
 * a Blob always becomes a file (`filename="blob"`) and a string never has a Content-Type. Here a
 * JSON value is a field with `Content-Type: application/json`, a file keeps its name, and a part's
 * media type comes from the Blob, else from the spec's `encoding.contentType`.
 */
import { isJsonMediaType } from "./media-type.js";

type Part = string | Blob | ArrayBuffer | ArrayBufferView;

const CRLF = "\r\n";

/** A quoted-string value of Content-Disposition as browsers write it: `"`, CR and LF percent-encoded. */
const quoted = (value: string) => `"${value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;

const isBinary = (value: unknown): value is Blob | ArrayBuffer | ArrayBufferView => value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);

/** The body (a Blob of all parts) and its Content-Type with the boundary. */
export function multipartBody(value: Record<string, unknown>, partTypes: Record<string, string> = {}): { body: Blob; contentType: string } {
  const boundary = `----apigen-${crypto.randomUUID()}`;
  const chunks: Part[] = [];
  const part = (name: string, filename: string | undefined, contentType: string | undefined, content: Part) => {
    const disposition = `Content-Disposition: form-data; name=${quoted(name)}${filename === undefined ? "" : `; filename=${quoted(filename)}`}`;
    chunks.push(`--${boundary}${CRLF}${disposition}${contentType ? `${CRLF}Content-Type: ${contentType}` : ""}${CRLF}${CRLF}`, content, CRLF);
  };
  for (const [name, raw] of Object.entries(value)) {
    if (raw == null) continue;
    // encoding.contentType may list alternatives ("image/png, image/jpeg") or a range
    // ("image/*"): the first, when it is one concrete type, is what an untyped part is sent as.
    const first = partTypes[name]?.split(",")[0]!.trim();
    const declared = first && !first.includes("*") ? first : undefined;
    // A JSON part holds the whole value, arrays included; otherwise an array is one part per item.
    const items = Array.isArray(raw) && !(declared && isJsonMediaType(declared)) ? raw : [raw];
    for (const item of items) {
      if (item == null) continue;
      if (isBinary(item)) {
        const filename = typeof File !== "undefined" && item instanceof File ? item.name : "blob";
        const own = item instanceof Blob ? item.type : "";
        part(name, filename, own || declared || "application/octet-stream", item);
      } else if ((typeof item === "object" && !(item instanceof Date)) || (declared !== undefined && isJsonMediaType(declared))) {
        part(name, undefined, declared ?? "application/json", JSON.stringify(item));
      } else {
        // A plain field: text/plain is what a part without a Content-Type means, so it is not written.
        part(name, undefined, declared && declared !== "text/plain" ? declared : undefined, item instanceof Date ? item.toISOString() : String(item));
      }
    }
  }
  chunks.push(`--${boundary}--${CRLF}`);
  return { body: new Blob(chunks as NonNullable<ConstructorParameters<typeof Blob>[0]>), contentType: `multipart/form-data; boundary=${boundary}` };
}
