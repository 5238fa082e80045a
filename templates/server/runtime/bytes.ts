/**
 * Bytes without Node's Buffer: the runtime runs on web-standard runtimes too (the Hono pack on
 * Bun, Deno, Workers), where only Uint8Array, TextEncoder and TextDecoder are sure to exist.
 * Node's Buffer is a Uint8Array, so everything here takes what the Node packs hand in as it is.
 * The decoders answer exactly what Buffer answers (test/runtime/server-bytes.test.ts).
 */

const encoder = new TextEncoder();
// Not fatal: invalid UTF-8 becomes U+FFFD, as Buffer#toString("utf8") does.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

export const utf8Text = (bytes: Uint8Array): string => decoder.decode(bytes);

/** The UTF-8 length of a string or the length of bytes. */
export function byteLength(body: string | Uint8Array): number {
  if (typeof body !== "string") return body.length;
  // ASCII text (nearly every JSON body) is one byte a character: no encoding needed to know.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /^[\x00-\x7f]*$/.test(body) ? body.length : encoder.encode(body).length;
}

/** One Uint8Array of all chunks (the one chunk itself when there is only one). */
export function concatBytes(chunks: readonly Uint8Array[], size = chunks.reduce((sum, chunk) => sum + chunk.length, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Base64url without padding (RFC 4648 section 5), as ETags, cursors and idempotency keys use it. */
export function base64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]!;
  }
  return out;
}

/** Both alphabets' values by character code; -1 for any other character. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTET[BASE64URL.charCodeAt(i)] = i;
SEXTET["+".charCodeAt(0)] = 62;
SEXTET["/".charCodeAt(0)] = 63;

/**
 * Decodes base64 or base64url as leniently as Node's Buffer does (what a Basic credential or a
 * cursor decoded with before): other characters are skipped, the first `=` ends the data, and
 * a last group of one character gives nothing.
 */
export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 1);
  let length = 0;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 61) break;
    const value = code < 128 ? SEXTET[code]! : -1;
    if (value === -1) continue;
    bits = ((bits << 6) | value) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[length++] = (bits >> count) & 0xff;
    }
  }
  return out.subarray(0, length);
}

/** Equality of two byte strings in time that depends on their length only (signatures). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
