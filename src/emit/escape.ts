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

/** A regular expression built from a spec pattern; the pattern travels as a string literal. */
export function regexExpression(pattern: string, unicode: boolean): string {
  return `new RegExp(${stringLiteral(pattern)}${unicode ? ', "u"' : ""})`;
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
