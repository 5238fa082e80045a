/**
 * The parsing half of spec-pattern.ts: a spec pattern (already known to compile as a RegExp) as
 * a syntax tree, and whether a backtracking matcher runs it in linear time. Throws Unsupported
 * for what the NFA cannot express (backreferences, lookarounds): such a pattern stays native.
 */

export type Node =
  | { t: "char"; set: CharSet }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; options: Node[] }
  | { t: "rep"; item: Node; min: number; max: number }
  | { t: "bol" }
  | { t: "eol" }
  | { t: "wordb"; negate: boolean };

export interface CharSet {
  test(cp: number): boolean;
}

export class Unsupported extends Error {}

// ---- parsing (the pattern already compiled as a RegExp, so it is well-formed) ----

export function parse(src: string, unicode: boolean): Node {
  let i = 0;
  const alternation = (): Node => {
    const options = [sequence()];
    while (src[i] === "|") {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { t: "alt", options };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== "|" && src[i] !== ")") items.push(quantified(atom()));
    return { t: "cat", items };
  };
  const nativeSet = (text: string): Node => ({ t: "char", set: new NativeSet(text, unicode) });
  const atom = (): Node => {
    const c = src[i]!;
    if (c === "^") return i++, { t: "bol" };
    if (c === "$") return i++, { t: "eol" };
    if (c === ".") return i++, nativeSet(".");
    if (c === "(") {
      i++;
      if (src.startsWith("?:", i)) i += 2;
      else if (src.startsWith("?<", i) && src[i + 2] !== "=" && src[i + 2] !== "!") i = src.indexOf(">", i) + 1;
      else if (src[i] === "?") throw new Unsupported(); // lookaround
      const inner = alternation();
      if (src[i] !== ")") throw new Unsupported();
      i++;
      return inner;
    }
    if (c === "[") {
      const start = i++;
      if (src[i] === "^") i++;
      while (i < src.length && src[i] !== "]") i += src[i] === "\\" ? 2 : 1;
      i++;
      return nativeSet(src.slice(start, i));
    }
    if (c === "\\") return escape();
    const cp = unicode ? src.codePointAt(i)! : src.charCodeAt(i);
    i += cp > 0xffff ? 2 : 1;
    return { t: "char", set: new Literal(cp) };
  };
  const escape = (): Node => {
    const e = src[i + 1] ?? "";
    const start = i;
    i += 2;
    if (e === "b" || e === "B") return { t: "wordb", negate: e === "B" };
    // Backreferences (and legacy octal escapes, which look the same) have no NFA form.
    if (/[1-9k]/.test(e) || (e === "0" && /[0-9]/.test(src[i] ?? ""))) throw new Unsupported();
    if ((e === "p" || e === "P") && src[i] === "{") i = src.indexOf("}", i) + 1;
    else if (e === "x") i += 2;
    else if (e === "c") i += 1;
    else if (e === "u" && src[i] === "{") i = src.indexOf("}", i) + 1;
    else if (e === "u") {
      i += 4;
      if (unicode && /^\\u[dD][c-fC-F]/.test(src.slice(i))) i += 6; // a surrogate pair spelled as two escapes
    } else if (e.length === 0) throw new Unsupported();
    return nativeSet(src.slice(start, i));
  };
  const quantified = (item: Node): Node => {
    const quantifier = quantifierAt(src, i);
    if (!quantifier) return item;
    i += quantifier.length;
    if (src[i] === "?") i++; // lazy: the same answer for test()
    return { t: "rep", item, min: quantifier.min, max: quantifier.max };
  };
  const root = alternation();
  if (i !== src.length) throw new Unsupported();
  return root;
}

/** The quantifier at `src[i]` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`) with its length; undefined when there is none. */
function quantifierAt(src: string, i: number): { min: number; max: number; length: number } | undefined {
  const c = src[i];
  if (c === "*") return { min: 0, max: Infinity, length: 1 };
  if (c === "+") return { min: 1, max: Infinity, length: 1 };
  if (c === "?") return { min: 0, max: 1, length: 1 };
  if (c !== "{") return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24));
  if (!m) return undefined; // a literal brace (non-unicode mode)
  const min = Number(m[1]);
  return { min, max: m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]), length: m[0].length };
}

/** One character against a class, an escape or `.`: the native engine on one character, cached for ASCII. */
class NativeSet implements CharSet {
  readonly #re: RegExp;
  readonly #unicode: boolean;
  readonly #ascii = new Int8Array(128).fill(-1);
  readonly #other = new Map<number, boolean>();

  constructor(text: string, unicode: boolean) {
    this.#re = new RegExp(`^(?:${text})$`, unicode ? "u" : "");
    this.#unicode = unicode;
  }

  test(cp: number): boolean {
    if (cp < 128) {
      let known = this.#ascii[cp]!;
      if (known < 0) known = this.#ascii[cp] = this.#re.test(String.fromCharCode(cp)) ? 1 : 0;
      return known === 1;
    }
    let known = this.#other.get(cp);
    if (known === undefined) {
      known = this.#re.test(this.#unicode ? String.fromCodePoint(cp) : String.fromCharCode(cp));
      if (this.#other.size < 4096) this.#other.set(cp, known);
    }
    return known;
  }
}

class Literal implements CharSet {
  readonly #cp: number;
  constructor(cp: number) {
    this.#cp = cp;
  }
  test(cp: number): boolean {
    return cp === this.#cp;
  }
}

// ---- which patterns a backtracking matcher runs in linear time ----

/**
 * Conservative: anchored at the start (`^` first, outside any alternation) when it has a long
 * repetition; at most one long (unbounded, or more than 16 optional copies) repetition; the
 * other optional copies multiply to at most 4096 ways; no repeated group (`+`, `*`, `{2,}`)
 * holding a variable repetition, and no variable repetition of an alternation.
 */
export function backtracksLinearly(root: Node): boolean {
  let long = 0;
  let ways = 1;
  let nested = false;
  const variable = (node: Node): boolean => node.t === "rep" ? node.min !== node.max || variable(node.item) : node.t === "cat" ? node.items.some(variable) : node.t === "alt";
  const visit = (node: Node): void => {
    if (node.t === "cat") node.items.forEach(visit);
    else if (node.t === "alt") node.options.forEach(visit);
    else if (node.t === "rep") {
      if (node.max > 1 && node.item.t !== "char" && variable(node.item)) nested = true;
      if (node.max === Infinity || node.max - node.min > 16) long++;
      else ways *= node.max - node.min + 1;
      visit(node.item);
    }
  };
  visit(root);
  const anchored = root.t === "cat" && root.items[0]?.t === "bol";
  return !nested && long <= 1 && ways <= 4096 && (long === 0 || anchored);
}
