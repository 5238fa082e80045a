/**
 * Spec `pattern`s whose matching time cannot be made catastrophic by the input. Copied verbatim
 * into every output by apigen (re-exported by zod-helpers.ts).
 *
 * V8 matches by backtracking: `^(a+)+$` takes seconds on 30 characters, and even `[a-z]+@`
 * (unanchored: tried from every position) takes a minute on 100 kB. Node 20 cannot switch such a
 * pattern to V8's linear engine (it has no unicode mode and no counted repetition there), so a
 * pattern is sorted once, on its first use: one that a backtracking matcher runs in linear time
 * (anchored, at most one long or unbounded repetition, no repeated group holding a repetition or an
 * alternation) stays a native RegExp; any other runs on the small Thompson NFA below, O(input x
 * pattern). Backreferences and lookarounds have no NFA form here: such a pattern stays native
 * (not covered).
 */

type Node =
  | { t: "char"; set: CharSet }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; options: Node[] }
  | { t: "rep"; item: Node; min: number; max: number }
  | { t: "bol" }
  | { t: "eol" }
  | { t: "wordb"; negate: boolean };

interface CharSet {
  test(cp: number): boolean;
}

class Unsupported extends Error {}

/** `test` answers as RegExp#test would, in time linear in the input (see the file comment). */
export function specPattern(source: string, flags = ""): RegExp {
  return new SpecPattern(source, flags);
}

class SpecPattern extends RegExp {
  /** undefined: not sorted yet; null: native matching is safe (or the NFA cannot express it). */
  #nfa: ((input: string) => boolean) | null | undefined = undefined;

