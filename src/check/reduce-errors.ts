import type { ErrorObject } from "ajv";
import { getAtPointer, isObject, parsePointer } from "../load/json-pointer.js";
import { groupBy } from "../multimap.js";

/**
 * The official OpenAPI schemas describe most objects as alternatives (`oneOf: [Reference, Schema]`,
 * one branch per parameter location or security scheme type), and ajv reports every failing branch
 * of every alternative on the way down. This turns that into one error per mistake:
 *
 * 1. summaries (`oneOf`, `anyOf`, `if`, ...) only say that a branch below failed: dropped;
 * 2. the Reference branch: an object without `$ref` was not meant as a reference, so "missing the
 *    required property $ref" (and the Reference branch's other errors) go; an object that has
 *    `$ref` was meant as one, so only the errors about the reference are kept; an object with a
 *    key that looks like a misspelt `$ref` (`ref`) gets "missing $ref" and "unexpected property";
 * 3. a property that tells branches apart (`in`, `type`): when one branch accepts its value, the
 *    branches that rejected it were not meant, and their errors go; when none accepts it, that is
 *    the mistake: one error listing every allowed value, and the rejected branches' other
 *    requirements (path parameters need `required: true`) go;
 * 4. what is left at one place merges: `enum` errors into one list of allowed values, `type`
 *    errors into one list of types (an `enum` error, which names the values, replaces them), and
 *    "needs `schema`" / "needs `content`" from two branches of one oneOf into one "needs one of".
 *
 * Every other error is kept, however deep the others are: independent mistakes are all reported.
 * Order is the validator's (document order), so the output is deterministic.
 */
export function reduceErrors(errors: readonly ErrorObject[], document: unknown): ErrorObject[] {
  const nodeAt = (instancePath: string) => getAtPointer(document, parsePointer(instancePath) ?? []);
  let kept = errors.filter((e) => !SUMMARIES.has(e.keyword));
  kept = referenceBranch(kept, nodeAt);
  kept = discriminators(kept);
  return mergeAtSamePlace(kept);
}

const SUMMARIES = new Set(["oneOf", "anyOf", "if", "then", "else", "not", "$ref", "$dynamicRef"]);

/** An error of the official schemas' Reference object (3.0 `#/definitions/Reference`, 3.1 `$defs/reference`). */
function isReferenceError(e: ErrorObject): boolean {
  return /\/(definitions\/Reference|\$defs\/reference)\//.test(e.schemaPath);
}

/** Keys that look like a `$ref` someone misspelt: `ref`, `$Ref`, `$refs`, ` $ref`. */
const MISSPELT_REF = /^\s*[$&]?refs?\s*$/i;
function looksLikeMisspeltRef(node: unknown): boolean {
  return isObject(node) && Object.keys(node).some((k) => k !== "$ref" && MISSPELT_REF.test(k));
}

