import type { Validator } from "@seriousme/openapi-schema-validator";
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { forEachKeyed } from "../load/find-refs.js";
import { getAtPointer, parsePointer, toPointer } from "../load/json-pointer.js";
import type { LoadedSpec, OpenApiVersion } from "../load/load-spec.js";
import { recoveryOf } from "./recoverable.js";
import { reduceErrors } from "./reduce-errors.js";
import type { ValidationMode } from "./validation-mode.js";

/** More than this many structural errors is noise: the first ones say what is wrong. */
const MAX_STRUCTURAL_DIAGNOSTICS = 25;

/**
 * Validates the document against the official OpenAPI 3.0 / 3.1 / 3.2 JSON schemas (through
 * @seriousme/openapi-schema-validator, which ships them) and turns the failures into
 * diagnostics with source positions.
 */
export async function validateStructure(spec: LoadedSpec): Promise<Diagnostic[]> {
  return structuralDiagnostics(await structuralErrors(spec.document, spec.version), spec);
}

/** What the validator says of a document: nothing, its errors, or one message. Plain data (it may cross threads). */
export type StructuralErrors = ErrorObject[] | string | undefined;

/**
 * The validator structuralErrors uses: one instance compiles each OpenAPI version's schema once.
 * Imported on first use: the validator and ajv take 90 ms to load, which a run whose check is
 * in a worker (every big spec) would otherwise pay on its main thread too, and `--version` for nothing.
 */
export async function structureValidator(): Promise<Validator> {
  const { Validator } = await import("@seriousme/openapi-schema-validator");
  return new Validator({ allErrors: true });
}

/** Runs the validator; needs only the document, so it can run in a worker thread (check/structure-worker.ts). */
export async function structuralErrors(document: unknown, version: OpenApiVersion, validator?: Validator): Promise<StructuralErrors> {
  const checker = validator ?? (await structureValidator());
  const schemaOnly = schemaValidatorFor(checker, document, version);
  if (schemaOnly) return schemaOnly(document) ? undefined : ((schemaOnly.errors ?? []) as StructuralErrors);
  const result = await checker.validate(document as Parameters<Validator["validate"]>[0]);
  return result.valid ? undefined : (result.errors as StructuralErrors) ?? [];
}

/**
 * The validator's JSON-schema check alone, for a document its `validate` would only add its own
 * $ref walk to: that walk (0.6 s on GitHub's spec, a deep copy and every $ref resolved again)
 * answers either "Can't resolve", which the loader has already said with positions (and which
 * structuralDiagnostics drops), or a `$id`/`$anchor`/`$dynamicAnchor` defined twice, which only a
 * document that has such keys can be. Such a document, and any version the validator does not
 * know, goes through `validate` as a whole. Undefined when the validator lacks the method (another
 * version of the library): `validate` then does it all.
 */
function schemaValidatorFor(validator: Validator, document: unknown, version: OpenApiVersion): ((data: unknown) => boolean) & { errors?: unknown } | undefined {
  const compile = (validator as unknown as { getAjvValidator?: (version: string) => ((data: unknown) => boolean) & { errors?: unknown } }).getAjvValidator;
  if (typeof compile !== "function" || !(validator.constructor as typeof Validator).supportedVersions.has(version) || hasAnchorKeys(document)) return undefined;
  return compile.call(validator, version);
}

const ANCHOR_KEYS = new Set(["$id", "$anchor", "$dynamicAnchor"]);

/** Whether any object in the document has a key the validator's $ref walk checks for duplicates. */
function hasAnchorKeys(root: unknown): boolean {
  let found = false;
  forEachKeyed(root, ANCHOR_KEYS, () => (found = true));
  return found;
}

/**
 * The validator's errors as diagnostics with source positions. At most MAX_STRUCTURAL_DIAGNOSTICS
 * of those that stop the run in this validation mode; under "warn" the recovered ones are counted
 * apart, so that many recovered mistakes can never push an unrecovered one past the cap.
 */
