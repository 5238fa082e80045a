/**
 * Inline objects that a spec repeats are built once in schemas.gen.ts. GitHub's webhook payloads
 * inline the same user object 295 times and the same repository object dozens of times; printed
 * in place they are a third of the file. A repeated object becomes `const sharedObject1 =
 * z.object({...})`, used wherever a copy stood: less for tsc to parse and bind in every build
 * and fewer zod objects built when the module loads. The object is the same immutable zod schema
 * either way; `.optional()` and the like stay at each use.
 *
 * While the schemas are printed, print-zod hands each object's text (printed at indent "") to
 * the pool, which returns a token; its nested objects are tokens inside it. Once every schema is
 * printed, `resolve` turns the tokens of objects used twice or more (and long enough to be worth
 * a name) into names, and the others back into their text.
 */

const TOKEN = /\u0001(\d+)\u0001/g;
/** Shorter objects stay inline: a name would save little and cost the reader a jump. */
const MIN_LENGTH = 200;

export interface PooledExpression {
  text: string;
  /** Inside `z.lazy(() => ...)`: may name schemas declared after it, so nothing in it is hoisted. */
  lazy: boolean;
}

export interface SharedObject {
  name: string;
  expression: string;
  /** Index of the first expression that uses it: it is declared just before that one. */
  before: number;
  uses: number;
}

export class ObjectPool {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  /** A stand-in for an object's printed text; equal texts get the same token. */
  token(text: string): string {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return `\u0001${id}\u0001`;
  }

  /** The expressions with every token replaced, and the shared objects to declare before them. */
  resolve(expressions: PooledExpression[]): { expressions: string[]; shared: SharedObject[] } {
    const children = this.texts.map((text) => [...text.matchAll(TOKEN)].map((m) => Number(m[1])));
    const inLazy = new Set<number>();
    const markLazy = (id: number): void => {
      if (inLazy.has(id)) return;
      inLazy.add(id);
      for (const child of children[id]!) markLazy(child);
    };
    const uses = this.texts.map(() => 0);
    for (const e of expressions) {
      for (const m of e.text.matchAll(TOKEN)) {
        uses[Number(m[1])]! += 1;
        if (e.lazy) markLazy(Number(m[1]));
      }
    }
    const length = this.texts.map(() => 0);
    for (let id = 0; id < this.texts.length; id++) {
      // A child is registered before its parent (printed first), so its length is known here.
      length[id] = this.texts[id]!.replace(TOKEN, "").length + children[id]!.reduce((sum, child) => sum + length[child]!, 0);
    }
    // Parents before children: a child inside a shared parent is used once per parent, not per copy.
    const sharedIds = new Set<number>();
    for (let id = this.texts.length - 1; id >= 0; id--) {
      const share = uses[id]! >= 2 && length[id]! >= MIN_LENGTH && !inLazy.has(id);
      if (share) sharedIds.add(id);
      for (const child of children[id]!) uses[child]! += share ? 1 : uses[id]!;
    }

    const names = new Map<number, string>();
    const shared: SharedObject[] = [];
    const expand = (text: string, declare: (id: number) => void): string => {
      let out = "";
      let last = 0;
      for (const m of text.matchAll(TOKEN)) {
        out += text.slice(last, m.index);
        last = m.index + m[0].length;
        const id = Number(m[1]);
        if (sharedIds.has(id)) {
          declare(id);
          out += names.get(id)!;
          continue;
        }
        // print-zod indents an object's lines by the indentation of the line it sits on.
        const indent = /^ */.exec(out.slice(out.lastIndexOf("\n") + 1))![0];
        out += expand(this.texts[id]!, declare).replace(/\n/g, `\n${indent}`);
      }
      return out + text.slice(last);
    };
    const resolved = expressions.map((e, index) => {
      const declare = (id: number): void => {
        if (names.has(id)) return;
        // Its own shared objects are declared before it.
        const expression = expand(this.texts[id]!, declare);
        const name = `sharedObject${shared.length + 1}`;
        names.set(id, name);
        shared.push({ name, expression, before: index, uses: uses[id]! });
      };
      return expand(e.text, declare);
    });
    return { expressions: resolved, shared };
  }
}
