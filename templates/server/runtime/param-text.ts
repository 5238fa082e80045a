/**
 * The text of parameters as params.ts reads it: percent-decoding that never throws, coercion of
 * text to the declared kind, and the splitting of delimited values, `k=v` pairs and alternating
 * keys and values into their pieces. Copied into every output with the rest of the server runtime.
 */

import type { WireShape } from "./params.js";

/** `key=value` items in order: keys decoded, values still percent-encoded. */
export type Pairs = [key: string, value: string][];

const utf8 = new TextDecoder();

/** A run of `%XX` triplets as UTF-8, invalid sequences as U+FFFD (what URLSearchParams gives). */
function decodeRun(run: string): string {
  const bytes = new Uint8Array(run.length / 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
  return utf8.decode(bytes);
}

/**
 * Percent-decoding that never throws, as the URL standard decodes: a `%` not followed by two hex
 * digits stays as it is, invalid UTF-8 becomes U+FFFD. `plus`: `+` is a space (query strings).
 */
export function pctDecode(text: string, plus: boolean): string {
  if (plus && text.indexOf("+") !== -1) text = text.replace(/\+/g, " ");
  if (text.indexOf("%") === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
  }
}

/** Text as the declared kind; text that is not of that kind stays text, for the schema to reject. */
export function coerce(text: string, shape: WireShape): unknown {
  if (shape === "string") return text;
  if (shape === "number") {
    if (text.trim() === "") return text;
    const n = Number(text);
    return Number.isNaN(n) ? text : n;
  }
  if (shape === "boolean") return text === "true" ? true : text === "false" ? false : text;
  // An array or object in a scalar's place (a nested value): the client sends it as JSON.
  const first = text.charCodeAt(0);
  if (first === 0x5b || first === 0x7b) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return "items" in shape ? [coerce(text, shape.items)] : text;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

export function propertyShape(shape: WireShape, key: string): WireShape | undefined {
  if (typeof shape !== "object" || !("properties" in shape)) return undefined;
  return own(shape.properties, key) ? shape.properties[key] : shape.additional;
}

/** An object from alternating keys and values (`R,100,G,200`) or `k=v` items. */
export function objectOf(items: string[], shape: WireShape, pairsByEquals: boolean, decode: (s: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const set = (k: string, v: string) => {
    const key = decode(k);
    out[key] = coerce(decode(v), propertyShape(shape, key) ?? "string");
  };
  if (pairsByEquals) {
    for (const item of items) {
      const eq = item.indexOf("=");
      if (eq !== -1) set(item.slice(0, eq), item.slice(eq + 1));
      else set(item, "");
    }
  } else for (let i = 0; i + 1 < items.length; i += 2) set(items[i]!, items[i + 1]!);
  return out;
}

const DELIMITERS: Record<string, RegExp | string> = { spaceDelimited: /%20|\+| /, pipeDelimited: "|" };

/** A delimited value (still percent-encoded) as its pieces. */
export function split(raw: string, style: string): string[] {
  return raw.split(DELIMITERS[style] ?? ",");
}

/** `a=1&b=2` or `a=1; b=2` as raw (still encoded) pairs; keys are decoded. */
export function pairsOf(text: string, separator: string, plus: boolean): Pairs {
  const out: Pairs = [];
  for (let item of text.split(separator)) {
    if (separator !== "&") item = item.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const key = pctDecode(eq === -1 ? item : item.slice(0, eq), plus);
    let value = eq === -1 ? "" : item.slice(eq + 1);
    if (separator !== "&" && value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out.push([key, value]);
  }
  return out;
}
