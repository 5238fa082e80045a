/**
 * A size as people write it: a number of bytes, or a number with KB, MB or GB (binary units, as
 * apigen prints sizes: 1 MB = 1024 KB). Undefined when it is not one, or not positive.
 */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? "b").toLowerCase()[0]!;
  const bytes = Math.round(Number(match[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1));
  return bytes > 0 ? bytes : undefined;
}
