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
 * The one layout every width-dependent construct here shares: `head`, the items between
 * `brackets` (spaces inside braces), then `end`, on one line when that fits at `indent`; else an
 * item per line, each ended by `separator` (Prettier's trailing comma), the closing bracket at
 * `indent`. The first line carries no indent (the template puts it there); the others do.
 */
export function bracketed(head: string, items: readonly string[], indent: string, brackets: "()" | "[]" | "{}", separator: ";" | "," = ",", end = ""): string {
  const [open, close] = brackets;
  const pad = brackets === "{}" && items.length > 0 ? " " : "";
  const flat = `${head}${open}${pad}${items.join(`${separator} `)}${pad}${close}${end}`;
  if (indent.length + flat.length <= PRINT_WIDTH) return flat;
  return `${head}${open}\n${items.map((item) => `${indent}  ${item}${separator}\n`).join("")}${indent}${close}${end}`;
}

/** `callee(arg, ...)` followed by `end`: one line, or an argument per line (bracketed). */
export function callExpression(callee: string, args: readonly string[], indent: string, end = ""): string {
  return bracketed(callee, args, indent, "()", ",", end);
}

/** `callee(arg, ...);` as a statement at `indent` (callExpression). */
export function callStatement(callee: string, args: readonly string[], indent: string): string {
  return callExpression(callee, args, indent, ";");
}

/**
 * `key: { a; b }` (a type member, `separator` ";") or `key: { a, b }` (an object literal property,
 * `separator` ","), followed by `end`: one line, or a member per line (bracketed).
 */
export function objectMember(key: string, members: readonly string[], indent: string, separator: ";" | ",", end: string): string {
  return bracketed(`${key}: `, members, indent, "{}", separator, end);
}

/** `import { A, B } from "…";` (`import type` when `typeOnly`): one line, or a name per line (bracketed). */
export function namedImport(names: readonly string[], from: string, options: { typeOnly?: boolean } = {}): string {
  const head = `${options.typeOnly ? "import type" : "import"} `;
  // Prettier never breaks an import of a single name, however long.
  if (names.length === 1) return `${head}{ ${names[0]} } from ${from};`;
  return bracketed(head, names, "", "{}", ",", ` from ${from};`);
}

/** Whether `line` fits Prettier's width at `indent`. */
export function fitsAt(line: string, indent = ""): boolean {
  return indent.length + line.length <= PRINT_WIDTH;
}

/**
 * A line Prettier cannot shorten, printed where a broken call, import or type argument list puts
 * it on a line of its own, which is where Prettier puts it too, however long it is: one string
 * literal; one dotted name (`api.fooContract`), with at most one simple type argument
 * (`api.Handler<Principal>`: Prettier never breaks a sole simple type argument) or an opening
 * parenthesis (`this.#handlers.foo(`: a member chain with one call is not broken); maybe with a
 * trailing comma. Or an import of one name (`import { A } from "…";`), which Prettier never breaks.
 */
const UNBREAKABLE_LINE = /^ *(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z_$][\w$]*(?:\.#?[A-Za-z_$][\w$]*)*(?:<[A-Za-z_$][\w$]*>|\()?),?$|^import (?:type )?\{ [A-Za-z_$][\w$]* \} from "[^"\\]*";$/;

/**
 * Whether every line of code is at most `width` columns, or cannot be shortened (a string or a
 * name on a line of its own). Comment lines do not count (Prettier leaves their text as it is); a
 * line with non-ASCII text does not fit, since its width in columns is not its length.
 */
export function codeLinesFit(text: string, width = PRINT_WIDTH): boolean {
  for (const line of text.split("\n")) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//")) continue;
    if (/[^\x00-\x7f]/.test(line)) return false;
    if (line.length > width && !UNBREAKABLE_LINE.test(line)) return false;
  }
  return true;
}
