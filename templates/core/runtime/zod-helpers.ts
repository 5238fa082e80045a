/**
 * Helpers the generated zod schemas call. Copied verbatim into every output by apigen; the
 * original lives in apigen's templates/core/runtime and is unit-tested there.
 */

import type { z } from "zod";
import { canonicalJson } from "./canonical-json.js";

/**
 * The declared type of a generated object schema (see apigen's src/emit/print-zod-annotation.ts):
 * a zod object whose shape follows the DTO type `T`, an optional property of `T` as an optional
 * member. `z.infer` of it is `T`; `.shape`, `.extend`, `.pick`, `.partial` work as on any object.
 *
 * A DTO states an optional property as `k?: X | undefined` and never puts `undefined` in a
 * required one, so `undefined extends T[K]` finds the optional keys, and is much cheaper for the
 * type checker than `{} extends Pick<T, K>` (a mapped type per key: 5 ms of every edit in an
 * editor file that parses with a schema of ~90 properties). Only an `unknown` property, which
 * holds `undefined` either way, needs the `Pick` test.
 */
export type ObjectSchema<T, Config extends z.core.$ZodObjectConfig = z.core.$strip> = z.ZodObject<
  {
    [K in keyof T]-?: undefined extends T[K]
      ? unknown extends T[K]
        ? {} extends Pick<T, K>
          ? z.ZodOptional<z.ZodType<Exclude<T[K], undefined>>>
          : z.ZodType<T[K]>
        : z.ZodOptional<z.ZodType<Exclude<T[K], undefined>>>
      : z.ZodType<T[K]>;
  },
  Config
>;

/**
 * The option the generated schemas pass to every constraint check: stop at its first failure
 * (see apigen's src/emit/print-zod.ts for why). One shared object keeps the type checker's work
 * and the file as they were without it.
 */
export const abortOnFail = { abort: true } as const;

/**
 * `oneOf`/`anyOf` of bare `required` lists beside an object's properties: a predicate that holds
 * when exactly one (`exactlyOne`) or at least one of `sets` has all its properties present.
 */
export function requiredSets(sets: readonly (readonly string[])[], exactlyOne: boolean): (value: object) => boolean {
  return (value) => {
    let present = 0;
    for (const set of sets) if (set.every((key) => (value as Record<string, unknown>)[key] !== undefined)) present++;
    return exactlyOne ? present === 1 : present > 0;
  };
}

/** JSON equality: same primitives, same array order, same object keys (any order). */
export function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== "object" ||
    typeof b !== "object" ||
    a === null ||
    b === null
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return (
      a.length === b.length && a.every((item, i) => isJsonEqual(item, b[i]))
    );
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(right, key) &&
      isJsonEqual(left[key], right[key]),
  );
}

/**
 * JSON Schema `uniqueItems`: no two items are JSON-equal. Comparing every pair would let a 1 MiB
 * body of numbers hold the process for a minute. Numbers go into a hash table of doubles (200,000
 * in 2-15 ms; a Set took 40, sorting a Float64Array 25); strings are sorted, so that a repeat
 * sits next to its twin (sorting beat a Set by three times: V8 hashes every fresh string);
 * objects and arrays go into a hash table of structural hashes (hasNoRepeatedValue).
 */
export function hasUniqueItems(items: readonly unknown[]): boolean {
  // Short arrays, the usual case: pairwise costs less than the allocations below.
  if (items.length <= 16) {
    for (let i = 1; i < items.length; i++) for (let j = 0; j < i; j++) if (isJsonEqual(items[i], items[j])) return false;
    return true;
  }
  const numbers: number[] = [];
  const strings: string[] = [];
  const others: unknown[] = [];
  for (const item of items) {
    if (typeof item === "number") numbers.push(item);
    else if (typeof item === "string") strings.push(item);
    else others.push(item);
  }
  return hasNoRepeatedNumber(numbers) && hasNoAdjacentRepeat(strings.sort()) && hasNoRepeatedValue(others);
}

/**
 * Objects, arrays, booleans and null: a hash table keyed by a structural hash (object keys in any
 * order hash alike), JSON-equality deciding between items of one hash. 45,000 two-key objects
 * took 16 ms as sorted canonical keys and 5 as hashes; clustered input (items made to collide)
 * falls back to sorting canonical keys, which has no worst case.
 */
/** `hash`: a parameter for tests, which make every item collide. */
export function hasNoRepeatedValue(values: readonly unknown[], hash: (value: unknown) => number = (value) => structuralHash(value, hashFactors)): boolean {
  if (values.length < 2) return true;
  let bits = 4;
  while (1 << bits < values.length * 2) bits++;
  const mask = (1 << bits) - 1;
  const slots = new Int32Array(mask + 1); // index + 1 of the item in the slot; 0: empty
  const hashes = new Int32Array(mask + 1);
  let probesLeft = 8 * values.length;
  for (let i = 0; i < values.length; i++) {
    const h = hash(values[i]);
    let slot = h >>> (32 - bits);
    while (slots[slot] !== 0) {
      if (hashes[slot] === h && isJsonEqual(values[slots[slot]! - 1], values[i])) return false;
      slot = (slot + 1) & mask;
      if (--probesLeft === 0) return hasNoAdjacentRepeat(values.map(canonicalJson).sort());
    }
    slots[slot] = i + 1;
    hashes[slot] = h;
  }
  return true;
}

