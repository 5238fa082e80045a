/**
 * Invalid mutations of a valid input, each with the request pointer a 400 problem must name:
 * a wrong type, a missing required field, an extra field where `additionalProperties: false`,
 * a number out of range, a value outside the enum, a string over maxLength.
 */
import type { Parameter } from "../../src/ir/operation.js";
import type { SchemaNode } from "../../src/ir/schema.js";
import { includedProperties, isRecord, LOCATION_KEY, mergeObjects, type OracleInput, resolve } from "./arbitraries.js";

export type MutationKind = "wrong-type" | "missing-required" | "extra-field" | "above-maximum" | "below-minimum" | "bad-enum" | "over-max-length" | "missing-body";

export interface Mutation {
  kind: MutationKind;
  /** The pointer the 400 problem must name (`/query/limit`, `/body/items/0/quantity`). */
  pointer: string;
  apply(input: OracleInput): OracleInput;
}

const escape = (token: string | number) => String(token).replace(/~/g, "~0").replace(/\//g, "~1");

/** Every mutation site of an input, parameters first, then the body. */
export function mutationSites(params: Parameter[], input: OracleInput, schemas: Map<string, SchemaNode>, body: { schema: SchemaNode; contentType: string; required: boolean } | undefined): Mutation[] {
  const sites: Mutation[] = [];
  for (const p of params) {
    const key = LOCATION_KEY[p.in];
    const pointer = `/${key}/${escape(p.name)}`;
    const set = (value: unknown) => (i: OracleInput) => ({ ...i, [key]: { ...i[key], [p.name]: value } });
    const present = input[key][p.name] !== undefined;
    if (p.required && p.in !== "path" && present) sites.push({ kind: "missing-required", pointer, apply: (i) => ({ ...i, [key]: withoutKey(i[key], p.name) }) });
    if (p.contentType) continue;
    const target = resolve(p.schema, schemas);
    for (const leaf of leafMutations(target, true)) sites.push({ kind: leaf.kind, pointer, apply: set(leaf.value) });
    // One level into arrays and objects (exploded or deepObject styles): the item or property.
    const value = input[key][p.name];
    if (target.kind === "array" && Array.isArray(value) && value.length) {
      for (const leaf of leafMutations(resolve(target.items, schemas), true)) sites.push({ kind: leaf.kind, pointer: `${pointer}/0`, apply: set([leaf.value, ...value.slice(1)]) });
    }
    if (target.kind === "object" && isRecord(value)) {
      for (const prop of target.properties) {
        if (value[prop.name] === undefined) continue;
        for (const leaf of leafMutations(resolve(prop.schema, schemas), true)) sites.push({ kind: leaf.kind, pointer: `${pointer}/${escape(prop.name)}`, apply: set({ ...value, [prop.name]: leaf.value }) });
      }
      if (target.additionalProperties === false) sites.push({ kind: "extra-field", pointer: `${pointer}/oracleExtra`, apply: set({ ...value, oracleExtra: "x" }) });
    }
  }
  if (body) {
    const form = !/json/i.test(body.contentType);
    if (body.required && input.body !== undefined) sites.push({ kind: "missing-body", pointer: "/body", apply: (i) => withoutKey(i, "body") as unknown as OracleInput });
    if (input.body !== undefined) walkBody(body.schema, input.body, [], schemas, form, sites, 0);
  }
  return sites;
}

function withoutKey<T extends object>(o: T, key: string): T {
  const { [key]: _, ...rest } = o as Record<string, unknown>;
  return rest as T;
}

/** Replacement values that break a scalar schema, with their kind. `wire`: the value travels as text. */
function leafMutations(node: SchemaNode, wire: boolean): { kind: MutationKind; value: unknown }[] {
  const out: { kind: MutationKind; value: unknown }[] = [];
  switch (node.kind) {
    case "integer":
    case "number": {
      out.push({ kind: "wrong-type", value: "oracle" });
      const max = node.exclusiveMaximum ?? node.maximum;
      if (max !== undefined && Number.isFinite(max) && Math.abs(max) < 1e15) out.push({ kind: "above-maximum", value: node.exclusiveMaximum !== undefined ? node.exclusiveMaximum : node.kind === "integer" ? Math.floor(max) + 1 : max + 1 });
      const min = node.exclusiveMinimum ?? node.minimum;
      if (min !== undefined && Number.isFinite(min) && Math.abs(min) < 1e15) out.push({ kind: "below-minimum", value: node.exclusiveMinimum !== undefined ? node.exclusiveMinimum : node.kind === "integer" ? Math.ceil(min) - 1 : min - 1 });
      break;
    }
    case "boolean":
      out.push({ kind: "wrong-type", value: wire ? "maybe" : "true" });
      break;
    case "string":
      if (node.binary) break;
      if (!wire) out.push({ kind: "wrong-type", value: 12345 });
      if (node.maxLength !== undefined && node.maxLength < 2000 && !node.format && node.pattern === undefined) out.push({ kind: "over-max-length", value: "a".repeat(node.maxLength + 1) });
      break;
    case "enum":
      if (node.values.every((v) => typeof v === "string") || wire) out.push({ kind: "bad-enum", value: "zz-oracle" });
      break;
    case "const":
      if (typeof node.value === "string") out.push({ kind: "bad-enum", value: `${node.value}-zz-oracle` });
      break;
  }
  return out;
}

function setAt(value: unknown, path: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (!path.length) return replace(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replace) : v));
  if (isRecord(value)) return { ...value, [head!]: setAt(value[head as string], rest, replace) };
  return value;
}

