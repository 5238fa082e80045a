import type { ErrorObject } from "ajv";
import type { Diagnostic, SourcePosition } from "../diagnostics/diagnostic.js";
import { parsePointer, toPointer } from "./json-pointer.js";
import { SourceText } from "./source-text.js";
import { structureValidator } from "../check/validate-structure.js";
import { Swagger2PointerMap } from "./swagger2-pointer-map.js";

type Rec = Record<string, unknown>;

/** More than this many structural errors is noise: the first ones say what is wrong. */
const MAX_STRUCTURAL_DIAGNOSTICS = 25;

/**
 * The text of a Swagger 2.0 document whose converted (OpenAPI 3.0) form the rest of the pipeline
 * reads: pointers into the converted document are mapped back to the original node before a
 * position is looked up, so every later diagnostic still points into the file the user wrote.
 */
export class ConvertedSourceText extends SourceText {
  readonly pointerMap: Swagger2PointerMap;

  constructor(original: SourceText, pointerMap: Swagger2PointerMap) {
    super(original.file, original.text);
    this.pointerMap = pointerMap;
  }

  override positionOf(tokens: readonly string[], options: { key?: boolean } = {}): SourcePosition {
    return super.positionOf(this.pointerMap.toOriginal(tokens), options);
  }

  /** `#/components/schemas/Pet/properties/id` -> `#/definitions/Pet/properties/id` */
  originalPointer(pointer: string): string {
    const tokens = parsePointer(pointer);
    return tokens === undefined ? pointer : toPointer(this.pointerMap.toOriginal(tokens));
  }
}

/**
 * Validates a Swagger 2.0 document against the official 2.0 JSON schema (shipped by
 * @seriousme/openapi-schema-validator), on the document as written, so that 2.0-level mistakes
 * are reported in 2.0 terms at their own position. $refs are checked by the loader itself.
 */
export async function validateSwagger2(document: Rec, source: SourceText): Promise<Diagnostic[]> {
  const result = await (await structureValidator()).validate(document);
  // A string is the validator's own $ref check (external files are not resolved here): the
  // loader checks $refs itself, with positions.
  if (result.valid || typeof result.errors === "string") return [];
  return mostSpecificErrors(result.errors ?? [])
    .slice(0, MAX_STRUCTURAL_DIAGNOSTICS)
    .map((error) => toDiagnostic(error, source));
}

export interface Converted {
  document?: Rec;
  diagnostics: Diagnostic[];
}

/**
 * Converts a (bundled) Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi, patching what
 * it can patch. What it cannot convert losslessly it reports as warnings (x-s2o-warning), which
 * become diagnostics at the original position; a conversion failure is an error diagnostic.
 */
export async function convertSwagger2(bundled: Rec, source: SourceText): Promise<Converted> {
  // Loaded only for 2.0 documents: the converter is CommonJS and adds String.prototype.toCamelCase.
  const { default: s2o } = await import("swagger2openapi");
  let openapi: Rec;
  // When its conversion throws, swagger2openapi prints the stack with console.warn before it
  // rejects; the rejection becomes a diagnostic here, so that print is held back.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const result = await s2o.convertObj(structuredClone(bundled) as never, {
      patch: true,
      warnOnly: true,
      resolve: false,
      anchors: true,
      // Set so the converter does not serialise the whole document to YAML for nothing.
      text: "-",
    });
    openapi = result.openapi as unknown as Rec;
  } catch (e) {
    return {
      diagnostics: [
        {
          code: "APIGEN_SWAGGER2_CONVERSION",
          severity: "error",
          message: `this Swagger 2.0 document cannot be converted to OpenAPI 3.0 (swagger2openapi: ${((e as Error).message ?? String(e)).split("\n")[0]})`,
          pointer: "",
          position: source.positionOf([]),
          help: "Fix the problem named above in the 2.0 document, or convert it to OpenAPI 3 yourself and generate from that.",
        },
      ],
    };
  } finally {
    console.warn = warn;
  }
  const map = new Swagger2PointerMap(bundled, openapi);
  const diagnostics: Diagnostic[] = [];
  walkObjects(openapi, (node, tokens) => {
    for (const key of Object.keys(node)) {
      if (!key.startsWith("x-s2o-")) continue;
      if (key === "x-s2o-warning") {
        const original = map.toOriginal(tokens);
        diagnostics.push({
          code: "APIGEN_SWAGGER2_CONVERSION",
          severity: "warning",
          message: `converting to OpenAPI 3.0: ${String(node[key])}`,
          pointer: toPointer(original),
          position: source.positionOf(original),
          help: "The converted document may not say exactly what the 2.0 document meant here; check the generated code for this part.",
        });
      }
      delete node[key];
    }
  });
  diagnostics.sort((a, b) => a.position!.line - b.position!.line || a.position!.column - b.position!.column);
  return { document: openapi, diagnostics };
}

