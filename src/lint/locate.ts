import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { SourcePosition } from "../diagnostics/diagnostic.js";
import { parsePointer } from "../load/json-pointer.js";
import { keyOfUrl, resolveRefTarget, type DocLocation } from "../load/ref-policy.js";
import type { LoadedSpec } from "../load/load-spec.js";
import { SourceText } from "../load/source-text.js";
import { locateJsonPointers } from "./json-locate.js";

export interface Located {
  /** The pointer to show: into the input as written (the 2.0 document for a converted spec). */
  pointer: string;
  position?: SourcePosition;
}

/**
 * file:line:col for pointers into the loaded (bundled) document, in the file each node was
 * written in: a pointer that passes through an external `$ref` continues in the referenced file.
 * Positions are found in one batch per file (fast for big JSON specs).
 */
export function locatePointers(spec: LoadedSpec, pointers: readonly string[]): Located[] {
  const wanted = pointers.map((pointer) => {
    if (spec.convertedFrom) {
      const original = spec.originalPointer(pointer);
      return { pointer: original, file: 0, tokens: parsePointer(original) ?? [] };
    }
    const tokens = parsePointer(pointer) ?? [];
    return { pointer, ...(spec.files.length > 1 ? followFiles(spec, tokens) : { file: 0, tokens }) };
  });
  const positions: (SourcePosition | undefined)[] = new Array(wanted.length);
  for (let file = 0; file < spec.files.length; file++) {
    const indexes = wanted.flatMap((w, i) => (w.file === file ? [i] : []));
    if (indexes.length === 0) continue;
    const name = spec.files[file]!;
    const text = spec.texts[file] ?? "";
    // The root file's SourceText knows whether it is JSON (and keeps its line index); others are tried.
    const source = file === 0 && spec.source.text === text ? spec.source : new SourceText(name, text);
    if (source.isJson || /^\s*[{[]/.test(text)) {
      try {
        if (!source.isJson) JSON.parse(text);
        const offsets = locateJsonPointers(text, indexes.map((i) => wanted[i]!.tokens));
        indexes.forEach((i, k) => (positions[i] = source.positionAtOffset(offsets[k]!)));
        continue;
      } catch {
        // not JSON after all (YAML flow style): the YAML positions below
      }
    }
    for (const i of indexes) positions[i] = source.positionOf(wanted[i]!.tokens);
  }
  return wanted.map((w, i) => ({ pointer: w.pointer, position: positions[i] }));
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

