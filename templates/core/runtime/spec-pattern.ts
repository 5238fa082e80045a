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

import { backtracksLinearly, type Node, parse, Unsupported } from "./spec-pattern-parse.js";
import { BOL, CHAR, compile, EOL, JMP, MATCH, NOT_WORDB, type Program, SPLIT, WORDB } from "./spec-pattern-program.js";

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

// ---- matching: Pike's simulation of the NFA program (spec-pattern-program.ts), and a lazily built DFA ----

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