/** A 32-bit hash that JSON-equal values share (object keys in any order; 0 and -0 alike). */
function structuralHash(value: unknown, factors: readonly [number, number]): number {
  if (value === null) return 0x2545f491;
  switch (typeof value) {
    case "boolean":
      return value ? 0x3c6ef372 : 0x1b873593;
    case "number":
      hashScratch[0] = value === 0 ? 0 : value;
      return mix(Math.imul(hashWords[0]!, factors[0]) + Math.imul(hashWords[1]!, factors[1]));
    case "string": {
      let h = factors[0] ^ value.length;
      for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
      return mix(h);
    }
    case "object": {
      if (Array.isArray(value)) {
        let h = factors[1] ^ 0x6a09e667;
        for (const item of value) h = Math.imul(h ^ structuralHash(item, factors), 0x01000193);
        return mix(h ^ value.length);
      }
      // A sum over key-value pairs: the same for every key order.
      let sum = 0x510e527f;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) sum = (sum + mix(structuralHash(key, factors) ^ Math.imul(structuralHash(record[key], factors), factors[1]))) | 0;
      return mix(sum);
    }
    default:
      return 0x7f4a7c15;
  }
}

/** A final avalanche (murmur3's fmix32), so that the table's top bits depend on every input bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Random odd multipliers, per process: numbers chosen to collide in the table cannot be chosen blind. */
const hashFactors = [(Math.random() * 2 ** 32) | 1, (Math.random() * 2 ** 32) | 1] as const;
const hashScratch = new Float64Array(1);
const hashWords = new Uint32Array(hashScratch.buffer);

/** `factors`: the hash's multipliers (a parameter for tests, which make every number collide). */
export function hasNoRepeatedNumber(numbers: readonly number[], factors: readonly [number, number] = hashFactors): boolean {
  if (numbers.length < 2) return true;
  // Open addressing over the double's two words, the table at least twice the count.
  let bits = 4;
  while (1 << bits < numbers.length * 2) bits++;
  const mask = (1 << bits) - 1;
  const table = new Float64Array(mask + 1);
  const used = new Uint8Array(mask + 1);
  let probesLeft = 8 * numbers.length;
  for (const number of numbers) {
    // -0 and 0 are the same JSON number (and ===); JSON has no NaN.
    hashScratch[0] = number === 0 ? 0 : number;
    let slot = (Math.imul(hashWords[0]!, factors[0]) + Math.imul(hashWords[1]!, factors[1])) >>> (32 - bits);
    while (used[slot] === 1) {
      if (table[slot] === number) return false;
      slot = (slot + 1) & mask;
      // Clustered far beyond chance (numbers made to collide): sorting has no worst case.
      if (--probesLeft === 0) return hasNoAdjacentRepeat(Float64Array.from(numbers).sort());
    }
    used[slot] = 1;
    table[slot] = number;
  }
  return true;
}

function hasNoAdjacentRepeat(sorted: ArrayLike<unknown>): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

/**
 * Path, query, header and cookie values arrive as strings. These turn the wire form into the
 * declared type before validation, and leave anything else for the schema to reject.
 */
export function fromWireNumber(value: unknown): unknown {
  if (typeof value !== "string" || value.trim() === "") return value;
  const n = Number(value);
  return Number.isNaN(n) ? value : n;
}

export function fromWireBoolean(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

/** Splits an array parameter: repeated keys arrive as arrays, delimited forms as one string. */
export function fromWireArray(
  delimiter: string | null,
  item: (value: unknown) => unknown = (v) => v,
) {
  return (value: unknown): unknown => {
    if (value === undefined) return value;
    const list = Array.isArray(value)
      ? value
      : typeof value === "string" && delimiter !== null
        ? value === ""
          ? []
          : value.split(delimiter)
        : [value];
    return list.map(item);
  };
}

/**
 * zod reads `input[key]`, so for a declared key like `toString` that the input lacks it finds
 * Object.prototype's member and rejects it. Objects whose schema declares such keys are parsed
 * from a prototype-free copy; `__proto__` stays an own property there.
 */
export function withOwnKeysOnly(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: (value as Record<string, unknown>)[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export { canonicalJson } from "./canonical-json.js";
export { specPattern } from "./spec-pattern.js";
export { allOfClosed, oneOfObjects, oneOfTagged } from "./zod-unions.js";