const DELETE = Symbol("delete");
function applyAt(path: (string | number)[], replace: (old: unknown) => unknown) {
  return (i: OracleInput): OracleInput => {
    if (!path.length) return { ...i, body: replace(i.body) };
    const parentPath = path.slice(0, -1);
    const last = path[path.length - 1]!;
    const body = setAt(i.body, parentPath, (parent) => {
      const next = replace(isRecord(parent) || Array.isArray(parent) ? (parent as any)[last] : undefined);
      if (Array.isArray(parent)) return parent.map((v, k) => (k === last ? next : v));
      if (!isRecord(parent)) return parent;
      if (next === DELETE) return withoutKey(parent, String(last));
      return { ...parent, [last]: next };
    });
    return { ...i, body };
  };
}

function walkBody(node: SchemaNode, value: unknown, path: (string | number)[], schemas: Map<string, SchemaNode>, form: boolean, sites: Mutation[], depth: number): void {
  if (depth > 12 || value === null) return;
  let target = resolve(node, schemas);
  if (target.kind === "intersection") target = mergeObjects(target.members, schemas) ?? target;
  const pointer = `/body${path.map((t) => `/${escape(t)}`).join("")}`;
  if (target.kind === "object" && isRecord(value)) {
    for (const p of includedProperties(target, { schemas, direction: "request" })) {
      if (!(p.name in value) || value[p.name] === undefined) continue;
      const child = [...path, p.name];
      if (p.required) sites.push({ kind: "missing-required", pointer: `${pointer}/${escape(p.name)}`, apply: applyAt(child, () => DELETE) });
      if (form && depth > 0) continue;
      walkBody(p.schema, value[p.name], child, schemas, form, sites, depth + 1);
    }
    if (target.additionalProperties === false && !form) sites.push({ kind: "extra-field", pointer: `${pointer}/oracleExtra`, apply: applyAt([...path, "oracleExtra"], () => "unexpected") });
    return;
  }
  if (target.kind === "array" && Array.isArray(value)) {
    value.slice(0, 2).forEach((item, i) => walkBody(target.kind === "array" ? target.items : target, item, [...path, i], schemas, form, sites, depth + 1));
    return;
  }
  if (target.kind === "union") {
    // Only a discriminated union says which variant an error belongs to; elsewhere a broken
    // value may still match another variant, so the oracle mutates nothing inside it.
    const d = target.discriminator;
    if (!d || !isRecord(value)) return;
    const chosen = d.mapping.find((m) => m.value === value[d.propertyName]);
    if (!chosen) return;
    sites.push({ kind: "bad-enum", pointer: `${pointer}/${escape(d.propertyName)}`, apply: applyAt([...path, d.propertyName], () => "zz-oracle") });
    walkBody({ kind: "ref", target: chosen.target, pointer: "", nullable: false }, value, path, schemas, form, sites, depth + 1);
    return;
  }
  if (form && depth > 1) return;
  for (const leaf of leafMutations(target, form)) {
    if (d_isTag(sites, pointer)) continue;
    sites.push({ kind: leaf.kind, pointer, apply: applyAt(path, () => leaf.value) });
  }
}

/** The discriminator tag already has its own mutation (a tag's const/enum would repeat it). */
function d_isTag(sites: Mutation[], pointer: string): boolean {
  return sites.some((s) => s.pointer === pointer && s.kind === "bad-enum");
}