function walkObjects(root: unknown, visit: (node: Rec, tokens: string[]) => void): void {
  // Parent links rather than copied paths (linear in depth); paths are built only where visited.
  interface Entry {
    node: object;
    key: string;
    parent: Entry | undefined;
  }
  const tokensOf = (entry: Entry): string[] => {
    const tokens: string[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) tokens.push(e.key);
    return tokens.reverse();
  };
  if (root === null || typeof root !== "object") return;
  const stack: Entry[] = [{ node: root, key: "", parent: undefined }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (seen.has(entry.node)) continue;
    seen.add(entry.node);
    if (!Array.isArray(entry.node) && Object.keys(entry.node).some((k) => k.startsWith("x-s2o-"))) visit(entry.node as Rec, tokensOf(entry));
    for (const [key, value] of Object.entries(entry.node)) {
      if (value !== null && typeof value === "object") stack.push({ node: value as object, key, parent: entry });
    }
  }
}

/**
 * Keeps the deepest errors and drops the oneOf/anyOf summaries (as the 3.x structural check does).
 * The 2.0 schema tells parameter kinds apart by `in`, so a query parameter with a bad `pattern`
 * also fails the `in` enum of every other kind: an enum error is dropped when an error elsewhere
 * inside the same object shows which alternative was meant. Enum errors left at one place merge.
 */
function mostSpecificErrors(errors: ErrorObject[]): ErrorObject[] {
  const summarising = new Set(["oneOf", "anyOf", "if", "then", "else", "not", "$ref"]);
  const leaves = errors.filter((e) => !summarising.has(e.keyword));
  const candidates = leaves.length > 0 ? leaves : errors;
  const deepest = candidates.filter((e) => !candidates.some((other) => other !== e && other.instancePath.startsWith(e.instancePath + "/")));
  const isEnum = (e: ErrorObject) => e.keyword === "enum" || e.keyword === "const";
  const meant = deepest.filter((e) => {
    if (!isEnum(e)) return true;
    const parent = e.instancePath.slice(0, e.instancePath.lastIndexOf("/"));
    return !deepest.some((o) => !isEnum(o) && o.instancePath.startsWith(parent + "/") && o.instancePath !== e.instancePath && !o.instancePath.startsWith(e.instancePath + "/"));
  });
  const seen = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of meant) {
    if (e.keyword === "enum") {
      const earlier = seen.get(`${e.instancePath}|enum`);
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      if (earlier) {
        const params = earlier.params as { allowedValues: unknown[] };
        for (const v of allowed) if (!params.allowedValues.some((w) => JSON.stringify(w) === JSON.stringify(v))) params.allowedValues.push(v);
        continue;
      }
      const copy = { ...e, params: { allowedValues: [...allowed] } };
      seen.set(`${e.instancePath}|enum`, copy);
      out.push(copy);
      continue;
    }
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.set(key, e);
    out.push(e);
  }
  return out;
}

function toDiagnostic(error: ErrorObject, source: SourceText): Diagnostic {
  const tokens = parsePointer(error.instancePath) ?? [];
  const params = error.params as Record<string, unknown>;
  let message = `${error.instancePath || "document"} ${error.message ?? "is invalid"}`;
  let keyTokens = tokens;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message = `unexpected property ${JSON.stringify(params.additionalProperty)} at ${error.instancePath || "the top level"}`;
    keyTokens = [...tokens, params.additionalProperty];
  } else if (error.keyword === "required" && typeof params.missingProperty === "string") {
    message = `${error.instancePath || "the document"} is missing the required property ${JSON.stringify(params.missingProperty)}`;
  } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message = `${error.instancePath || "document"} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return {
    code: "APIGEN_INVALID_DOCUMENT",
    severity: "error",
    message,
    pointer: toPointer(keyTokens),
    position: source.positionOf(keyTokens, { key: keyTokens !== tokens }),
    help: `The document does not match the Swagger 2.0 schema (rule: ${error.keyword}).`,
  };
}
