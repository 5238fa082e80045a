/**
 * Helpers the generated zod schemas call. Copied verbatim into every output by apigen; the
 * original lives in apigen's templates/core/runtime and is unit-tested there.
 */

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
 * JSON Schema `uniqueItems`: no two items are JSON-equal. Each item is reduced to a canonical key
 * (object keys sorted, strings quoted, numbers tagged), so the check is one pass with a Set,
 * linear in the body's size: comparing every pair would let a 1 MiB body of numbers hold the
 * process for a minute.
 */
export function hasUniqueItems(items: readonly unknown[]): boolean {
  // Primitives go into a Set as they are (SameValueZero: -0 equals 0, as in JSON), by type so
  // that 1 and "1" stay apart; only objects and arrays need a canonical key.
  const numbers = new Set<unknown>();
  const strings = new Set<unknown>();
  const others = new Set<unknown>();
  for (const item of items) {
    const seen = typeof item === "number" ? numbers : typeof item === "string" ? strings : others;
    const key = item !== null && typeof item === "object" ? canonicalJson(item) : item;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** A string that two values share exactly when they are JSON-equal (as isJsonEqual decides). */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  // `n` keeps 1 apart from "1"; String(-0) is "0", as -0 === 0.
  if (typeof value === "number") return `n${String(value)}`;
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
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

export { specPattern } from "./spec-pattern.js";
export { allOfClosed, oneOfObjects, oneOfTagged } from "./zod-unions.js";