  override test(input: string): boolean {
    if (this.#nfa === undefined) this.#nfa = linearMatcher(this.source, this.unicode);
    return this.#nfa === null ? super.test(input) : this.#nfa(String(input));
  }
}

/** The NFA matcher for a pattern that may backtrack badly; null when native matching is fine. */
export function linearMatcher(source: string, unicode: boolean): ((input: string) => boolean) | null {
  let root: Node;
  try {
    root = parse(source, unicode);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  if (backtracksLinearly(root)) return null;
  const program = compile(root);
  if (program === null) return null;
  // A lazily built DFA (one table lookup per character) while it stays small; Pike's simulation
  // of the NFA otherwise. Both linear; the DFA is about twenty times faster.
  const dfa = program.op.includes(WORDB) || program.op.includes(NOT_WORDB) ? null : new LazyDfa(program, unicode);
  return (input) => dfa?.test(input) ?? run(program, input, unicode);
}

// ---- parsing (the pattern already compiled as a RegExp, so it is well-formed) ----

function parse(src: string, unicode: boolean): Node {
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
    let min: number;
    let max: number;
    const c = src[i];
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24));
      if (!m) return item; // a literal brace (non-unicode mode)
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    } else return item;
    i++;
    if (src[i] === "?") i++; // lazy: the same answer for test()
    return { t: "rep", item, min, max };
  };
  const root = alternation();
  if (i !== src.length) throw new Unsupported();
  return root;
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
function backtracksLinearly(root: Node): boolean {
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

// ---- Thompson NFA ----

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const BOL = 3;
const EOL = 4;
const WORDB = 5;
const NOT_WORDB = 6;
const MATCH = 7;
/** More instructions than this (counted repetitions expand) and the pattern stays native. */
const MAX_PROGRAM = 20_000;

interface Program {
  op: number[];
  a: number[];
  b: number[];
  sets: CharSet[];
}

function compile(root: Node): Program | null {
  const p: Program = { op: [], a: [], b: [], sets: [] };
  const emit = (op: number, a = 0, b = 0): number => {
    if (p.op.length >= MAX_PROGRAM) throw new Unsupported();
    p.op.push(op);
    p.a.push(a);
    p.b.push(b);
    return p.op.length - 1;
  };
  const gen = (node: Node): void => {
    switch (node.t) {
      case "char":
        p.sets.push(node.set);
        emit(CHAR, p.sets.length - 1);
        return;
      case "cat":
        node.items.forEach(gen);
        return;
      case "bol":
        emit(BOL);
        return;
      case "eol":
        emit(EOL);
        return;
      case "wordb":
        emit(node.negate ? NOT_WORDB : WORDB);
        return;
      case "alt": {
        const jumps: number[] = [];
        node.options.forEach((option, k) => {
          const last = k === node.options.length - 1;
          const split = last ? -1 : emit(SPLIT);
          if (split >= 0) p.a[split] = p.op.length;
          gen(option);
          if (!last) jumps.push(emit(JMP));
          if (split >= 0) p.b[split] = p.op.length;
        });
        for (const j of jumps) p.a[j] = p.op.length;
        return;
      }
      case "rep": {
        for (let k = 0; k < node.min; k++) gen(node.item);
        if (node.max === Infinity) {
          const split = emit(SPLIT);
          p.a[split] = p.op.length;
          gen(node.item);
          emit(JMP, split);
          p.b[split] = p.op.length;
          return;
        }
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k++) {
          const split = emit(SPLIT);
          p.a[split] = p.op.length;
          splits.push(split);
          gen(node.item);
        }
        for (const s of splits) p.b[s] = p.op.length;
        return;
      }
    }
  };
  try {
    gen(root);
    emit(MATCH);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  return p;
}

function isWordAt(input: string, pos: number): boolean {
  if (pos < 0 || pos >= input.length) return false;
  const c = input.charCodeAt(pos);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Pike's simulation: every thread advances one character at a time; each state at most once per position. */
function run(p: Program, input: string, unicode: boolean): boolean {
  const size = p.op.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentCount = 0;
  let nextCount = 0;
  const seen = new Int32Array(size);
  const stack = new Int32Array(size * 2 + 2);
  let generation = 0;
  const length = input.length;
  /** Adds the threads reachable from `start` without reading (at `pos`) to `list`; true on a match. */
  const add = (list: Int32Array, start: number, pos: number): boolean => {
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const pc = stack[--top]!;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      switch (p.op[pc]) {
        case CHAR:
          list[list === current ? currentCount++ : nextCount++] = pc;
          break;
        case SPLIT:
          stack[top++] = p.b[pc]!;
          stack[top++] = p.a[pc]!;
          break;
        case JMP:
          stack[top++] = p.a[pc]!;
          break;
        case BOL:
          if (pos === 0) stack[top++] = pc + 1;
          break;
        case EOL:
          if (pos === length) stack[top++] = pc + 1;
          break;
        case WORDB:
        case NOT_WORDB:
          if ((isWordAt(input, pos - 1) !== isWordAt(input, pos)) === (p.op[pc] === WORDB)) stack[top++] = pc + 1;
          break;
        case MATCH:
          return true;
      }
    }
    return false;
  };
  generation = 1;
  if (add(current, 0, 0)) return true;
  const anchored = p.op[0] === BOL;
  let pos = 0;
  while (pos < length) {
    if (currentCount === 0 && anchored) return false;
    const cp = unicode ? input.codePointAt(pos)! : input.charCodeAt(pos);
    const after = pos + (cp > 0xffff ? 2 : 1);
    generation++;
    nextCount = 0;
    for (let k = 0; k < currentCount; k++) {
      const pc = current[k]!;
      if (p.sets[p.a[pc]!]!.test(cp) && add(next, pc + 1, after)) return true;
    }
    // Unanchored: a match may also start at the next position.
    if (!anchored && add(next, 0, after)) return true;
    [current, next] = [next, current];
    currentCount = nextCount;
    pos = after;
  }
  return false;
}

// ---- lazy DFA (subset construction on demand) ----

/** DFA states kept per pattern; past this, an input runs on the NFA simulation instead. */
const MAX_DFA_STATES = 2_000;

interface DfaState {
  /** CHAR instructions waiting for the next character. */
  chars: number[];
  /** Reached MATCH: the input matches whatever follows. */
  matched: boolean;
  /** Would reach MATCH if the input ended here (through `$`). */
  matchedAtEnd: boolean;
  /** Next state per ASCII character (-1: not built yet), and for the others. */
  ascii: Int32Array;
  other: Map<number, number>;
}

class LazyDfa {
  readonly #p: Program;
  readonly #unicode: boolean;
  readonly #anchored: boolean;
  readonly #states: DfaState[] = [];
  readonly #index = new Map<string, number>();
  #start = -1;

  constructor(p: Program, unicode: boolean) {
    this.#p = p;
    this.#unicode = unicode;
    this.#anchored = p.op[0] === BOL;
  }

  /** undefined: the DFA grew past its bound; the caller simulates the NFA. */
  test(input: string): boolean | undefined {
    if (this.#start < 0) this.#start = this.#state([0], true);
    let s = this.#start;
    if (s < 0) return undefined;
    let state = this.#states[s]!;
    if (state.matched) return true;
    const length = input.length;
    const states = this.#states;
    const unicode = this.#unicode;
    const anchored = this.#anchored;
    for (let pos = 0; pos < length; ) {
      let cp = input.charCodeAt(pos);
      if (unicode && cp >= 0xd800 && cp <= 0xdbff) cp = input.codePointAt(pos)!;
      pos += cp > 0xffff ? 2 : 1;
      let next = cp < 128 ? state.ascii[cp]! : (state.other.get(cp) ?? -1);
      if (next < 0) {
        next = this.#step(state, cp);
        if (next < 0) return undefined;
        if (cp < 128) state.ascii[cp] = next;
        else if (state.other.size < 256) state.other.set(cp, next);
      }
      state = states[next]!;
      if (state.matched) return true;
      if (anchored && state.chars.length === 0 && !state.matchedAtEnd) return false;
    }
    return state.matchedAtEnd;
  }

  #step(state: DfaState, cp: number): number {
    const seeds: number[] = [];
    for (const pc of state.chars) if (this.#p.sets[this.#p.a[pc]!]!.test(cp)) seeds.push(pc + 1);
    if (!this.#anchored) seeds.push(0);
    return this.#state(seeds, false);
  }

  /** The state of the closure of `seeds` (`bol`: at the input's start); -1 past the bound. */
  #state(seeds: number[], bol: boolean): number {
    const here = this.#closure(seeds, bol, false);
    const key = `${here.chars.join(",")}/${here.eols.join(",")}/${here.matched}`;
    const known = this.#index.get(key);
    if (known !== undefined) return known;
    if (this.#states.length >= MAX_DFA_STATES) return -1;
    const atEnd = here.matched || this.#closure(here.eols, bol, true).matched;
    this.#states.push({ chars: here.chars, matched: here.matched, matchedAtEnd: atEnd, ascii: new Int32Array(128).fill(-1), other: new Map() });
    this.#index.set(key, this.#states.length - 1);
    return this.#states.length - 1;
  }

  /** Instructions reachable without reading: the CHARs, the `$`s not passed (unless `eol`), and whether MATCH is. */
  #closure(seeds: number[], bol: boolean, eol: boolean): { chars: number[]; eols: number[]; matched: boolean } {
    const p = this.#p;
    const seen = new Set<number>();
    const chars: number[] = [];
    const eols: number[] = [];
    let matched = false;
    const stack = [...seeds];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const op = p.op[pc];
      if (op === CHAR) chars.push(pc);
      else if (op === SPLIT) stack.push(p.b[pc]!, p.a[pc]!);
      else if (op === JMP) stack.push(p.a[pc]!);
      else if (op === BOL) {
        if (bol) stack.push(pc + 1);
      } else if (op === EOL) {
        if (eol) stack.push(pc + 1);
        else eols.push(pc);
      } else if (op === MATCH) matched = true;
    }
    chars.sort((x, y) => x - y);
    eols.sort((x, y) => x - y);
    return { chars, eols, matched };
  }
}
