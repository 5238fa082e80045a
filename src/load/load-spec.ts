import type { OpenAPIV3, OpenAPIV3_1 } from "openapi-types";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { bundleExternalRefs } from "./bundle-external-refs.js";
import { forEachRef } from "./find-refs.js";
import { getAtPointer, parsePointer, toPointer } from "./json-pointer.js";
import { parseSpecText } from "./parse-document.js";
import { dropRefs, onlyUnresolvedRefs } from "./recover-refs.js";
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, fetchCapped, readFileCapped, tooLargeHelp, type ReadResult } from "./read-input.js";
import { parseRemotePrefixes, type DocLocation } from "./ref-policy.js";
import { SourceText } from "./source-text.js";
import { classifyInput, readStdin } from "./spec-input.js";
import { Swagger2PointerMap } from "./swagger2-pointer-map.js";
import { ConvertedSourceText, convertSwagger2, validateSwagger2 } from "./swagger2.js";

export type OpenApiVersion = "3.0" | "3.1" | "3.2";

/**
 * An OpenAPI document as loaded. The openapi-types shapes say what to expect, but until the
 * check stage has run nothing is guaranteed, so readers still check what they read.
 */
export type OpenApiDocument = (OpenAPIV3.Document | OpenAPIV3_1.Document) & Record<string, unknown>;

export interface LoadedSpec {
  /** The document with every $ref local (external files inlined); a Swagger 2.0 input converted to 3.0. */
  document: OpenApiDocument;
  version: OpenApiVersion;
  /**
   * The root file's text, for positions of diagnostics raised by later stages. For a Swagger 2.0
   * input it is a ConvertedSourceText: `positionOf` takes pointers into the converted document
   * and answers with positions in the original 2.0 text.
   */
  source: SourceText;
  /** Files (paths as shown; the root as given) and URLs that took part, root first. */
  files: string[];
  /** The text of each of `files`, same order (so nothing needs reading or fetching again). */
  texts: string[];
  /**
   * The root file's text when `document` is exactly what JSON.parse made of it (one JSON file,
   * nothing bundled, dropped or converted): the structure check's worker parses this instead of
   * receiving the document stringified again (0.2 s of the main thread on GitHub's spec).
   */
  jsonText?: string;
  /** Set when the input was Swagger 2.0, upgraded to OpenAPI 3.0 on load. */
  convertedFrom?: "2.0";
  /** Maps a pointer into `document` to the pointer of the node it came from in the input (identity unless converted). */
  originalPointer: (pointer: string) => string;
}

/**
 * `recovered` (only with the `recover` option): errors the loader read past, a YAML syntax error
 * or a `$ref` that leads nowhere, still to be reported; `spec` is then what could be read.
 */
export type LoadResult = { spec?: LoadedSpec; diagnostics: Diagnostic[]; recovered?: Diagnostic[] };

export interface LoadOptions {
  /** How `-` is read (default: process.stdin). */
  readStdin?: () => Promise<string>;
  /** Let external `$ref`s read local files outside the root spec's folder tree (default false). */
  allowFilesOutside?: boolean;
  /** URL prefixes (http/https) that remote `$ref`s may be fetched from (default: none). */
  allowRemoteRefs?: readonly string[];
  /** Size limit for the spec and for every document it references, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Timeout for each URL fetched (the spec itself, remote $refs), in ms (default 30 000; 0: none). */
  timeoutMs?: number;
  /**
   * Read past a YAML syntax error (what the parser understood) and drop a `$ref` that leads
   * nowhere (the node reads as `{}`), returning the errors as `recovered` (apigen lint; OpenAPI
   * 3.x only). Off by default: generate refuses such a spec.
   */
  recover?: boolean;
}

interface ResolvedOptions {
  readStdin?: () => Promise<string>;
  allowFilesOutside: boolean;
  allowRemoteRefs: URL[];
  maxBytes: number;
  timeoutMs: number;
  recover: boolean;
}

const inputHelp = "Pass the path of an OpenAPI 3.0/3.1/3.2 or Swagger 2.0 document in YAML or JSON, an http(s) URL, or - to read standard input.";

/**
 * Reads a spec from a path, an http(s) URL, or `-` (stdin), and returns it parsed, bundled,
 * ref-checked, and (for Swagger 2.0) validated against the 2.0 schema and converted to OpenAPI 3.0.
 */
