/** Calls `visit` for every `$ref` string in a JSON tree, with the path of the object holding it. */
export function forEachRef(root: unknown, visit: (ref: string, tokens: string[]) => void): void {
  const stack: { node: unknown; tokens: string[] }[] = [{ node: root, tokens: [] }];
  while (stack.length > 0) {
    const { node, tokens } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], tokens: [...tokens, String(i)] });
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === "string") visit(record.$ref, tokens);
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key === "$ref") continue;
      stack.push({ node: record[key], tokens: [...tokens, key] });
    }
  }
}
