import { readFile } from "node:fs/promises";
import type { OpenAPIV3, OpenAPIV3_1 } from "openapi-types";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { bundleExternalRefs } from "./bundle-external-refs.js";
import { forEachRef } from "./find-refs.js";
import { getAtPointer, parsePointer, toPointer } from "./json-pointer.js";
import { parseSpecText } from "./parse-document.js";
import { SourceText } from "./source-text.js";

export type OpenApiVersion = "3.0" | "3.1";

/**
 * An OpenAPI document as loaded. The openapi-types shapes say what to expect, but until the
 * check stage has run nothing is guaranteed, so readers still check what they read.
 */
export type OpenApiDocument = (OpenAPIV3.Document | OpenAPIV3_1.Document) & Record<string, unknown>;

export interface LoadedSpec {
  /** The document with every $ref local (external files inlined). */
  document: OpenApiDocument;
  version: OpenApiVersion;
  /** The root file's text, for positions of diagnostics raised by later stages. */
  source: SourceText;
  files: string[];
}

export type LoadResult = { spec?: LoadedSpec; diagnostics: Diagnostic[] };

/** Reads a spec from a path (or `-` for stdin) and returns it parsed, bundled and ref-checked. */
export async function loadSpec(input: string, readStdin: () => Promise<string> = readAllStdin): Promise<LoadResult> {
  const file = input === "-" ? "<stdin>" : input;
  let text: string;
  try {
    text = input === "-" ? await readStdin() : await readFile(input, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostics: [
        {
          code: "APIGEN_INPUT_NOT_READABLE",
          severity: "error",
          message: code === "ENOENT" ? `no such file: ${input}` : `cannot read ${input} (${code ?? "error"})`,
          pointer: "",
          position: { file, line: 1, column: 1 },
          help: "Pass the path of an OpenAPI 3.0 or 3.1 document in YAML or JSON, or - to read standard input.",
        },
      ],
    };
  }
  const source = new SourceText(file, text);
  return loadFromSource(source);
}

export async function loadFromSource(source: SourceText): Promise<LoadResult> {
  const parsed = parseSpecText(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const versionCheck = detectVersion(parsed.value, source);
  if ("diagnostic" in versionCheck) return { diagnostics: [versionCheck.diagnostic] };

  let document = parsed.value as Record<string, unknown>;
  let files = [source.file];
  if (hasExternalRefs(document)) {
    if (source.file === "<stdin>") {
      return { diagnostics: [externalRefFromStdin(source)] };
    }
    const bundled = await bundleExternalRefs(source, document);
    if (bundled.diagnostics.length > 0 || !bundled.document) return { diagnostics: bundled.diagnostics };
    document = bundled.document as Record<string, unknown>;
    files = bundled.files;
  }
  const refDiagnostics = checkLocalRefs(document, source);
  if (refDiagnostics.length > 0) return { diagnostics: refDiagnostics };
  return { spec: { document: document as OpenApiDocument, version: versionCheck.version, source, files }, diagnostics: [] };
}

function detectVersion(doc: unknown, source: SourceText): { version: OpenApiVersion } | { diagnostic: Diagnostic } {
  const record = doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const openapi = record.openapi;
  if (typeof openapi === "string" && /^3\.0\.\d+/.test(openapi)) return { version: "3.0" };
  if (typeof openapi === "string" && /^3\.1\.\d+/.test(openapi)) return { version: "3.1" };
  if (record.swagger !== undefined) {
    return {
      diagnostic: {
        code: "APIGEN_UNSUPPORTED_VERSION",
        severity: "error",
        message: `Swagger ${String(record.swagger)} documents are not read yet`,
        pointer: "#/swagger",
        position: source.positionOf(["swagger"]),
        help: "Convert the document to OpenAPI 3.0 (e.g. with swagger2openapi) and generate from that.",
      },
    };
  }
  return {
    diagnostic: {
      code: openapi === undefined ? "APIGEN_NOT_OPENAPI" : "APIGEN_UNSUPPORTED_VERSION",
      severity: "error",
      message:
        openapi === undefined
          ? "this document is not an OpenAPI description: it has no top-level `openapi` field"
          : `unsupported OpenAPI version ${JSON.stringify(openapi)}`,
      pointer: openapi === undefined ? "" : "#/openapi",
      position: source.positionOf(openapi === undefined ? [] : ["openapi"]),
      help: "apigen reads OpenAPI 3.0.x and 3.1.x documents (`openapi: 3.1.0` at the top level).",
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
      diagnostics.push({
        code: "APIGEN_REF_NOT_FOUND",
        severity: "error",
        message: `$ref ${JSON.stringify(ref)} points at nothing`,
        pointer: toPointer([...tokens, "$ref"]),
        position: source.positionOf([...tokens, "$ref"]),
        help: "Point the $ref at an existing component, e.g. '#/components/schemas/Name', or add the missing component.",
      });
    }
  });
  return diagnostics;
}

function externalRefFromStdin(source: SourceText): Diagnostic {
  return {
    code: "APIGEN_EXTERNAL_REF_FROM_STDIN",
    severity: "error",
    message: "a spec read from standard input cannot $ref other files",
    pointer: "",
    position: { file: source.file, line: 1, column: 1 },
    help: "Pass the spec's path instead of -, so that relative $refs resolve against its folder.",
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
