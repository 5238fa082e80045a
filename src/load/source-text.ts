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
    return { file: this.file, line: low + 1, column: offset - starts[low]! + 1 };
  }

  /**
   * Position of the node at `tokens`; when the node does not exist (e.g. a missing required
   * key), the position of its deepest existing ancestor. `key: true` points at the map key.
   */
  positionOf(tokens: readonly string[], options: { key?: boolean } = {}): SourcePosition {
    let node: Node | null = this.getAst().root;
    let offset = node?.range?.[0] ?? 0;
    for (const token of tokens) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === token);
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        const valueNode = pair.value as Node | null;
        const isLast = token === tokens[tokens.length - 1];
        offset = (options.key && isLast ? keyNode?.range?.[0] : valueNode?.range?.[0]) ?? keyNode?.range?.[0] ?? offset;
        node = valueNode;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)] as Node | undefined;
        if (!item || !/^\d+$/.test(token)) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return this.positionAtOffset(offset);
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
