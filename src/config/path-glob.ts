/**
 * The path patterns the config takes (`lint.ignorePaths`, `skipScaffolds`): `*` is any characters
 * within one `/`-separated segment, `**` any characters across segments, everything else literal.
 */
export function pathGlob(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}