export async function loadSpec(input: string, options: LoadOptions = {}): Promise<LoadResult> {
  const resolved = resolveOptions(options);
  if ("diagnostics" in resolved) return resolved;

  const kind = classifyInput(input);
  const shownFile = kind.kind === "stdin" ? "<stdin>" : kind.kind === "url" ? kind.url : kind.kind === "file" ? kind.shown : input;
  let read: ReadResult;
  let location: DocLocation;
  switch (kind.kind) {
    case "stdin":
      location = { kind: "stdin" };
      read = await readStdin(resolved);
      break;
    case "url":
      location = { kind: "url", url: kind.url };
      read = await fetchCapped(kind.url, { timeoutMs: resolved.timeoutMs, maxBytes: resolved.maxBytes });
      if (read.ok && read.url) location = { kind: "url", url: read.url }; // relative $refs resolve against where it was found
      break;
    case "file":
      location = { kind: "file", path: kind.path };
      read = await readFileCapped(kind.path, resolved.maxBytes, kind.shown);
      break;
    case "unsupported":
      read = { ok: false, kind: "unreadable", reason: `cannot read ${input}: only local files, http(s) URLs and - (standard input) are read, not ${kind.scheme}: URLs` };
      location = { kind: "stdin" };
      break;
  }
  if (!read.ok) {
    return {
      diagnostics: [
        {
          code: read.kind === "too-large" ? "APIGEN_INPUT_TOO_LARGE" : "APIGEN_INPUT_NOT_READABLE",
          severity: "error",
          message: read.reason,
          pointer: "",
          position: { file: shownFile, line: 1, column: 1 },
          help: read.kind === "too-large" ? tooLargeHelp(resolved.maxBytes) : inputHelp,
        },
      ],
    };
  }
  return loadFromText(new SourceText(shownFile, read.text), location, resolved);
}

async function loadFromText(source: SourceText, location: DocLocation, options: ResolvedOptions): Promise<LoadResult> {
  const parsed = parseSpecText(source, { recover: options.recover });
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  /** Errors read past (recover only): a failure below reports them along with its own. */
  const recovered: Diagnostic[] = [...(parsed.recovered ?? [])];
  const fail = (diagnostics: Diagnostic[]): LoadResult => ({ diagnostics: [...recovered, ...diagnostics] });
  const versionCheck = detectVersion(parsed.value, source);
  // What a parser made of a broken document has no trustworthy version: the syntax error is the problem.
  if ("diagnostic" in versionCheck) return recovered.length > 0 ? fail([]) : fail([versionCheck.diagnostic]);

  const original = parsed.value as Record<string, unknown>;
  if (versionCheck.version === "2.0") {
    // 2.0-level mistakes are reported in 2.0 terms, on the document as written.
    const invalid = await validateSwagger2(original, source);
    if (invalid.length > 0) return fail(invalid);
  }

  let document = original;
  let files = [source.file];
  let texts = [source.text];
  if (hasExternalRefs(document)) {
    let bundled = await bundleExternalRefs(source, location, document, options);
    // recover: drop the root file's $refs to missing files and bundle again (the bundler reports
    // one $ref per missing target, so a round may leave others to the same target).
    for (let round = 0; options.recover && versionCheck.version !== "2.0" && round < 64 && onlyUnresolvedRefs(bundled.diagnostics, source.file); round++) {
      const dropped = dropRefs(document, bundled.diagnostics);
      if (dropped.removed === 0) break;
      recovered.push(...bundled.diagnostics.map((d) => ({ ...d, message: d.message.replace(/ \(and \d+ more \$refs? to it\)$/, "") })));
      document = dropped.document;
      bundled = hasExternalRefs(document) ? await bundleExternalRefs(source, location, document, options) : { document, diagnostics: [], files: [source.file], texts: [source.text] };
    }
    if (bundled.diagnostics.length > 0 || !bundled.document) return fail(bundled.diagnostics);
    document = bundled.document as Record<string, unknown>;
    files = bundled.files;
    texts = bundled.texts;
  }

  if (versionCheck.version === "2.0") {
    // The converter reads internal $refs; dangling ones are reported on the 2.0 text first.
    const dangling = checkLocalRefs(document, source);
    if (dangling.length > 0) return fail(dangling);
    const converted = await convertSwagger2(document, source);
    if (!converted.document) return fail(converted.diagnostics);
    const mapped = new ConvertedSourceText(source, new Swagger2PointerMap(document, converted.document));
    const refDiagnostics = checkLocalRefs(converted.document, mapped);
    if (refDiagnostics.length > 0) return fail([...converted.diagnostics, ...refDiagnostics]);
    return {
      spec: {
        document: converted.document as OpenApiDocument,
        version: "3.0",
        source: mapped,
        files,
        texts,
        convertedFrom: "2.0",
        originalPointer: (pointer) => mapped.originalPointer(pointer),
      },
      diagnostics: converted.diagnostics,
      ...(recovered.length > 0 ? { recovered } : {}),
    };
  }

  let refDiagnostics = checkLocalRefs(document, source);
  if (options.recover && onlyUnresolvedRefs(refDiagnostics, source.file)) {
    recovered.push(...refDiagnostics);
    document = dropRefs(document, refDiagnostics).document;
    refDiagnostics = checkLocalRefs(document, source);
  }
  if (refDiagnostics.length > 0) return fail(refDiagnostics);
  const spec: LoadedSpec = { document: document as OpenApiDocument, version: versionCheck.version, source, files, texts, originalPointer: (pointer) => pointer };
  if (source.isJson && document === original && recovered.length === 0 && files.length === 1) spec.jsonText = source.text;
  return { spec, diagnostics: [], ...(recovered.length > 0 ? { recovered } : {}) };
}

