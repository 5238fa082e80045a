/**
 * The NFA program of spec-pattern.ts: a pattern's syntax tree (spec-pattern-parse.ts) compiled
 * into Thompson NFA instructions, which Pike's simulation and the lazy DFA there run. Copied
 * verbatim into every output by apigen.
 */

import { type CharSet, type Node, Unsupported } from "./spec-pattern-parse.js";

/** The opcodes: CHAR reads a character of `sets[a]`, SPLIT forks to `a` and `b`, JMP goes to `a`; the others match without reading. */
export const CHAR = 0;
export const SPLIT = 1;
export const JMP = 2;
export const BOL = 3;
export const EOL = 4;
export const WORDB = 5;
export const NOT_WORDB = 6;
export const MATCH = 7;
/** More instructions than this (counted repetitions expand) and the pattern stays native. */
const MAX_PROGRAM = 20_000;

export interface Program {
  op: number[];
  a: number[];
  b: number[];
  sets: CharSet[];
}

export function compile(root: Node): Program | null {
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
