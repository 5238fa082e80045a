/**
 * SHA-256 and HMAC-SHA256, synchronous, on nothing but Uint8Array: ETags (conditional.ts),
 * idempotency fingerprints (idempotency.ts) and cursor signatures (cursor.ts) are computed while
 * a response is built, where Web Crypto's promise-only `crypto.subtle` does not fit, and a server
 * on web standards (Bun, Deno, Workers) has no `node:crypto`. The Node packs swap in node:crypto's
 * native hashing (`useDigest`, called by ./node-http.ts), the same bytes faster.
 * FIPS 180-4 and RFC 2104; test/runtime/server-digest.test.ts compares both with node:crypto.
 */
import { utf8Bytes } from "./bytes.js";

/** What is hashed: strings as UTF-8, bytes as they are, in order. */
export type DigestInput = readonly (string | Uint8Array)[];

export interface DigestBackend {
  sha256(input: DigestInput): Uint8Array;
  hmacSha256(key: Uint8Array, input: DigestInput): Uint8Array;
}

/** SHA-256's round constants: the fractional parts of the cube roots of the first 64 primes. */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Runs the compression function over every whole 64-byte block of `data` from `at`; returns where it stopped. */
function compress(state: Int32Array, w: Int32Array, data: Uint8Array, at: number): number {
  for (; at + 64 <= data.length; at += 64) {
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
    state[4] = (state[4]! + e) | 0;
    state[5] = (state[5]! + f) | 0;
    state[6] = (state[6]! + g) | 0;
    state[7] = (state[7]! + h) | 0;
  }
  return at;
}

/** SHA-256 of the concatenated input, in plain TypeScript. */
function portableSha256(input: DigestInput): Uint8Array {
  const parts = input.map((part) => (typeof part === "string" ? utf8Bytes(part) : part));
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  // The message, its 0x80 marker, zeros and the 64-bit bit length: a whole number of blocks.
  const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  let offset = 0;
  for (const part of parts) {
    padded.set(part, offset);
    offset += part.length;
  }
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const state = Int32Array.from(INITIAL);
  compress(state, new Int32Array(64), padded, 0);
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setInt32(i * 4, state[i]!);
  return out;
}

/** HMAC-SHA256 (RFC 2104) over portableSha256: keys longer than a block are hashed first. */
function portableHmacSha256(key: Uint8Array, input: DigestInput): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? portableSha256([key]) : key);
  const inner = block.map((byte) => byte ^ 0x36);
  const outer = block.map((byte) => byte ^ 0x5c);
  return portableSha256([outer, portableSha256([inner, ...input])]);
}

/** The plain-TypeScript backend, the default on every runtime. */
export const PORTABLE_DIGEST: DigestBackend = { sha256: portableSha256, hmacSha256: portableHmacSha256 };

let backend: DigestBackend = PORTABLE_DIGEST;

/** Replaces the backend for the whole process (the Node packs install node:crypto's). */
export function useDigest(next: DigestBackend): void {
  backend = next;
}

export function sha256(input: DigestInput): Uint8Array {
  return backend.sha256(input);
}

export function hmacSha256(key: Uint8Array, input: DigestInput): Uint8Array {
  return backend.hmacSha256(key, input);
}