function resolveOptions(options: LoadOptions): ResolvedOptions | { diagnostics: Diagnostic[] } {
  const { prefixes, problems } = parseRemotePrefixes(options.allowRemoteRefs ?? []);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(maxBytes) && maxBytes > 0)) problems.push(`maxBytes must be a positive number of bytes, not ${String(options.maxBytes)}`);
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) problems.push(`timeoutMs must be a number of milliseconds (0 for none), not ${String(options.timeoutMs)}`);
  if (problems.length > 0) {
    return {
      diagnostics: problems.map((message) => ({
        code: "APIGEN_INVALID_OPTION",
        severity: "error" as const,
        message,
        pointer: "",
        help: "Check the load options (allowRemoteRefs takes http(s) URL prefixes such as https://example.com/schemas/).",
      })),
    };
  }
  return { readStdin: options.readStdin, allowFilesOutside: options.allowFilesOutside ?? false, allowRemoteRefs: prefixes, maxBytes, timeoutMs, recover: options.recover ?? false };
}

function detectVersion(doc: unknown, source: SourceText): { version: OpenApiVersion | "2.0" } | { diagnostic: Diagnostic } {
  const record = doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const openapi = record.openapi;
  if (typeof openapi === "string" && /^3\.0\.\d+/.test(openapi)) return { version: "3.0" };
  if (typeof openapi === "string" && /^3\.1\.\d+/.test(openapi)) return { version: "3.1" };
  if (typeof openapi === "string" && /^3\.2\.\d+/.test(openapi)) return { version: "3.2" };
  if (openapi === undefined && record.swagger !== undefined) {
    if (record.swagger === "2.0") return { version: "2.0" };
    return {
      diagnostic: {
        code: "APIGEN_UNSUPPORTED_VERSION",
        severity: "error",
        message: `unsupported Swagger version ${JSON.stringify(record.swagger)}`,
        pointer: "#/swagger",
        position: source.positionOf(["swagger"]),
        help: 'apigen reads Swagger 2.0 (`swagger: "2.0"`, a string) and OpenAPI 3.0.x, 3.1.x and 3.2.x documents.',
      },
    };
  }
  return {
    diagnostic: {
      code: openapi === undefined ? "APIGEN_NOT_OPENAPI" : "APIGEN_UNSUPPORTED_VERSION",
      severity: "error",
      message:
        openapi === undefined
          ? "this document is not an OpenAPI description: it has no top-level `openapi` (or `swagger`) field"
          : `unsupported OpenAPI version ${JSON.stringify(openapi)}`,
      pointer: openapi === undefined ? "" : "#/openapi",
      position: source.positionOf(openapi === undefined ? [] : ["openapi"]),
      help: "apigen reads OpenAPI 3.0.x, 3.1.x and 3.2.x documents (`openapi: 3.1.0` at the top level) and Swagger 2.0 (`swagger: \"2.0\"`).",
    },
  };
}

function hasExternalRefs(document: unknown): boolean {
  let found = false;
  forEachRef(document, (ref) => {
    if (!ref.startsWith("#")) found = true;
  });
  return found;
}

function checkLocalRefs(document: unknown, source: SourceText): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  forEachRef(document, (ref, tokens) => {
    const target = parsePointer(ref);
    if (target === undefined || getAtPointer(document, target) === undefined) {
      const at = [...tokens, "$ref"];
      diagnostics.push({
        code: "APIGEN_REF_NOT_FOUND",
        severity: "error",
        message: `$ref ${JSON.stringify(ref)} points at nothing`,
        pointer: toPointer(source instanceof ConvertedSourceText ? source.pointerMap.toOriginal(at) : at),
        position: source.positionOf(at),
        help: `Point the $ref at an existing component, e.g. '${source instanceof ConvertedSourceText || isSwagger2(document) ? "#/definitions/Name" : "#/components/schemas/Name"}', or add the missing component.`,
      });
    }
  });
  return diagnostics;
}

function isSwagger2(document: unknown): boolean {
  return document !== null && typeof document === "object" && (document as Record<string, unknown>).swagger === "2.0";
}
