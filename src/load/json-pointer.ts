/** RFC 6901 JSON pointers, as used by $ref fragments and diagnostics. */

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `["paths", "/pets", "get"]` -> `#/paths/~1pets/get` */
export function toPointer(tokens: readonly (string | number)[]): string {
  return "#" + tokens.map((t) => "/" + escapePointerToken(String(t))).join("");
}

/** `#/paths/~1pets/get` -> `["paths", "/pets", "get"]`; undefined when it is not a pointer fragment. */
export function parsePointer(pointer: string): string[] | undefined {
  let p = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (p === "") return [];
  if (!p.startsWith("/")) return undefined;
  try {
    p = decodeURIComponent(p);
  } catch {
    return undefined;
  }
  return p.slice(1).split("/").map(unescapePointerToken);
}

/** Follows tokens through plain JSON data; undefined when any step is missing. */
export function getAtPointer(root: unknown, tokens: readonly string[]): unknown {
  let node: unknown = root;
  for (const token of tokens) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** A JSON object (not null, not an array): the one test every stage uses on raw documents. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
