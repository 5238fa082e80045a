/** Calls `visit` for every `$ref` string in a JSON tree, with the path of the object holding it. */
export function forEachRef(root: unknown, visit: (ref: string, tokens: string[]) => void): void {
  // Each entry links to its parent instead of copying its path: a deeply nested document would
  // otherwise cost time and memory quadratic in its depth. Paths are built only for $refs found.
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
    if (typeof record.$ref === "string") visit(record.$ref, tokensOf(entry));
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key === "$ref") continue;
      const child = record[key];
      if (child !== null && typeof child === "object") stack.push({ node: child, key, parent: entry });
    }
  }
}
