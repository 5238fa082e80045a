/**
 * Whether a `--server` value names a pack's folder rather than a built-in pack: it has a path
 * separator or starts with a dot (`./name` is a folder, `name` a built-in pack).
 */
export function isPackPath(value: string): boolean {
  return /[\\/]/.test(value) || value.startsWith(".");
}
