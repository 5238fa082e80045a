import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { SourcePosition } from "../diagnostics/diagnostic.js";
import { parsePointer } from "../load/json-pointer.js";
import { keyOfUrl, resolveRefTarget, type DocLocation } from "../load/ref-policy.js";
import type { LoadedSpec } from "../load/load-spec.js";
import { SourceText } from "../load/source-text.js";
import { locateJsonRanges } from "./json-locate.js";

export interface Located {
  /** The pointer to show: into the input as written (the 2.0 document for a converted spec). */
  pointer: string;
  position?: SourcePosition;
  /** Where the located text ends (SARIF's endLine/endColumn, exclusive column). */
  end?: { line: number; column: number };
}

/**
 * Whether a finding at these tokens is about a name rather than what it names: a path item
 * (`#/paths/~1orders`), a webhook, a component (`#/components/schemas/Order`; pointers into the
 * loaded document, so a Swagger 2.0 definition too). Such findings are located at the key, not at the first line of its value.
 */
export function namesKey(tokens: readonly string[]): boolean {
  if (tokens.length === 2) return tokens[0] === "paths" || tokens[0] === "webhooks";
  return tokens.length === 3 && tokens[0] === "components";
}

/**
 * file:line:col for pointers into the loaded (bundled) document, in the file each node was
 * written in: a pointer that passes through an external `$ref` continues in the referenced file.
 * Positions are found in one batch per file (fast for big JSON specs). A pointer that names a
 * key is located at the key; the end is the key's end, a scalar's end, or for a mapping or
 * sequence the end of its first line (a whole operation is not worth highlighting).
 */
export function locatePointers(spec: LoadedSpec, pointers: readonly string[]): Located[] {
  const wanted = pointers.map((pointer) => {
    const loadedTokens = parsePointer(pointer) ?? [];
    const key = namesKey(loadedTokens);
    if (spec.convertedFrom) {
      const original = spec.originalPointer(pointer);
      const tokens = parsePointer(original) ?? [];
      return { pointer: original, file: 0, tokens, key: key && tokens.length > 0 };
    }
    const inFile = spec.files.length > 1 ? followFiles(spec, loadedTokens) : { file: 0, tokens: loadedTokens };
    return { pointer, ...inFile, key: key && inFile.tokens.length > 0 };
  });
  const found: (Located | undefined)[] = new Array(wanted.length);
  for (let file = 0; file < spec.files.length; file++) {
    const indexes = wanted.flatMap((w, i) => (w.file === file ? [i] : []));
    if (indexes.length === 0) continue;
    const name = spec.files[file]!;
    const text = spec.texts[file] ?? "";
    // The root file's SourceText knows whether it is JSON (and keeps its line index); others are tried.
    const source = file === 0 && spec.source.text === text ? spec.source : new SourceText(name, text);
    const at = (i: number, start: number, end: number, collection: boolean): Located => {
      // A collection is shown by its first line, and never past its own end (one-line JSON).
      const stop = collection ? withoutTrailingSpace(text, start, Math.min(end, source.lineEndAt(start))) : end;
      const endPosition = source.positionAtOffset(Math.max(stop, start));
      return { pointer: wanted[i]!.pointer, position: source.positionAtOffset(start), end: { line: endPosition.line, column: endPosition.column } };
    };
    if (source.isJson || /^\s*[{[]/.test(text)) {
      try {
        if (!source.isJson) JSON.parse(text);
        const ranges = locateJsonRanges(text, indexes.map((i) => wanted[i]!.tokens));
        indexes.forEach((i, k) => {
          const r = ranges[k]!;
          found[i] = wanted[i]!.key && r.keyStart !== undefined ? at(i, r.keyStart, r.keyEnd!, false) : at(i, r.start, r.end, r.collection);
        });
        continue;
      } catch {
        // not JSON after all (YAML flow style): the YAML positions below
      }
    }
    for (const i of indexes) {
      // rangeOf maps nothing (unlike a converted source's positionOf): the tokens are the input's own.
      const r = source.rangeOf(wanted[i]!.tokens, { key: wanted[i]!.key });
      found[i] = at(i, r.start, r.end, r.collection);
    }
  }
  return wanted.map((w, i) => found[i] ?? { pointer: w.pointer });
}

/** `end`, moved back over trailing spaces and a `\r`, but not before `start`. */
function withoutTrailingSpace(text: string, start: number, end: number): number {
  let stop = end;
  while (stop > start && /\s/.test(text[stop - 1]!)) stop--;
  return stop;
}

/** Follows `tokens` through the files as written, switching file at each external `$ref`. */
function followFiles(spec: LoadedSpec, tokens: readonly string[]): { file: number; tokens: string[] } {
  const docs = parsedFiles(spec);
  let file = 0;
  let node: unknown = docs[0];
  let inFile: string[] = [];
  for (const token of tokens) {
    for (let hops = 0; hops < 16; hops++) {
      if (!isRecord(node) || token in node || typeof node.$ref !== "string") break;
      const target = resolveRef(spec, file, node.$ref);
      if (!target) break;
      file = target.file;
      inFile = target.tokens;
      node = dig(docs[file], inFile);
    }
    if (!isRecord(node) && !Array.isArray(node)) break;
    node = (node as Record<string, unknown>)[token];
    inFile = [...inFile, token];
  }
  return { file, tokens: inFile };
}

const parsedCache = new WeakMap<LoadedSpec, unknown[]>();

function parsedFiles(spec: LoadedSpec): unknown[] {
  let docs = parsedCache.get(spec);
  if (!docs) {
    docs = spec.texts.map((text) => {
      try {
        return /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text);
      } catch {
        return undefined;
      }
    });
    parsedCache.set(spec, docs);
  }
  return docs;
}

/** Where a `$ref` in file `from` leads, by the loader's own rules (resolveRefTarget), as a file index and tokens. */
function resolveRef(spec: LoadedSpec, from: number, ref: string): { file: number; tokens: string[] } | undefined {
  const base = spec.files[from]!;
  const location: DocLocation = /^https?:/i.test(base) ? { kind: "url", url: base } : { kind: "file", path: path.resolve(base) };
  // The loader already applied its policy to every file it read; here only "which file" matters.
  const target = resolveRefTarget(ref, location, { allowFilesOutside: true, allowRemoteRefs: [] });
  const resolved = target.ok ? target : target.resolved;
  if (!resolved) return undefined;
  const file = spec.files.findIndex((f) => (/^https?:/i.test(f) ? keyOfUrl(new URL(f)) : path.resolve(f)) === resolved.key);
  return file < 0 ? undefined : { file, tokens: parsePointer(`#${resolved.fragment}`) ?? [] };
}

function dig(node: unknown, tokens: readonly string[]): unknown {
  let current = node;
  for (const token of tokens) current = isRecord(current) || Array.isArray(current) ? (current as Record<string, unknown>)[token] : undefined;
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

