import type { SchemaMeta } from "../ir/schema.js";
import { jsDocLines } from "./escape.js";

/** Longest example (as JSON) worth showing in a doc comment. */
const MAX_EXAMPLE_LENGTH = 120;

/** Builds a JSDoc block (with the given indent) from a schema's documentation, or "" when there is none. */
export function schemaJsDoc(meta: SchemaMeta, indent = "", extra: string[] = []): string {
  const lines: string[] = [];
  if (meta.title && meta.title !== meta.description) lines.push(...jsDocLines(meta.title));
  if (meta.description) lines.push(...jsDocLines(meta.description));
  if (meta.format === "int64") lines.push("int64: values beyond Number.MAX_SAFE_INTEGER lose precision as a JavaScript number.");
  else if (meta.format) lines.push(...jsDocLines(`@format ${meta.format}`));
  if (meta.default !== undefined) lines.push(...jsDocLines(`@default ${JSON.stringify(meta.default)}`));
  const example = meta.examples?.[0];
  if (example !== undefined) {
    const text = JSON.stringify(example);
    if (text !== undefined && text.length <= MAX_EXAMPLE_LENGTH) lines.push(...jsDocLines(`@example ${text}`));
  }
  lines.push(...extra);
  if (meta.deprecated) lines.push("@deprecated");
  return docBlock(lines, indent);
}

/** Wraps already-escaped lines in `/** ... *\/`. */
export function docBlock(lines: string[], indent = ""): string {
  const trimmed = dropBlankEdges(lines);
  if (trimmed.length === 0) return "";
  if (trimmed.length === 1) return `${indent}/** ${trimmed[0]} */\n`;
  return `${indent}/**\n${trimmed.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join("\n")}\n${indent} */\n`;
}

function dropBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end);
}
