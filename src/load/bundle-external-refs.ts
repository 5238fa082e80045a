import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FileInfo } from "@apidevtools/json-schema-ref-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { forEachRef } from "./find-refs.js";
import { parsePointer, toPointer } from "./json-pointer.js";
import { parseSpecText } from "./parse-document.js";
import { fetchCapped, readFileCapped, tooLargeHelp, type ReadResult } from "./read-input.js";
import { fileRefusal, remoteRefusal, resolveRefTarget, type DocLocation, type RefPolicy } from "./ref-policy.js";
import { SourceText } from "./source-text.js";

export interface BundleResult {
  document: unknown;
  diagnostics: Diagnostic[];
  /** Every file or URL that took part, root first (for watch mode and diagnostics). */
  files: string[];
  /** Their texts, in the same order. */
  texts: string[];
}

export interface BundleOptions extends RefPolicy {
  maxBytes: number;
  timeoutMs: number;
}

interface LoadedDoc {
  location: DocLocation;
  source: SourceText;
  value: unknown;
}

/** How a local path is shown in diagnostics: relative to the working folder when inside it. */
export function displayName(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel === "" || rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? absolute : rel;
}

/**
 * Inlines external $refs (other files, and URLs the policy allows) into the root document, so
 * that every $ref left is local.
 *
 * It works in two steps. First every document reachable through external $refs is read and
 * parsed here, each $ref checked against the policy where it stands: a refused or unreadable
 * target is reported at that $ref's own file:line:col. Only when all of that succeeded does
 * json-schema-ref-parser bundle them, reading nothing itself: its resolver serves the documents
 * already read, so no I/O happens outside the checks above.
 */
export async function bundleExternalRefs(root: SourceText, rootLocation: DocLocation, rootDocument: unknown, options: BundleOptions): Promise<BundleResult> {
  const diagnostics: Diagnostic[] = [];
  const rootKey = keyOfLocation(rootLocation);
  const rootDir = rootLocation.kind === "file" ? path.dirname(path.resolve(rootLocation.path)) : undefined;
  const docs = new Map<string, LoadedDoc>([[rootKey, { location: rootLocation, source: root, value: rootDocument }]]);
  /** Targets that could not be read (with the code reported) or parsed (undefined). */
  const failed = new Map<string, string | undefined>();
  const queue: LoadedDoc[] = [docs.get(rootKey)!];

  const report = refReporter(diagnostics);

  while (queue.length > 0) {
    const doc = queue.shift()!;
    const refs: { ref: string; tokens: string[] }[] = [];
    forEachRef(doc.value, (ref, tokens) => {
      if (!ref.startsWith("#")) refs.push({ ref, tokens });
    });
    for (const { ref, tokens } of refs) {
      let target = resolveRefTarget(ref, doc.location, options);
      // A URL already read (the spec itself, by its own name) needs no permission to fetch.
      if (!target.ok && target.resolved && docs.has(target.resolved.key)) target = { ok: true, ...target.resolved };
      if (!target.ok) {
        report(doc, tokens, target.code, target.reason, helpFor(target.code), target.code === "APIGEN_REF_REFUSED" ? target.reason : undefined);
        continue;
      }
      if (target.location.kind === "file") {
        const refusal = await fileRefusal(target.location.path, rootDir, options);
        if (refusal) {
          report(doc, tokens, "APIGEN_REF_REFUSED", `$ref ${JSON.stringify(ref)} refused: ${displayName(target.location.path)} is outside the spec's folder ${displayName(rootDir ?? "")}`, helpFor("APIGEN_REF_REFUSED"), target.key);
          continue;
        }
      }
      if (failed.has(target.key)) {
        // Already reported at its first $ref: count this one there (a parse failure is reported once).
        const code = failed.get(target.key);
        if (code) report(doc, tokens, code, "", "", target.key);
        continue;
      }
      let targetDoc = docs.get(target.key);
      if (!targetDoc) {
        const shown = target.location.kind === "file" ? displayName(target.location.path) : target.location.url;
        const read = await readLocation(target.location, shown, options);
        if (!read.ok) {
          const code = read.kind === "too-large" ? "APIGEN_INPUT_TOO_LARGE" : read.kind === "refused" ? "APIGEN_REF_REFUSED" : "APIGEN_REF_NOT_FOUND";
          failed.set(target.key, code);
          report(doc, tokens, code, `$ref ${JSON.stringify(ref)}: ${read.reason}`, code === "APIGEN_INPUT_TOO_LARGE" ? tooLargeHelp(options.maxBytes) : helpFor(code), target.key);
          continue;
        }
        const source = new SourceText(shown, read.text);
        const parsed = parseSpecText(source);
        if (!parsed.ok) {
          failed.set(target.key, undefined);
          diagnostics.push(...parsed.diagnostics);
          continue;
        }
        targetDoc = { location: target.location, source, value: parsed.value };
        docs.set(target.key, targetDoc);
        queue.push(targetDoc);
      }
      if (target.fragment !== "") {
        const pointer = parsePointer(target.fragment);
        const found = pointer === undefined ? "missing" : probe(targetDoc.value, pointer);
        if (found === "missing") {
          report(doc, tokens, "APIGEN_REF_NOT_FOUND", `$ref ${JSON.stringify(ref)} points at nothing: ${targetDoc.source.file} has no #${target.fragment}`, helpFor("APIGEN_REF_NOT_FOUND"));
        }
      }
    }
  }
  const files = [...docs.values()].map((d) => d.source.file);
  const texts = [...docs.values()].map((d) => d.source.text);
  if (diagnostics.length > 0) return { document: undefined, diagnostics, files, texts };

  const bundled = await bundleRead(root, rootLocation, rootDocument, docs);
  return { document: bundled.document, diagnostics: bundled.diagnostics, files, texts };
}

