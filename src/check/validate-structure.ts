import { Validator } from "@seriousme/openapi-schema-validator";
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parsePointer, toPointer } from "../load/json-pointer.js";
import type { LoadedSpec } from "../load/load-spec.js";

/** More than this many structural errors is noise: the first ones say what is wrong. */
const MAX_STRUCTURAL_DIAGNOSTICS = 25;

/**
 * Validates the document against the official OpenAPI 3.0 / 3.1 JSON schemas (through
 * @seriousme/openapi-schema-validator, which ships them) and turns the failures into
 * diagnostics with source positions.
 */
export async function validateStructure(spec: LoadedSpec): Promise<Diagnostic[]> {
  return structuralDiagnostics(await structuralErrors(spec.document), spec);
}

/** What the validator says of a document: nothing, its errors, or one message. Plain data (it may cross threads). */
export type StructuralErrors = ErrorObject[] | string | undefined;

/** Runs the validator; needs only the document, so it can run in a worker thread (check/structure-worker.ts). */
export async function structuralErrors(document: unknown): Promise<StructuralErrors> {
  const validator = new Validator({ allErrors: true });
  const result = await validator.validate(document as Parameters<Validator["validate"]>[0]);
  return result.valid ? undefined : (result.errors as StructuralErrors) ?? [];
}

/** The validator's errors as diagnostics with source positions. */
export function structuralDiagnostics(errors: StructuralErrors, spec: LoadedSpec): Diagnostic[] {
  if (errors === undefined) return [];
  // The validator's own $ref resolution trips on schemas with a property named `$ref` (Kubernetes'
  // JSONSchemaProps); the loader has already checked every $ref with positions, so this is noise.
  if (typeof errors === "string" && /^Can't resolve/.test(errors)) return [];
  if (typeof errors === "string") {
    return [
      {
        code: "APIGEN_INVALID_DOCUMENT",
        severity: "error",
        message: errors,
        pointer: "",
        position: spec.source.positionOf([]),
      },
    ];
  }
  return mostSpecificErrors(errors)
    .slice(0, MAX_STRUCTURAL_DIAGNOSTICS)
    .map((error) => toDiagnostic(error, spec));
}

/**
 * The official schemas use oneOf between "Reference" and "Schema" (and similar) everywhere, so
 * one mistake yields a cascade of errors. Keep the deepest errors, drop the combinator errors
 * that only summarise them, and drop duplicates.
 */
function mostSpecificErrors(errors: ErrorObject[]): ErrorObject[] {
  const summarising = new Set(["oneOf", "anyOf", "if", "then", "else", "not", "$ref", "$dynamicRef"]);
  const leaves = errors.filter((e) => !summarising.has(e.keyword));
  const candidates = leaves.length > 0 ? leaves : errors;
  const deepest = candidates.filter(
    (e) => !candidates.some((other) => other !== e && other.instancePath.startsWith(e.instancePath + "/")),
  );
  const seen = new Set<string>();
  return deepest.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toDiagnostic(error: ErrorObject, spec: LoadedSpec): Diagnostic {
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
    message += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return {
    code: "APIGEN_INVALID_DOCUMENT",
    severity: "error",
    message,
    pointer: toPointer(keyTokens),
    position: spec.source.positionOf(keyTokens, { key: keyTokens !== tokens }),
    help: `The document does not match the OpenAPI ${spec.version} schema (rule: ${error.keyword}).`,
  };
}
