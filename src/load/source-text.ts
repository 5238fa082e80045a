import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { SourcePosition } from "../diagnostics/diagnostic.js";

/**
 * The text of one input file, able to turn a JSON pointer into file:line:col.
 *
 * Positions are computed lazily: the fast path parses JSON with JSON.parse and only builds a
 * YAML AST (which keeps source ranges, and also reads JSON) when a diagnostic needs a position.
 */
export class SourceText {
  readonly file: string;
  readonly text: string;
  /** Set by the parser when the text is JSON (JSON.parse read it): pointer positions can then skip the YAML AST. */
  isJson = false;
  private ast: { root: Node | null } | undefined;
  private lineStarts: number[] | undefined;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  /** Position of an offset in the text (needs no parse: works on text the YAML parser chokes on). */
  positionAtOffset(offset: number): SourcePosition {
    const line = this.lineIndexOf(offset);
    return { file: this.file, line: line + 1, column: offset - this.lineStarts![line]! + 1 };
  }

  /**
   * The offset where the line holding `offset` ends (its `\n`, or the text's end). From the line
   * index: a minified 47 MB JSON spec is one line, and searching for its end per finding was
   * 3.7 s of linting Microsoft Graph.
   */
  lineEndAt(offset: number): number {
    const line = this.lineIndexOf(offset);
    const next = this.lineStarts![line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** The 0-based line of an offset, by binary search over the line starts (built on first use). */
  private lineIndexOf(offset: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Position of the node at `tokens`; when the node does not exist (e.g. a missing required
   * key), the position of its deepest existing ancestor. `key: true` points at the map key.
   */
  positionOf(tokens: readonly string[], options: { key?: boolean } = {}): SourcePosition {
    return this.positionAtOffset(this.rangeOf(tokens, options).start);
  }

  /**
   * Offsets of the node at `tokens` (with positionOf's fallback to the deepest existing ancestor):
   * where it starts and ends, and whether it is a mapping or sequence. With `key: true` and a last
   * token that is a map key, the range is the key's.
   */
  rangeOf(tokens: readonly string[], options: { key?: boolean } = {}): { start: number; end: number; collection: boolean } {
    let node: Node | null = this.getAst().root;
    let range = { start: node?.range?.[0] ?? 0, end: node?.range?.[1] ?? 0, collection: isMap(node) || isSeq(node) };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === token);
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        const valueNode = pair.value as Node | null;
        const target = options.key && i === tokens.length - 1 && keyNode?.range ? keyNode : (valueNode?.range ? valueNode : keyNode);
        if (target?.range) range = { start: target.range[0], end: target.range[1], collection: isMap(target) || isSeq(target) };
        node = valueNode;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)] as Node | undefined;
        if (!item || !/^\d+$/.test(token)) break;
        if (item.range) range = { start: item.range[0], end: item.range[1], collection: isMap(item) || isSeq(item) };
        node = item;
      } else {
        break;
      }
    }
    return range;
  }

  private getAst(): { root: Node | null } {
    if (!this.ast) {
      // Aliases are irrelevant for positions; a cap keeps hostile input from expanding.
      const doc = parseDocument(this.text, { uniqueKeys: false, keepSourceTokens: false });
      this.ast = { root: doc.contents as Node | null };
    }
    return this.ast;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
