/**
 * A response's declared headers as their schema types. Its own module: the runtime loads it for
 * the first response that declares headers.
 */
import type { OperationSpec } from "./types.js";

/** A response's declared headers, each read as its schema type; unreadable values are left out. */
export function readDeclaredHeaders(headers: Headers, declared: NonNullable<OperationSpec["responseHeaders"]>[string]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type } of declared) {
    const raw = headers.get(name);
    if (raw === null) continue;
    if (type === "number" || type === "integer") {
      const n = Number(raw.trim());
      if (raw.trim() !== "" && Number.isFinite(n) && (type === "number" || Number.isInteger(n))) out[name] = n;
    } else if (type === "boolean") {
      if (raw === "true" || raw === "false") out[name] = raw === "true";
    } else out[name] = type === "array" ? raw.split(",").map((v) => v.trim()) : raw;
  }
  return out;
}
