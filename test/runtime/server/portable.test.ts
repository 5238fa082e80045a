/**
 * The server runtime's portable pieces (digest.ts, bytes.ts, the reason phrases) against what
 * they replace on Node: node:crypto, Buffer and http.STATUS_CODES. A web-standard server (the
 * Hono pack) runs on these alone, so its ETags, fingerprints, cursors and problem titles must be
 * the Node packs' bytes exactly.
 */
import "./copy-runtime.js";
import { createHash, createHmac } from "node:crypto";
import { STATUS_CODES } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64url, byteLength, bytesEqual, concatBytes, decodeBase64, utf8Bytes, utf8Text } from "../../../.tmp/runtime-server-test/runtime/server/bytes.js";
import { PORTABLE_DIGEST } from "../../../.tmp/runtime-server-test/runtime/server/digest.js";
import { REASON_PHRASES } from "../../../.tmp/runtime-server-test/runtime/server/problems.js";

const input = fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), fc.uint8Array({ maxLength: 300 })), { maxLength: 5 });

const nodeSha256 = (parts: readonly (string | Uint8Array)[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("portable SHA-256 and HMAC", () => {
  it("hash like node:crypto, every block boundary included", () => {
    // Lengths around the padding edges (55, 56, 63, 64, 119, 120 bytes) decide correctness.
    for (let length = 0; length <= 200; length++) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(hex(PORTABLE_DIGEST.sha256([data])), `length ${length}`).toBe(nodeSha256([data]));
    }
    fc.assert(fc.property(input, (parts) => hex(PORTABLE_DIGEST.sha256(parts)) === nodeSha256(parts)), { numRuns: 300 });
  });

  it("sign like node:crypto's HMAC, short and long keys", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), input, (key, parts) => {
        const hmac = createHmac("sha256", key);
        for (const part of parts) hmac.update(part);
        return hex(PORTABLE_DIGEST.hmacSha256(key, parts)) === hmac.digest("hex");
      }),
      { numRuns: 300 },
    );
  });

  it("knows the FIPS 180-4 example", () => {
    expect(hex(PORTABLE_DIGEST.sha256(["abc"]))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("bytes without Buffer", () => {
  it("encodes and decodes UTF-8 as Buffer does, invalid sequences included", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => utf8Text(bytes) === Buffer.from(bytes).toString("utf8")));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 100 }), (text) => hex(utf8Bytes(text)) === Buffer.from(text, "utf8").toString("hex") && byteLength(text) === Buffer.byteLength(text)));
    // A leading BOM is kept, as Buffer keeps it.
    expect(utf8Text(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe(Buffer.from([0xef, 0xbb, 0xbf, 0x41]).toString("utf8"));
  });

  it("writes base64url as Buffer does", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => base64url(bytes) === Buffer.from(bytes).toString("base64url")));
  });

  it("reads base64 and base64url as leniently as Buffer does", () => {
    const junk = fc.string({ unit: fc.constantFrom(..."AZaz09+/-_=. \n!é~"), maxLength: 60 });
    fc.assert(fc.property(junk, (text) => hex(decodeBase64(text)) === Buffer.from(text, "base64").toString("hex")), { numRuns: 500 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => hex(decodeBase64(Buffer.from(bytes).toString("base64"))) === hex(bytes)));
  });

  it("concatenates and compares", () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 6 }), (chunks) => hex(concatBytes(chunks)) === Buffer.concat(chunks).toString("hex")));
    expect(bytesEqual(utf8Bytes("abc"), utf8Bytes("abc"))).toBe(true);
    expect(bytesEqual(utf8Bytes("abc"), utf8Bytes("abd"))).toBe(false);
    expect(bytesEqual(utf8Bytes("abc"), utf8Bytes("ab"))).toBe(false);
  });
});

describe("reason phrases", () => {
  it("are Node's", () => {
    expect(REASON_PHRASES).toEqual(Object.fromEntries(Object.entries(STATUS_CODES).map(([status, phrase]) => [Number(status), phrase])));
  });
});
