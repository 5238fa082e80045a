import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
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
  private ast: { root: Node | null; lines: LineCounter } | undefined;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  /** Position of an offset in the text. */
  positionAtOffset(offset: number): SourcePosition {
    const lines = this.getAst().lines;
    const { line, col } = lines.linePos(offset);
    return { file: this.file, line, column: col };
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

  private getAst(): { root: Node | null; lines: LineCounter } {
    if (!this.ast) {
      const lines = new LineCounter();
      // Aliases are irrelevant for positions; a cap keeps hostile input from expanding.
      const doc = parseDocument(this.text, { lineCounter: lines, uniqueKeys: false, keepSourceTokens: false });
      this.ast = { root: doc.contents as Node | null, lines };
    }
    return this.ast;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
