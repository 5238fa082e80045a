/**
 * Canonical JSON text, which JSON-equal values share: the uniqueItems check of zod-helpers.ts
 * (hasNoRepeatedValue) falls back to sorting it when objects and arrays are made to collide in its
 * hash table. Copied verbatim into every output by apigen (re-exported by zod-helpers.ts).
 */

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
  if (!sorted) sortShortFirst(keys);
  // Copies are plain objects: 45,000 two-key objects took 54 ms as prototype-free copies
  // (dictionary objects, JSON.stringify's slow path) and 16 ms as plain ones. Integer-like keys
  // come first in any object whatever the insertion order, the same for every copy of one key set.
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = withSortedKeys(record[key]);
    if (copy === undefined && item !== record[key]) {
      copy = {};
      for (let j = 0; j < i; j++) setOwn(copy, keys[j]!, record[keys[j]!]);
    }
    if (copy !== undefined) setOwn(copy, key, item);
  }
  return copy ?? value;
}

/** `target[key] = value`, except that an own `__proto__` key stays a key instead of setting the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Sorts in place; insertion sort for the few keys of most objects (Array#sort costs ~250 ns a call for two). */
function sortShortFirst(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
}
