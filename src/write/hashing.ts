import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, so two equal option objects built in a different
 * key order hash the same. `undefined` members are dropped, as `JSON.stringify` does.
 */
export function stableJson(value: unknown): string {
  // JSON.stringify(undefined) is undefined at run time, whatever its type says.
  return (JSON.stringify(sortKeys(value)) as string | undefined) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** sha256 of the options' stable JSON: the manifest's `optionsHash`. */
export function hashOptions(options: unknown): string {
  return createHash("sha256").update(stableJson(options)).digest("hex");
}

/**
 * sha256 over every input file (the spec, its external `$ref` files, template overrides), in path
 * order so the caller's reading order does not matter. Each file is framed by its path and length,
 * so moving text from one file to the next changes the hash. Pass paths relative to something
 * stable (the spec's folder), or the hash changes from one checkout location to the next.
 */
export function hashInputs(files: { path: string; contents: string }[]): string {
  const hash = createHash("sha256");
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    hash.update(`${file.path}\0${Buffer.byteLength(file.contents, "utf8")}\0`);
    hash.update(file.contents);
  }
  return hash.digest("hex");
}
