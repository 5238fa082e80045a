/** One line of an edit script: kept, removed from the old text, or added in the new one. */
interface Op {
  type: " " | "-" | "+";
  text: string;
}

/** Past this many differing lines the diff is not worth computing: the files are just "different". */
const MAX_EDITS = 1000;
const CONTEXT = 3;

/**
 * A unified diff of two texts (`--- a/<path>`, `+++ b/<path>`, `@@` hunks with 3 lines of
 * context), cut to `maxLines` body lines: enough for a CI log to show what changed. Lines are
 * compared whole; a missing final newline is not reported.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, maxLines = 40): string {
  const header = [before === undefined ? "--- /dev/null" : `--- a/${path}`, after === undefined ? "+++ /dev/null" : `+++ b/${path}`];
  const a = splitLines(before ?? "");
  const b = splitLines(after ?? "");
  const ops = editScript(a, b);
  if (!ops) return [...header, `@@ -1,${a.length} +1,${b.length} @@ (more than ${MAX_EDITS} lines differ; not shown)`].join("\n");
  const body = hunks(ops);
  const shown = body.length > maxLines ? [...body.slice(0, maxLines), `... ${body.length - maxLines} more diff lines`] : body;
  return [...header, ...shown].join("\n");
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Myers' O((N+M)D) shortest edit script, giving up past MAX_EDITS differences: linear for the
 * usual small change in a large generated file, where a full LCS table would be N×M.
 */
function editScript(a: string[], b: string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const maxD = Math.min(n + m, MAX_EDITS);
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset);
    }
  }
  return undefined;
}

/** Walks the saved frontiers back from the end, collecting the edit script in reverse. */
function backtrack(a: string[], b: string[], trace: Int32Array[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ type: " ", text: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ type: "+", text: b[--y]! });
      else ops.push({ type: "-", text: a[--x]! });
    }
  }
  return ops.reverse();
}

/** Groups the script into hunks with CONTEXT lines around each change, merging hunks that touch. */
function hunks(ops: Op[]): string[] {
  const changed = ops.flatMap((op, i) => (op.type === " " ? [] : [i]));
  // oldAt[i] / newAt[i]: how many old / new lines come before ops[i] (hunk line numbers).
  const oldAt = [0];
  const newAt = [0];
  for (const op of ops) {
    oldAt.push(oldAt[oldAt.length - 1]! + (op.type === "+" ? 0 : 1));
    newAt.push(newAt[newAt.length - 1]! + (op.type === "-" ? 0 : 1));
  }
  const out: string[] = [];
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - CONTEXT);
    let end = changed[i]!;
    while (i + 1 < changed.length && changed[i + 1]! - end <= 2 * CONTEXT + 1) end = changed[++i]!;
    end = Math.min(ops.length - 1, end + CONTEXT);
    i++;
    const oldStart = oldAt[start]!;
    const newStart = newAt[start]!;
    const oldLen = oldAt[end + 1]! - oldStart;
    const newLen = newAt[end + 1]! - newStart;
    const slice = ops.slice(start, end + 1);
    // Unified diff convention: an empty side is numbered by the line before it.
    out.push(`@@ -${oldLen === 0 ? oldStart : oldStart + 1},${oldLen} +${newLen === 0 ? newStart : newStart + 1},${newLen} @@`);
    for (const op of slice) out.push(op.type + op.text);
  }
  return out;
}
