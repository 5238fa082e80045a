/**
 * Opaque pagination cursors (PRACTICES.md section 4): the position is JSON, signed with
 * HMAC-SHA256, so clients cannot forge or alter it; a bad cursor is a 400 problem, never a
 * crash or a query built from attacker-chosen data.
 */
import { base64url, bytesEqual, decodeBase64, utf8Bytes, utf8Text } from "./bytes.js";
import { hmacSha256 } from "./digest.js";
import { invalidCursor } from "./problems.js";

/** Encodes and verifies cursors with one secret. */
export interface CursorCodec {
  /** A cursor for `data` (any JSON value): `base64url(JSON).base64url(HMAC)`. */
  encode(data: unknown): string;
  /** The data of a cursor this codec issued; throws the 400 INVALID_CURSOR problem otherwise. */
  decode<T = unknown>(cursor: string): T;
}

/**
 * A cursor codec. The secret must have at least 32 bytes (HMAC-SHA256's strength); `param`
 * names the query parameter in the problem's pointer (default `cursor`).
 */
export function createCursorCodec(secret: string | Uint8Array, options: { param?: string } = {}): CursorCodec {
  const key = typeof secret === "string" ? utf8Bytes(secret) : Uint8Array.from(secret);
  if (key.length < 32) throw new Error("createCursorCodec: the secret must be at least 32 bytes long.");
  const pointer = `/query/${(options.param ?? "cursor").replace(/~/g, "~0").replace(/\//g, "~1")}`;
  const sign = (payload: string) => base64url(hmacSha256(key, [payload]));
  const invalid = (message: string) => invalidCursor(pointer, message);

  return {
    encode(data: unknown): string {
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError("createCursorCodec: cursor data must be JSON-serialisable.");
      const payload = base64url(utf8Bytes(json));
      return `${payload}.${sign(payload)}`;
    },
    decode<T = unknown>(cursor: string): T {
      if (typeof cursor !== "string" || cursor.length > 4096) throw invalid("The cursor is not valid.");
      const dot = cursor.indexOf(".");
      if (dot <= 0 || dot !== cursor.lastIndexOf(".")) throw invalid("The cursor is not valid.");
      const payload = cursor.slice(0, dot);
      // Compared as text: base64url decoding is lenient, the canonical text is not.
      if (!bytesEqual(utf8Bytes(cursor.slice(dot + 1)), utf8Bytes(sign(payload)))) throw invalid("The cursor has been tampered with or was not issued by this server.");
      try {
        return JSON.parse(utf8Text(decodeBase64(payload))) as T;
      } catch {
        throw invalid("The cursor is not valid.");
      }
    },
  };
}
