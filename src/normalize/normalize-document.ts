import type { ApiDocument } from "../ir/document.js";
import type { SecurityScheme } from "../ir/operation.js";
import { escapePointerToken } from "../load/json-pointer.js";
import type { LoadedSpec } from "../load/load-spec.js";
import { isObject, NormalizeContext, type RawObject } from "./context.js";
import { detectPagination } from "./detect-pagination.js";
import { normalizeOperations } from "./normalize-operations.js";
import { normalizeSchema } from "./normalize-schema.js";
import { keepBinaryOnBytes } from "./binary-bytes.js";
import { checkSecurityRequirements } from "./security-requirements.js";

/**
 * Builds the IR from a loaded document. After this stage nothing reads the raw document:
 * 3.0 and 3.1 spellings are erased and every schema $ref target is a named component.
 */
export function normalizeDocument(spec: LoadedSpec): { api: ApiDocument; diagnostics: NormalizeContext["diagnostics"] } {
  const doc = spec.document;
  const ctx = new NormalizeContext(doc, spec.version, spec.source);
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  // Every declared component schema is emitted, in spec order, whether or not anything uses it.
  for (const name of Object.keys(schemas)) ctx.componentFor(`#/components/schemas/${escapePointerToken(name)}`);

  const operations = normalizeOperations(ctx, doc.paths, "paths");
  const webhooks = normalizeOperations(ctx, doc.webhooks, "webhooks");

  for (let id = ctx.nextPending(); id !== undefined; id = ctx.nextPending()) {
    const tokens = id.split("/");
    const specName = (tokens[tokens.length - 1] ?? id).replace(/~1/g, "/").replace(/~0/g, "~");
    ctx.setComponent({ id, specName: nameForTarget(id, specName), schema: normalizeSchema(ctx, ctx.resolveRaw(id), id) });
  }

  // Pagination is recognised from response shapes, so only once every component is normalised.
  for (const op of operations) {
    const raw = ctx.resolveRaw(op.pointer);
    if (isObject(raw)) op.pagination = detectPagination(ctx, raw, op);
  }

  const info: RawObject = isObject(doc.info) ? doc.info : {};
  const api: ApiDocument = {
    sourceVersion: spec.version,
    title: typeof info.title === "string" ? info.title : "API",
    version: typeof info.version === "string" ? info.version : "0.0.0",
    description: typeof info.description === "string" ? info.description : undefined,
    license: licenseOf(info.license),
    servers: (Array.isArray(doc.servers) ? doc.servers : [])
      .filter(isObject)
      .filter((s) => typeof s.url === "string")
      .map((s) => ({ url: s.url as string, description: typeof s.description === "string" ? s.description : undefined, variables: serverVariables(s.variables) })),
    schemas: ctx.allComponents(),
    operations,
    webhooks,
    securitySchemes: normalizeSecuritySchemes(components.securitySchemes),
  };
  keepBinaryOnBytes(api);
  checkSecurityRequirements(ctx, api);
  return { api, diagnostics: ctx.diagnostics };
}

/**
 * A $ref into the middle of something (`#/components/schemas/Pet/properties/owner`, or a path
 * that the bundler chose) is named after the nearest meaningful tokens, e.g. `PetOwner`.
 */
function nameForTarget(id: string, last: string): string {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(id);
  if (match) return last;
  const skip = new Set(["#", "components", "schemas", "properties", "items", "schema", "content", "paths", "allOf", "oneOf", "anyOf", "additionalProperties", "application~1json"]);
  const words = id.split("/").filter((t) => !skip.has(t) && !/^\d+$/.test(t));
  return words.slice(-2).join("_") || last;
}

function normalizeSecuritySchemes(raw: unknown): SecurityScheme[] {
  if (!isObject(raw)) return [];
  return Object.keys(raw).flatMap((name): SecurityScheme[] => {
    const s = raw[name];
    if (!isObject(s) || typeof s.type !== "string") return [];
    return [
      {
        name,
        type: s.type as SecurityScheme["type"],
        scheme: typeof s.scheme === "string" ? s.scheme.toLowerCase() : undefined,
        bearerFormat: typeof s.bearerFormat === "string" ? s.bearerFormat : undefined,
        in: s.in === "query" || s.in === "header" || s.in === "cookie" ? s.in : undefined,
        parameterName: typeof s.name === "string" ? s.name : undefined,
        description: typeof s.description === "string" ? s.description : undefined,
        flows: isObject(s.flows) ? Object.keys(s.flows) : undefined,
      },
    ];
  });
}

function serverVariables(raw: unknown): Record<string, string> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(raw)) if (isObject(v) && typeof v.default === "string") out[name] = v.default;
  return out;
}

function licenseOf(raw: unknown): ApiDocument["license"] {
  if (!isObject(raw) || typeof raw.name !== "string" || raw.name.trim() === "") return undefined;
  return {
    name: raw.name,
    ...(typeof raw.identifier === "string" ? { identifier: raw.identifier } : {}),
    ...(typeof raw.url === "string" ? { url: raw.url } : {}),
  };
}
