/**
 * The independent judge: ajv 8 (+ ajv-formats) over the spec's own schemas, not apigen's IR or
 * zod. OpenAPI 3.1 schemas are JSON Schema 2020-12 (Ajv2020); 3.0 schemas are converted to
 * draft-07 first (`nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`). Every request the
 * oracle sends is judged here too, and the server's verdict compared with this one.
 */
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Operation, Parameter } from "../../src/ir/operation.js";
import type { OracleInput } from "./arbitraries.js";
import { LOCATION_KEY } from "./arbitraries.js";
import type { OracleSpec } from "./spec.js";

const addFormats = addFormatsModule as unknown as (ajv: unknown) => void;

export interface Verdict {
  ok: boolean;
  /** ajv's errors as `/location/...` pointers with messages. */
  errors: { pointer: string; message: string; schemaPath?: string }[];
}

/** Thrown by judge() when ajv cannot compile a schema it needs. */
export class Unjudged extends Error {}

export class SpecValidator {
  private readonly ajv: Ajv | Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly spec: OracleSpec) {
    // Patterns as apigen compiles them: in unicode mode when they are valid there, else without flags.
    const regExp = Object.assign((pattern: string, flags: string) => {
      try {
        return new RegExp(pattern, flags);
      } catch {
        return new RegExp(pattern, flags.replace("u", ""));
      }
    }, { code: "new RegExp" });
    const options = { strict: false, allErrors: true, validateSchema: false, logger: false, unicodeRegExp: true, code: { regExp } } as const;
    this.ajv = spec.version === "3.1" ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.ajv);
    // 3.1 documents still meet draft-04 boolean exclusiveMinimum/Maximum (invalid there, and ajv
    // refuses to compile them): read as 3.0 does, the way apigen reads them.
    const doc = convert30(structuredClone(spec.document), spec.version === "3.0");
    // Only requests are judged: OpenAPI's readOnly rule (a required readOnly property is
    // required in responses only) is not JSON Schema's, so it is applied to the document here.
    requestView(doc, doc);
    this.ajv.addSchema({ ...doc, $id: "oracle:spec" }, "oracle:spec");
  }

  /** Judges an input of an operation: every generated parameter location, and the body. */
  judge(op: Operation, params: Parameter[], input: OracleInput, body: { pointer: string; required: boolean } | undefined): Verdict {
    const bodyPointer = body?.pointer;
    const errors: Verdict["errors"] = [];
    for (const loc of ["path", "query", "header", "cookie"] as const) {
      const ofLoc = params.filter((p) => p.in === loc);
      if (!ofLoc.length) continue;
      const key = LOCATION_KEY[loc];
      const validate = this.compile(`${op.method} ${op.path} ${loc}`, () => ({
        type: "object",
        properties: Object.fromEntries(ofLoc.map((p) => [p.name, ref(p.schema.pointer)])),
        required: ofLoc.filter((p) => p.required || p.in === "path").map((p) => p.name),
      }));
      if (!validate(jsonOnly(input[key]))) errors.push(...(validate.errors ?? []).map((e) => ({ pointer: `/${key}${e.instancePath}`, message: `${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`, schemaPath: e.schemaPath })));
    }
    if (bodyPointer !== undefined && input.body !== undefined) {
      const validate = this.compile(bodyPointer, () => ref(bodyPointer));
      if (!validate(jsonOnly(input.body))) errors.push(...(validate.errors ?? []).map((e) => ({ pointer: `/body${e.instancePath}`, message: `${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`, schemaPath: e.schemaPath })));
    }
    if (body?.required && input.body === undefined) errors.push({ pointer: "/body", message: "the request body is required" });
    return { ok: errors.length === 0, errors };
  }

  private compile(key: string, schema: () => object): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      try {
        validate = this.ajv.compile(schema());
      } catch (e) {
        // A schema ajv cannot compile is not judged (counted as unjudged by the oracle).
        const message = `ajv cannot compile the schema: ${(e as Error).message}`;
        validate = Object.assign(() => {
          throw new Unjudged(message);
        }, { errors: null }) as unknown as ValidateFunction;
      }
      this.cache.set(key, validate);
    }
    return validate;
  }
}

function ref(pointer: string): { $ref: string } {
  const fragment = pointer.replace(/^#/, "").split("/").map((t) => encodeURIComponent(t)).join("/");
  return { $ref: `oracle:spec#${fragment}` };
}

/** Blobs (multipart files) as the strings a JSON Schema `format: binary` describes. */
function jsonOnly(value: unknown): unknown {
  if (value instanceof Blob) return "<binary>";
  if (Array.isArray(value)) return value.map(jsonOnly);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonOnly(v)]));
  return value;
}

/** OpenAPI 3.0 schema dialect to draft-07, in place, everywhere but examples. */
export function convert30(node: any, nullable = true): any {
  if (Array.isArray(node)) {
    for (const item of node) convert30(item, nullable);
    return node;
  }
  if (!node || typeof node !== "object") return node;
  for (const [key, value] of Object.entries(node)) if (key !== "example" && key !== "examples" && key !== "default" && key !== "enum" && key !== "const") convert30(value, nullable);
  if (node.exclusiveMinimum === true && typeof node.minimum === "number") {
    node.exclusiveMinimum = node.minimum;
    delete node.minimum;
  } else if (typeof node.exclusiveMinimum === "boolean") delete node.exclusiveMinimum;
  if (node.exclusiveMaximum === true && typeof node.maximum === "number") {
    node.exclusiveMaximum = node.maximum;
    delete node.maximum;
  } else if (typeof node.exclusiveMaximum === "boolean") delete node.exclusiveMaximum;
  if (nullable && node.nullable === true) {
    delete node.nullable;
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    if (typeof node.type === "string") node.type = [node.type, "null"];
    else if (node.type === undefined && (node.$ref || node.allOf || node.oneOf || node.anyOf)) {
      const inner = { ...node };
      for (const k of Object.keys(node)) delete node[k];
      node.anyOf = [inner, { type: "null" }];
    }
  }
  return node;
}

/** A local `$ref`'s target in the document. */
function lookup(doc: any, ref: string): any {
  if (!ref.startsWith("#/")) return undefined;
  let node = doc;
  for (const token of ref.slice(2).split("/")) node = node?.[decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~")];
  return node;
}

/** Drops readOnly properties from every `required` list, in place (the request view of the schemas). */
export function requestView(node: any, doc: any, seen = new Set<unknown>()): void {
  if (!node || typeof node !== "object" || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) requestView(item, doc, seen);
    return;
  }
  if (Array.isArray(node.required) && node.properties && typeof node.properties === "object") {
    node.required = node.required.filter((name: string) => {
      let prop = node.properties[name];
      for (let i = 0; i < 8 && prop && prop.readOnly !== true && typeof prop.$ref === "string"; i++) prop = lookup(doc, prop.$ref);
      return !(prop && prop.readOnly === true);
    });
  }
  for (const [key, value] of Object.entries(node)) if (key !== "example" && key !== "examples") requestView(value, doc, seen);
}
