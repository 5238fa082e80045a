import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import $RefParser, { JSONParserErrorGroup, type FileInfo } from "@apidevtools/json-schema-ref-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { forEachRef } from "./find-refs.js";
import { toPointer } from "./json-pointer.js";
import { parseSpecText } from "./parse-document.js";
import { SourceText } from "./source-text.js";

export interface BundleResult {
  document: unknown;
  diagnostics: Diagnostic[];
  /** Every file that took part, root first (for watch mode and diagnostics). */
  files: string[];
}

/**
 * Inlines relative external-file $refs into the root document with json-schema-ref-parser's
 * bundler, so that every $ref left is local. Only files inside the root spec's folder tree are
 * read, and never over the network: a spec is untrusted input.
 */
export async function bundleExternalRefs(root: SourceText, rootDocument: unknown): Promise<BundleResult> {
  const rootFile = root.file;
  const rootDir = path.dirname(path.resolve(rootFile));
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceText>([[path.resolve(rootFile), root]]);
  const files = new Set<string>([rootFile]);

  const displayName = (absolute: string): string => {
    const rel = path.relative(process.cwd(), absolute);
    return rel.startsWith("..") ? absolute : rel;
  };
  const toPath = (url: string): string => (url.startsWith("file:") ? fileURLToPath(url) : url);
  const insideRoot = (file: string): boolean => {
    const rel = path.relative(rootDir, path.resolve(file));
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  };

  const parser = new $RefParser();
  try {
    const bundled = await parser.bundle(path.resolve(rootFile), structuredClone(rootDocument) as object, {
      continueOnError: true,
      resolve: {
        http: false,
        file: {
          order: 1,
          canRead: (file: FileInfo) => !/^https?:/i.test(file.url),
          read: async (file: FileInfo) => {
            const p = toPath(file.url);
            if (!insideRoot(p)) {
              throw new Error(`refused to read ${p}: it is outside the spec's folder ${rootDir}`);
            }
            const text = await readFile(p, "utf8");
            sources.set(p, new SourceText(displayName(p), text));
            files.add(displayName(p));
            return text;
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
          parse: (file: FileInfo) => {
            const p = toPath(file.url);
            const source = sources.get(p) ?? new SourceText(displayName(p), String(file.data));
            const result = parseSpecText(source);
            if (!result.ok) {
              diagnostics.push(...result.diagnostics);
              throw new Error(`could not parse ${source.file}`);
            }
            return result.value;
          },
        },
      },
    });
    return { document: bundled, diagnostics, files: [...files] };
  } catch (e) {
    const errors = e instanceof JSONParserErrorGroup ? e.errors : [e as Error & { source?: string; path?: unknown }];
    for (const err of errors) {
      const source = typeof err.source === "string" ? toPath(err.source.split("#")[0] ?? "") : "";
      const message = (err.message ?? String(err)).split("\n")[0] ?? "";
      if (message.startsWith("could not parse")) continue; // already reported with a position
      // A file that cannot be read is reported where it is referenced, not at the file itself.
      const referrer = Array.isArray(err.path) && err.path.length > 0 ? undefined : findReferrer(source, sources);
      const tokens = referrer ? referrer.tokens : Array.isArray(err.path) ? err.path.map(String) : [];
      const text = referrer ? referrer.text : sources.get(source);
      const fileName = source ? displayName(source) : rootFile;
      diagnostics.push({
        code: /outside the spec's folder/.test(message) ? "APIGEN_REF_OUTSIDE_ROOT" : "APIGEN_REF_NOT_FOUND",
        severity: "error",
        message: message.replace(/\s+/g, " ").replace(/Error reading file "([^"]*)"/, (_m, f: string) => `cannot read ${displayName(f)}`),
        pointer: toPointer(tokens),
        position: text ? text.positionOf(tokens) : { file: fileName, line: 1, column: 1 },
        help: "Check that the referenced file exists beside the spec and that the pointer after # names an existing node.",
      });
    }
    return { document: undefined, diagnostics, files: [...files] };
  }
}

/** The `$ref` (in any file read so far) whose file part names `missing`. */
function findReferrer(missing: string, sources: Map<string, SourceText>): { text: SourceText; tokens: string[] } | undefined {
  for (const [file, text] of sources) {
    const parsed = parseSpecText(text);
    if (!parsed.ok) continue;
    let found: string[] | undefined;
    forEachRef(parsed.value, (ref, tokens) => {
      const filePart = ref.split("#")[0] ?? "";
      if (!found && filePart && path.resolve(path.dirname(file), filePart) === missing) found = [...tokens, "$ref"];
    });
    if (found) return { text, tokens: found };
  }
  return undefined;
}