export function structuralDiagnostics(errors: StructuralErrors, spec: LoadedSpec, mode: ValidationMode = "strict"): Diagnostic[] {
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
  const out: Diagnostic[] = [];
  let stopping = 0;
  let recovered = 0;
  for (const error of reduceErrors(errors, spec.document)) {
    const recovers = mode === "warn" && recoveryOf(error, parsePointer(error.instancePath) ?? [], spec.document, spec.version) !== undefined;
    if ((recovers ? recovered++ : stopping++) < MAX_STRUCTURAL_DIAGNOSTICS) out.push(toDiagnostic(error, spec));
  }
  return out;
}

/**
 * The normaliser checks schema keywords that the 3.1 schema lets through (`type: 12`); in a 3.0
 * document the structural check has already said the same thing at the same place. One mistake,
 * one error: the normaliser's restatement goes.
 */
export function withoutRestated(structural: readonly Diagnostic[], normalized: readonly Diagnostic[]): Diagnostic[] {
  // Whatever the mode made of them (errors, or warnings under "warn").
  const reported = new Set(structural.filter((d) => d.code === "APIGEN_INVALID_DOCUMENT").map((d) => d.pointer));
  return normalized.filter((d) => !(d.severity === "error" && d.code === "APIGEN_INVALID_SCHEMA" && reported.has(d.pointer)));
}

function toDiagnostic(error: ErrorObject, spec: LoadedSpec): Diagnostic {
  const tokens = parsePointer(error.instancePath) ?? [];
  const params = error.params as Record<string, unknown>;
  const where = error.instancePath || "the document";
  let message = `${where} ${error.message ?? "is invalid"}`;
  let keyTokens = tokens;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message = `unexpected property ${JSON.stringify(params.additionalProperty)} at ${error.instancePath || "the top level"}`;
    keyTokens = [...tokens, params.additionalProperty];
  } else if (error.keyword === "unevaluatedProperties" && typeof params.unevaluatedProperty === "string") {
    message = `unexpected property ${JSON.stringify(params.unevaluatedProperty)} at ${error.instancePath || "the top level"}`;
    keyTokens = [...tokens, params.unevaluatedProperty];
  } else if (error.keyword === "required" && Array.isArray(params.oneOfMissing) && params.oneOfMissing.length > 1) {
    message = `${where} needs one of the properties ${params.oneOfMissing.map((p) => JSON.stringify(p)).join(", ")}`;
  } else if (error.keyword === "required" && typeof params.missingProperty === "string") {
    message = `${where} is missing the required property ${JSON.stringify(params.missingProperty)}`;
  } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message = `${where} is ${shown(getAtPointer(spec.document, tokens))}; OpenAPI ${spec.version} allows ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  } else if (error.keyword === "type" && params.type !== undefined) {
    message = `${where} is ${shown(getAtPointer(spec.document, tokens))}; OpenAPI ${spec.version} expects ${[params.type].flat().join(" or ")}`;
  }
  const recovery = recoveryOf(error, tokens, spec.document, spec.version);
  return {
    code: "APIGEN_INVALID_DOCUMENT",
    severity: "error",
    message,
    pointer: toPointer(keyTokens),
    position: spec.source.positionOf(keyTokens, { key: keyTokens !== tokens }),
    help: `The document does not match the OpenAPI ${spec.version} schema (rule: ${error.keyword}).`,
    ...(recovery ? { recovery } : {}),
  };
}

/** A value as the message quotes it: JSON, shortened (it comes from an untrusted spec). */
function shown(value: unknown): string {
  if (value === undefined) return "missing";
  const json = JSON.stringify(value) ?? String(value);
  if (value !== null && typeof value === "object") return Array.isArray(value) ? (json.length <= 40 ? json : "a list") : "an object";
  return json.length <= 40 ? json : `${json.slice(0, 37)}...`;
}
