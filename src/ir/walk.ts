import type { SchemaNode } from "./schema.js";

/** Calls `fn` on each direct child schema of a node (not following $refs). */
export function forEachChild(node: SchemaNode, fn: (child: SchemaNode) => void): void {
  switch (node.kind) {
    case "object":
      for (const p of node.properties) fn(p.schema);
      if (typeof node.additionalProperties === "object") fn(node.additionalProperties);
      return;
    case "array":
      fn(node.items);
      return;
    case "tuple":
      node.prefixItems.forEach(fn);
      if (node.rest) fn(node.rest);
      return;
    case "union":
      node.variants.forEach(fn);
      return;
    case "intersection":
      node.members.forEach(fn);
      return;
    default:
      return;
  }
}

/** Ids of every component a node refers to, directly or through children (not through other components). */
export function collectRefs(node: SchemaNode, into: Set<string> = new Set()): Set<string> {
  if (node.kind === "ref") into.add(node.target);
  forEachChild(node, (child) => collectRefs(child, into));
  return into;
}
