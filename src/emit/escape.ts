/**
 * The one escaping layer between untrusted spec text and generated code, one function per
 * context. Nothing from the spec reaches an output file except through these.
 */
import { isPlainPropertyKey } from "../resolve/identifiers.js";
import type { JsonValue } from "../ir/schema.js";

/** A double-quoted string literal; also escapes U+2028/2029 so older parsers cannot split it. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A property key in a type literal: bare when it is a plain identifier, quoted otherwise. */
export function typePropertyKey(name: string): string {
  return isPlainPropertyKey(name) ? name : stringLiteral(name);
}

/**
 * A property key in an object literal (a value). `__proto__` must be computed: a bare or quoted
 * `__proto__` key would set the object's prototype instead of defining a property.
 */
export function valuePropertyKey(name: string): string {
  if (name === "__proto__") return `[${stringLiteral(name)}]`;
  return isPlainPropertyKey(name) ? name : stringLiteral(name);
}

/** Body lines of a JSDoc block: `*\/` cannot close the comment, and each line gets its ` * `. */
export function jsDocLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(/[\u2028\u2029]/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd());
}

/** Spec text for a one-line `//` or JSDoc comment: one line, and it cannot close a block comment. */
export function commentText(text: string): string {
  return oneLine(text).replace(/\*\//g, "*\\/");
}

/** A JSON value as a TypeScript expression (for defaults); object keys escaped as value keys. */
export function jsonLiteral(value: JsonValue): string {
  if (value === null || typeof value !== "object") return typeof value === "string" ? stringLiteral(value) : String(value);
  if (Array.isArray(value)) return `[${value.map(jsonLiteral).join(", ")}]`;
  const entries = Object.keys(value).map((k) => `${valuePropertyKey(k)}: ${jsonLiteral(value[k]!)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** A JSON value as a TypeScript literal type (for `const`). */
export function jsonLiteralType(value: JsonValue): string {
  if (value === null || typeof value !== "object") return typeof value === "string" ? stringLiteral(value) : String(value);
  if (Array.isArray(value)) return `readonly [${value.map(jsonLiteralType).join(", ")}]`;
  const entries = Object.keys(value).map((k) => `${typePropertyKey(k)}: ${jsonLiteralType(value[k]!)}`);
  return entries.length === 0 ? "Record<string, never>" : `{ ${entries.join("; ")} }`;
}

// Contexts of the generated SDK package: Markdown prose and code, shell words, URLs.

/** Spec text on one line: line breaks and other control characters become visible escapes. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Prose in Markdown, for text that follows other text on its line (a heading's `#`, a list
 * item's `-`, a sentence): one line (whitespace runs collapse, so no block can start), and every
 * character that could start inline markup (emphasis, links, images, HTML, entities, code,
 * tables) is backslash-escaped.
 */
export function markdownText(text: string): string {
  const flat = text.replace(/[\s\u2028\u2029]+/g, " ").trim().replace(/[\u0000-\u001f\u007f]/g, "");
  return flat.replace(/[\\`*_{}[\]()<>#!|~&]/g, "\\$&");
}

/** An inline code span that no backtick in `text` can close; line breaks become spaces. */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  if (flat === "") return "` `";
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function codeBlock(lang: string, content: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(content, "`") + 1));
  return `${fence}${lang}\n${content}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** A single-quoted shell word: nothing inside is expanded; `'` is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * URL text from the spec (server URL, literal path segments): anything outside RFC 3986's
 * characters (spaces, quotes, backticks, braces, control characters, non-ASCII) is
 * percent-encoded; existing `%XX` escapes are kept.
 */
export function urlText(text: string): string {
  return text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (c) => {
    // A lone surrogate has no UTF-8 form: it goes out as U+FFFD.
    const encoded = /^[\uD800-\uDFFF]$/.test(c) ? "%EF%BF%BD" : encodeURIComponent(c);
    return encoded.replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  });
}
