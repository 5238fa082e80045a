/**
 * Calls `visit` for every object in a JSON tree that has one of `keys`, once per such key, with
 * the path of the object (as tokens, built only when asked for). The values under those keys are
 * not walked into. `visit` returns true to stop the walk. The tree has no cycles: the loader
 * refuses YAML alias cycles.
 */
export function forEachKeyed(root: unknown, keys: ReadonlySet<string>, visit: (record: Record<string, unknown>, key: string, tokens: () => string[]) => boolean | void): void {
  // Each entry links to its parent instead of copying its path: a deeply nested document would
  // otherwise cost time and memory quadratic in its depth.
  interface Entry {
    node: unknown;
    key: string;
    parent: Entry | undefined;
  }
  const tokensOf = (entry: Entry): string[] => {
    const tokens: string[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) tokens.push(e.key);
    return tokens.reverse();
  };
  const stack: Entry[] = [{ node: root, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const node = entry.node;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child: unknown = node[i];
        if (child !== null && typeof child === "object") stack.push({ node: child, key: String(i), parent: entry });
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const names = Object.keys(record);
    for (const key of names) if (keys.has(key) && visit(record, key, () => tokensOf(entry)) === true) return;
    for (let i = names.length - 1; i >= 0; i--) {
      const key = names[i]!;
      if (keys.has(key)) continue;
      const child = record[key];
      if (child !== null && typeof child === "object") stack.push({ node: child, key, parent: entry });
    }
  }
}

const REF = new Set(["$ref"]);

/** Calls `visit` for every `$ref` string in a JSON tree, with the path of the object holding it. */
export function forEachRef(root: unknown, visit: (ref: string, tokens: string[]) => void): void {
  forEachKeyed(root, REF, (record, _key, tokens) => {
    if (typeof record.$ref === "string") visit(record.$ref, tokens());
  });
}
