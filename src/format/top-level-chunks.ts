/**
 * Biome's formatter costs more than linearly with a file's size: Microsoft Graph's 37 MB
 * models.gen.ts takes 15.8 s as one file and 1.3 s as 147 pieces of ~256 KB. A formatter lays
 * out each top-level statement on its own (at indent 0, one blank line kept between statements),
 * so a file cut between top-level statements and formatted piece by piece comes out the same as
 * formatted whole; test/format/chunked-format.test.ts compares the two on fixtures and GitHub.
 */

/**
 * Where a piece may end: a blank line, then a line that starts a top-level declaration or its
 * doc comment at column 0. Generated code never has such a line inside a statement (strings are
 * printed as escaped literals); a cut in the wrong place would leave a piece that does not parse,
 * and the caller then formats the file whole.
 */
const BOUNDARY = /\n\n(?=(?:export |const |let |function |async function |type |interface |declare |import |\/\*\*|\/\/ ))/g;

/** Cuts `text` into pieces of at least `target` characters (the last may be shorter), at top-level boundaries. */
export function splitTopLevel(text: string, target: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    BOUNDARY.lastIndex = start + target;
    const boundary = BOUNDARY.exec(text);
    if (!boundary) break;
    // The piece keeps one newline; the blank line is put back by joinFormatted.
    pieces.push(text.slice(start, boundary.index + 1));
    start = boundary.index + 2;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Puts formatted pieces back together: each ends with a newline, and a blank line separated them. */
export function joinFormatted(pieces: string[]): string {
  return pieces.join("\n");
}
