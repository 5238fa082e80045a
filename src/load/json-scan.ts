/**
 * One pass over JSON text that JSON.parse has already accepted, for what JSON.parse does not
 * report: a key repeated within one object (JSON.parse silently keeps the last value) and nesting
 * deeper than `maxDepth` (which the recursive stages after loading could not survive). It jumps
 * from one structural character or string to the next; keys are compared after unescaping.
 */
export type JsonProblem = { kind: "duplicate-key"; key: string; offset: number } | { kind: "too-deep"; offset: number };

export function findJsonProblem(text: string, maxDepth: number): JsonProblem | undefined {
  const structural = /["{}[\]]/g;
  // One entry per open container: the keys seen in an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let match: RegExpExecArray | null;
  while ((match = structural.exec(text)) !== null) {
    const start = match.index;
    const char = text.charCodeAt(start);
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      stack.push(char === 0x7b ? new Set() : null);
      if (stack.length > maxDepth) return { kind: "too-deep", offset: start };
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else {
      const end = closingQuote(text, start + 1);
      structural.lastIndex = end + 1;
      const keys = stack[stack.length - 1];
      if (!keys || !isFollowedByColon(text, end + 1)) continue;
      const raw = text.slice(start + 1, end);
      const key = raw.includes("\\") ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
      if (keys.has(key)) return { kind: "duplicate-key", key, offset: start };
      keys.add(key);
    }
  }
  return undefined;
}

/** Index of the quote that closes a string whose content starts at `from`. */
export function closingQuote(text: string, from: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function isFollowedByColon(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) return true;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return false;
}
