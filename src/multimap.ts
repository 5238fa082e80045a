/**
 * Appends `value` to the list at `key`, creating the list on first use. In place: building the
 * lists by copying (`[...(map.get(k) ?? []), v]`) was quadratic, and on Microsoft Graph's
 * tens of thousands of paths one lint rule spent 10 s copying.
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The items in lists by key, in their order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) appendTo(out, key(item), item);
  return out;
}
