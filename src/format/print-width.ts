/**
 * Some templates print code in Prettier's layout for Prettier's default options, so that their
 * files need no formatting pass (on GitHub's spec, the handler scaffolds were 0.7 s of Prettier).
 * Most of that layout is fixed by the template; what depends on the line width is decided here.
 * A file is left as printed only when every code line fits (`codeLinesFit`): where a line is
 * too long, Prettier would have broken it in ways a template cannot know, so it is formatted.
 */

/** Prettier's default `printWidth`. */
export const PRINT_WIDTH = 80;

/**
 * `callee(arg, ...);` as Prettier prints it as a statement at `indent`: on one line when it fits,
 * else one argument per line with a trailing comma. The first line carries no indent (the
 * template puts it there); the others do.
 */
export function callStatement(callee: string, args: string[], indent: string): string {
  const flat = `${callee}(${args.join(", ")});`;
  if (indent.length + flat.length <= PRINT_WIDTH) return flat;
  return `${callee}(\n${args.map((arg) => `${indent}  ${arg},\n`).join("")}${indent});`;
}

/**
 * `key: { a; b }` (a type member, `separator` ";") or `key: { a, b }` (an object literal property,
 * `separator` ","), followed by `end`, as Prettier prints it at `indent`: on one line when it
 * fits, else a member per line, each ended by `separator`. The first line carries no indent.
 */
export function objectMember(key: string, members: string[], indent: string, separator: ";" | ",", end: string): string {
  const flat = `${key}: { ${members.join(`${separator} `)} }${end}`;
  if (indent.length + flat.length <= PRINT_WIDTH) return flat;
  return `${key}: {\n${members.map((member) => `${indent}  ${member}${separator}\n`).join("")}${indent}}${end}`;
}

/** `import type { A, B } from "…";` as Prettier prints it: one line when it fits, else a name per line. */
export function typeImport(names: string[], from: string): string {
  const flat = `import type { ${names.join(", ")} } from ${from};`;
  if (flat.length <= PRINT_WIDTH) return flat;
  return `import type {\n${names.map((name) => `  ${name},\n`).join("")}} from ${from};`;
}

/**
 * Whether every line of code is at most `width` columns. Comment lines do not count (Prettier
 * leaves their text as it is); a line with non-ASCII text does not fit, since its width in
 * columns is not its length.
 */
export function codeLinesFit(text: string, width = PRINT_WIDTH): boolean {
  for (const line of text.split("\n")) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//")) continue;
    if (line.length > width || /[^\x00-\x7f]/.test(line)) return false;
  }
  return true;
}
