/**
 * Offsets of many JSON pointers in one pass over JSON text. The YAML parser that SourceText uses
 * for positions needs seconds on a 13 MB spec; this walks only the branches asked for and skips
 * everything else by jumping from one quote or bracket to the next.
 */
import { closingQuote } from "../load/json-scan.js";

interface Trie {
  children: Map<string, Trie>;
  offset?: number;
  /** Index after the value. */
  end?: number;
  /** Where the member's key (with its quotes) starts and ends, for an object member. */
  keyStart?: number;
  keyEnd?: number;
}

/** A located node: the value's start and end, its key's when it is an object member, whether it is an object or array. */
export interface JsonRange {
  start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
  collection: boolean;
}

/**
 * For each pointer (as tokens), the offset of its value, or of its deepest existing ancestor when
 * the node is missing (the same fallback as SourceText.positionOf). The text must be valid JSON.
 */
export function locateJsonPointers(text: string, pointers: readonly (readonly string[])[]): number[] {
  return locateJsonRanges(text, pointers).map((r) => r.start);
}

/** Like locateJsonPointers, with the end of each value and the range of its key. */
export function locateJsonRanges(text: string, pointers: readonly (readonly string[])[]): JsonRange[] {
  const root: Trie = { children: new Map() };
  for (const tokens of pointers) {
    let node = root;
    for (const token of tokens) {
      let child = node.children.get(token);
      if (!child) node.children.set(token, (child = { children: new Map() }));
      node = child;
    }
  }
  const start = skipSpace(text, 0);
  root.offset = start;
  root.end = walk(text, start, root);
  return pointers.map((tokens) => {
    let found: Trie = root;
    let node = root;
    for (const token of tokens) {
      const child = node.children.get(token);
      if (child?.offset === undefined) break;
      found = child;
      node = child;
    }
    const begin = found.offset ?? 0;
    const c = text.charCodeAt(begin);
    return { start: begin, end: found.end ?? begin, keyStart: found.keyStart, keyEnd: found.keyEnd, collection: c === 0x7b || c === 0x5b };
  });
}

/** Walks the value at `at`, recording offsets of wanted children; returns the index after it. */
function walk(text: string, at: number, trie: Trie): number {
  if (trie.children.size === 0) return skipValue(text, at);
  const open = text.charCodeAt(at);
  if (open !== 0x7b && open !== 0x5b) return skipValue(text, at);
  const isObject = open === 0x7b;
  let i = skipSpace(text, at + 1);
  let index = 0;
  while (i < text.length && text.charCodeAt(i) !== (isObject ? 0x7d : 0x5d)) {
    let key = String(index++);
    let keyStart: number | undefined;
    let keyEnd: number | undefined;
    if (isObject) {
      const end = closingQuote(text, i + 1);
      keyStart = i;
      keyEnd = end + 1;
      const raw = text.slice(i + 1, end);
      key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
      i = skipSpace(text, end + 1) + 1; // past ':'
      i = skipSpace(text, i);
    }
    const child = trie.children.get(key);
    if (child) {
      child.offset = i;
      child.keyStart = keyStart;
      child.keyEnd = keyEnd;
      i = walk(text, i, child);
      child.end = i;
    } else {
      i = skipValue(text, i);
    }
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return i + 1;
}

const structural = /["{}[\]]/g;

function skipValue(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x22) return closingQuote(text, at + 1) + 1;
  if (c !== 0x7b && c !== 0x5b) {
    let i = at;
    while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  structural.lastIndex = at;
  let match: RegExpExecArray | null;
  while ((match = structural.exec(text)) !== null) {
    const ch = text.charCodeAt(match.index);
    if (ch === 0x22) structural.lastIndex = closingQuote(text, match.index + 1) + 1;
    else if (ch === 0x7b || ch === 0x5b) depth++;
    else if (--depth === 0) return match.index + 1;
  }
  return text.length;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}
