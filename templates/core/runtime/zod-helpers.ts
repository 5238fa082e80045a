/**
 * Helpers the generated zod schemas call. Copied verbatim into every output by apigen; the
 * original lives in apigen's templates/core/runtime and is unit-tested there.
 */

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
 * body of numbers hold the process for a minute, so each item is reduced to a canonical key and
 * the keys are sorted: a repeat sits next to its twin. Sorting beat a Set here by three times (V8
 * hashes every heap number and every fresh string), and numbers sort fastest in a Float64Array.
 */
export function hasUniqueItems(items: readonly unknown[]): boolean {
  // Short arrays, the usual case: pairwise costs less than the allocations below.
  if (items.length <= 16) {
    for (let i = 1; i < items.length; i++) for (let j = 0; j < i; j++) if (isJsonEqual(items[i], items[j])) return false;
    return true;
  }
  const numbers: number[] = [];
  const strings: string[] = [];
  const others: string[] = [];
  for (const item of items) {
    if (typeof item === "number") numbers.push(item);
    else if (typeof item === "string") strings.push(item);
    else others.push(canonicalJson(item));
  }
  // -0 and 0 sort next to each other and are ===, as JSON wants; JSON has no NaN.
  return hasNoAdjacentRepeat(Float64Array.from(numbers).sort()) && hasNoAdjacentRepeat(strings.sort()) && hasNoAdjacentRepeat(others.sort());
}

function hasNoAdjacentRepeat(sorted: ArrayLike<unknown>): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

/**
 * A string that two values share exactly when they are JSON-equal (as isJsonEqual decides): the
 * JSON text of the value with every object's keys in sorted order. Objects whose keys are sorted
 * already (most bodies) are not copied; JSON.stringify itself is ten times faster than building
 * the text by hand.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(withSortedKeys(value)) ?? String(value);
}

/** `value` itself when every object inside it has its keys in sorted order, else a copy that has. */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withSortedKeys(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (!sorted) keys.sort();
  // A prototype-free copy, so that an own `__proto__` key stays a key. Integer-like keys come
  // first in any object whatever the insertion order, the same for every copy of one key set.
  let copy: Record<string, unknown> | undefined = sorted ? undefined : Object.create(null);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = withSortedKeys(record[key]);
    if (copy === undefined && item !== record[key]) {
      copy = Object.create(null) as Record<string, unknown>;
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined) copy[key] = item;
  }
  return copy ?? value;
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