/**
 * Step two: json-schema-ref-parser bundles the documents step one read (its resolver serves them;
 * it reads nothing itself). What it still fails on is reported at the root document.
 */
async function bundleRead(root: SourceText, rootLocation: DocLocation, rootDocument: unknown, docs: Map<string, LoadedDoc>): Promise<{ document: unknown; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const lookup = (url: string): LoadedDoc | undefined => docs.get(keyOfRefParserUrl(url));
  // Loaded only for a spec with external $refs (45 ms that a one-file spec need not pay).
  const { default: $RefParser, JSONParserErrorGroup } = await import("@apidevtools/json-schema-ref-parser");
  const parser = new $RefParser();
  try {
    const bundled = await parser.bundle(refParserPath(rootLocation), structuredClone(rootDocument) as object, {
      resolve: {
        file: false,
        http: false,
        preloaded: {
          order: 1,
          canRead: true,
          read: (file: FileInfo) => {
            const doc = lookup(file.url);
            if (!doc) throw new Error(`a $ref resolves to ${file.url}, which was not among the documents read (a $id that changes the base URI is not supported)`);
            return doc.source.text;
          },
        },
      },
      parse: {
        json: false,
        text: false,
        binary: false,
        yaml: {
          order: 1,
          allowEmpty: false,
          canParse: true,
          parse: (file: FileInfo) => structuredClone(lookup(file.url)?.value),
        },
      },
    });
    return { document: bundled, diagnostics };
  } catch (e) {
    const errors = e instanceof JSONParserErrorGroup ? e.errors : [e as Error];
    for (const err of errors) {
      diagnostics.push({
        code: "APIGEN_REF_NOT_FOUND",
        severity: "error",
        message: (err.message ?? String(err)).split("\n")[0]!.replace(/\s+/g, " "),
        pointer: "",
        position: root.positionOf([]),
        help: helpFor("APIGEN_REF_NOT_FOUND"),
      });
    }
    return { document: undefined, diagnostics };
  }
}

/**
 * Reports a $ref's problem at the $ref itself; one diagnostic per refused or unreadable target
 * (at its first $ref), counting the others in its message.
 */
function refReporter(diagnostics: Diagnostic[]) {
  const byTarget = new Map<string, { diagnostic: Diagnostic; message: string; more: number }>();
  return (doc: LoadedDoc, tokens: string[], code: string, message: string, help: string, targetKey?: string): void => {
    const seen = targetKey === undefined ? undefined : byTarget.get(`${code} ${targetKey}`);
    if (seen) {
      seen.more++;
      seen.diagnostic.message = `${seen.message} (and ${seen.more} more $ref${seen.more === 1 ? "" : "s"} to it)`;
      return;
    }
    const at = [...tokens, "$ref"];
    const diagnostic: Diagnostic = { code, severity: "error", message, pointer: toPointer(at), position: doc.source.positionOf(at), help };
    diagnostics.push(diagnostic);
    if (targetKey !== undefined) byTarget.set(`${code} ${targetKey}`, { diagnostic, message, more: 0 });
  };
}

function helpFor(code: string): string {
  switch (code) {
    case "APIGEN_REF_REFUSED":
      return "External $refs are read only inside the spec's folder tree and from URL prefixes you allow: if this target is trusted, set allowFilesOutside: true or list its URL prefix in allowRemoteRefs (apigen.config).";
    case "APIGEN_EXTERNAL_REF_FROM_STDIN":
      return "Pass the spec's path instead of -, so that relative $refs resolve against its folder.";
    default:
      return "Check that the referenced file exists beside the spec and that the pointer after # names an existing node.";
  }
}

async function readLocation(location: { kind: "file"; path: string } | { kind: "url"; url: string }, shown: string, options: BundleOptions): Promise<ReadResult> {
  if (location.kind === "file") return readFileCapped(location.path, options.maxBytes, shown);
  return fetchCapped(location.url, { timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, refuse: (url) => remoteRefusal(url, options.allowRemoteRefs) });
}

/** Follows a pointer: "unknown" when the walk meets a $ref on the way (the bundler follows those). */
function probe(root: unknown, tokens: readonly string[]): "found" | "missing" | "unknown" {
  let node: unknown = root;
  for (const token of tokens) {
    if (node === null || typeof node !== "object") return "missing";
    const record = node as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, token)) return typeof record.$ref === "string" ? "unknown" : "missing";
    node = record[token];
  }
  return "found";
}

function keyOfLocation(location: DocLocation): string {
  if (location.kind === "file") return path.resolve(location.path);
  if (location.kind === "url") return new URL(location.url).href.split("#")[0]!;
  return "<stdin>";
}

/** The root's path as json-schema-ref-parser should see it: a percent-encoded path, or the URL. */
function refParserPath(location: DocLocation): string {
  if (location.kind === "file") return pathToFileURL(path.resolve(location.path)).pathname;
  if (location.kind === "url") return location.url;
  return pathToFileURL(path.join(process.cwd(), "<stdin>")).pathname;
}

/** json-schema-ref-parser resolves local files to percent-encoded absolute paths (or file: URLs). */
function keyOfRefParserUrl(url: string): string {
  const withoutHash = url.split("#")[0]!;
  if (/^https?:/i.test(withoutHash)) return new URL(withoutHash).href;
  if (/^file:/i.test(withoutHash)) return fileURLToPath(withoutHash);
  if (withoutHash.endsWith("/<stdin>") || withoutHash.endsWith("/%3Cstdin%3E")) return "<stdin>";
  try {
    return fileURLToPath(new URL(withoutHash, "file:///"));
  } catch {
    return path.resolve(withoutHash);
  }
}
