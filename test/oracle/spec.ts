/**
 * The oracle reads a spec with apigen's own pipeline (dist/: load, then normalize to the IR) so
 * its arbitraries follow the same reading of the spec as the generator, and keeps the loaded
 * document (every $ref local) for the independent validator (ajv) and for sampled sub-specs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ApiDocument } from "../../src/ir/document.js";
import type { Operation } from "../../src/ir/operation.js";
import type { SchemaNode } from "../../src/ir/schema.js";
import { REPO } from "../helpers/paths.js";

export interface OracleSpec {
  file: string;
  api: ApiDocument;
  /** The loaded document: external refs inlined, Swagger 2.0 converted. */
  document: Record<string, any>;
  version: "3.0" | "3.1";
  /** Component schema nodes by id (`#/components/schemas/Pet`). */
  schemas: Map<string, SchemaNode>;
}

export async function loadOracleSpec(file: string): Promise<OracleSpec> {
  const dist = (p: string) => pathToFileURL(path.join(REPO, "dist", p)).href;
  const { loadSpec } = await import(dist("load/load-spec.js"));
  const { normalizeDocument } = await import(dist("normalize/normalize-document.js"));
  const loaded = await loadSpec(file);
  if (!loaded.spec) throw new Error(`${file} does not load: ${JSON.stringify(loaded.diagnostics).slice(0, 500)}`);
  const { api } = normalizeDocument(loaded.spec) as { api: ApiDocument };
  return { file, api, document: loaded.spec.document, version: loaded.spec.version, schemas: new Map(api.schemas.map((s) => [s.id, s.schema])) };
}

/** A seeded pseudo-random generator (mulberry32), for sampling operations reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` operations picked with the seed (all of them when there are no more), in spec order. */
export function sampleOperations(ops: Operation[], count: number, seed: number): Operation[] {
  if (ops.length <= count) return ops;
  const random = seededRandom(seed);
  const indexes = ops.map((_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => ops[i]!);
}

/**
 * Writes a copy of the loaded document that keeps only the given operations (and every
 * component), so a large spec's sample generates and compiles in seconds. Returns its path.
 */
export function writeSubSpec(spec: OracleSpec, ops: Operation[], file: string): string {
  const doc = structuredClone(spec.document);
  const keep = new Set(ops.map((o) => `${o.method} ${o.path}`));
  const paths: Record<string, any> = {};
  for (const [p, item] of Object.entries<any>(doc.paths ?? {})) {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [key, value] of Object.entries(item ?? {})) {
      if (["get", "put", "post", "delete", "options", "head", "patch", "trace"].includes(key)) {
        if (keep.has(`${key} ${p}`)) {
          out[key] = value;
          any = true;
        }
      } else out[key] = value;
    }
    if (any) paths[p] = out;
  }
  doc.paths = paths;
  delete doc.webhooks;
  delete doc["x-webhooks"];
  pruneComponents(doc);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Keeps only the components the paths reach through `$ref` (and every security scheme). */
function pruneComponents(doc: Record<string, any>): void {
  const components = doc.components;
  if (!components || typeof components !== "object") return;
  const reached = new Set<string>();
  const queue: unknown[] = [doc.paths];
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) {
        const [kind, name] = value.slice("#/components/".length).split("/");
        const id = `${kind}/${name}`;
        if (kind && name && !reached.has(id)) {
          reached.add(id);
          queue.push(components[kind]?.[decodeToken(name)]);
        }
      } else visit(value);
    }
  };
  while (queue.length) visit(queue.shift());
  for (const [kind, group] of Object.entries<any>(components)) {
    if (kind === "securitySchemes" || !group || typeof group !== "object") continue;
    for (const name of Object.keys(group)) if (!reached.has(`${kind}/${encodeToken(name)}`) && !reached.has(`${kind}/${name}`)) delete group[name];
  }
}

function decodeToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
}

function encodeToken(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}