function referenceBranch(errors: ErrorObject[], nodeAt: (path: string) => unknown): ErrorObject[] {
  // Objects with a `$ref`, or a key that looks like a misspelt one: meant as references; the other
  // branches' complaints ("unexpected property $ref", "missing type") are beside the point.
  const owners = new Set(errors.filter(isReferenceError).map(ownerOf));
  const refNodes = [...owners].filter((p) => isObject(nodeAt(p)) && "$ref" in (nodeAt(p) as object));
  const misspelt = [...owners].filter((p) => !refNodes.includes(p) && looksLikeMisspeltRef(nodeAt(p)));
  return errors.filter((e) => {
    const within = (p: string) => e.instancePath === p || e.instancePath.startsWith(p + "/");
    const refNode = refNodes.find(within);
    if (refNode !== undefined) return isReferenceError(e) || e.instancePath.startsWith(refNode + "/$ref");
    const misspeltNode = misspelt.find(within);
    if (misspeltNode !== undefined) {
      const key = (e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
      return (isReferenceError(e) && e.keyword === "required") || (e.instancePath === misspeltNode && key !== undefined && MISSPELT_REF.test(key));
    }
    return !isReferenceError(e);
  });
}

/** The object a Reference error is about (its `$ref` property's error sits one level down). */
function ownerOf(e: ErrorObject): string {
  return e.instancePath.endsWith("/$ref") ? e.instancePath.slice(0, -"/$ref".length) : e.instancePath;
}

const isEnum = (e: ErrorObject) => e.keyword === "enum" || e.keyword === "const";

/** The branch an `enum` error on `<object>/<key>` belongs to: its schema path without `properties/<key>/enum`. */
function branchRoot(e: ErrorObject): string | undefined {
  const match = /^(.*\/)properties\/[^/]+\/(enum|const)$/.exec(e.schemaPath);
  return match?.[1];
}

/**
 * Whether an error comes from the branch rooted at `root`. ajv reports errors of a separately
 * compiled definition relative to it (`#/required`), so the root `#/` stands for "a separately
 * compiled branch": it claims errors outside `#/definitions/` and `#/$defs/`.
 */
function inBranch(e: ErrorObject, root: string): boolean {
  if (root === "#/") return !/^#\/(definitions|\$defs)\//.test(e.schemaPath);
  return e.schemaPath.startsWith(root);
}

/** A sibling of inline branches `P/oneOf/i/`: another index of the same oneOf (or anyOf). */
function siblingOf(e: ErrorObject, roots: string[]): boolean {
  const inline = roots.map((r) => /^(.*\/(oneOf|anyOf)\/)\d+\/$/.exec(r)?.[1]);
  if (inline.every((p) => p !== undefined)) {
    return inline.some((p) => e.schemaPath.startsWith(p!)) && !roots.some((r) => e.schemaPath.startsWith(r));
  }
  // Branches that are $refs to definitions: any other definition's error at the same object.
  return /^#\/(definitions|\$defs)\//.test(e.schemaPath) && !roots.some((r) => inBranch(e, r));
}

function discriminators(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  const byPlace = groupBy(errors.filter(isEnum), (e) => e.instancePath);
  for (const [place, enums] of byPlace) {
    const roots = [...new Set(enums.map(branchRoot))];
    // One enum (3.1 lists all values in one), or enums not on a property: nothing to tell apart.
    if (roots.length < 2 || roots.some((r) => r === undefined)) continue;
    const object = place.slice(0, place.lastIndexOf("/"));
    const underPlace = (e: ErrorObject) => e.instancePath === place || e.instancePath.startsWith(place + "/");
    const atObject = errors.filter((e) => e.instancePath === object || (e.instancePath.startsWith(object + "/") && !underPlace(e)));
    const meant = atObject.some((e) => siblingOf(e, roots as string[]));
    if (meant) {
      // A branch accepted the value and failed for another reason: that is the one meant.
      for (const e of enums) drop.add(e);
    }
    // Either way, the requirements of branches whose value did not match are beside the point.
    for (const e of atObject) if (e.instancePath === object && (roots as string[]).some((r) => inBranch(e, r))) drop.add(e);
  }
  return errors.filter((e) => !drop.has(e));
}

function mergeAtSamePlace(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const merged = new Map<string, ErrorObject>();
  const enumPlaces = new Set(errors.filter((e) => e.keyword === "enum").map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const e of errors) {
    // An enum error names the allowed values, which says more than "must be string".
    if (e.keyword === "type" && enumPlaces.has(e.instancePath)) continue;
    const xor = e.keyword === "required" ? /^(.*\/(oneOf|anyOf))\/\d+\/required$/.exec(e.schemaPath)?.[1] : undefined;
    const key = e.keyword === "enum" || e.keyword === "type" ? `${e.instancePath}|${e.keyword}` : xor ? `${e.instancePath}|xor|${xor}` : undefined;
    if (key) {
      const earlier = merged.get(key);
      if (earlier) {
        mergeParams(earlier, e);
        continue;
      }
      const copy = { ...e, params: copyParams(e) };
      merged.set(key, copy);
      out.push(copy);
      continue;
    }
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(e);
  }
  // "needs schema" alone (the other branch did not complain) stays as it was.
  return out.map((e) => (e.keyword === "required" && Array.isArray((e.params as Params).oneOfMissing) && (e.params as Params).oneOfMissing!.length < 2 ? { ...e, params: { missingProperty: (e.params as Params).missingProperty } } : e));
}

interface Params {
  allowedValues?: unknown[];
  type?: string | string[];
  missingProperty?: string;
  /** Set by the merge: properties of which one is required (two branches of a oneOf). */
  oneOfMissing?: string[];
}

function copyParams(e: ErrorObject): Params {
  const p = e.params as Params;
  if (e.keyword === "enum") return { allowedValues: [...(p.allowedValues ?? [])] };
  if (e.keyword === "type") return { type: [p.type ?? []].flat() };
  return { missingProperty: p.missingProperty, oneOfMissing: p.missingProperty === undefined ? [] : [p.missingProperty] };
}

function mergeParams(into: ErrorObject, e: ErrorObject): void {
  const to = into.params as Params;
  const from = e.params as Params;
  const add = (list: unknown[], values: unknown[]) => {
    for (const v of values) if (!list.some((w) => JSON.stringify(w) === JSON.stringify(v))) list.push(v);
  };
  if (e.keyword === "enum") add(to.allowedValues!, from.allowedValues ?? []);
  else if (e.keyword === "type") add(to.type as string[], [from.type ?? []].flat());
  else if (from.missingProperty !== undefined) add(to.oneOfMissing!, [from.missingProperty]);
}


