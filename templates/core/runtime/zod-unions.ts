/**
 * Unions and allOf merges for the generated schemas, where zod's own building blocks fall short.
 * Copied verbatim into every output by apigen (re-exported by zod-helpers.ts).
 *
 * - `oneOfTagged`: a union with a `discriminator`. The tag picks the one variant to parse, so an
 *   unknown or missing tag is one issue at the tag listing the allowed values, errors of the
 *   chosen variant point inside it, and a payload is parsed once, not once per variant (z.union
 *   tries them all: a recursive tagged union would cost variants^depth on a failing body).
 * - `allOfClosed`: an allOf with a member that forbids extra properties. zod intersections
 *   report an unknown key only when every member rejects it, so a member that merely strips
 *   (additionalProperties unspecified) let extra keys through; here the keys of every member
 *   are allowed and any other is rejected.
 */
import { z } from "zod";
import { runSchema } from "./zod-compiled.js";

type Issues = z.core.$ZodRawIssue[];

/** The definition of a schema that parses with a function (see parsedBy). */
interface ParsedByDef extends z.core.$ZodTypeDef {
  parse: (value: unknown, issues: Issues) => unknown;
}

/**
 * A schema type of its own, built the way zod's core is meant to be extended: classic ZodType's
 * methods (`.optional()`, `.refine()`, clones keep the parse), and a `parse` that runs our
 * function on the payload. It replaced `z.custom().transform(...)`, a pipe of two schemas and a
 * closure per value that cost fifteen times the variant's own parse on a 1 MiB array of unions.
 */
const ZodParsedBy = z.core.$constructor("ApigenParsedBy", (inst: z.ZodType, def: ParsedByDef) => {
  z.ZodType.init(inst, def);
  inst._zod.parse = (payload) => {
    payload.value = def.parse(payload.value, payload.issues);
    return payload;
  };
});

/** A zod schema that parses with `parse`, which pushes raw issues (paths relative to the value) and returns the output. */
function parsedBy<T>(parse: (value: unknown, issues: Issues) => T): z.ZodType<T> {
  return new ZodParsedBy({ type: "custom", parse } as ParsedByDef) as unknown as z.ZodType<T>;
}

/**
 * Runs `schema` on `value`, compiled when zod can (see zod-compiled.ts), and returns the output
 * and the raw issues. Not `safeParse`: its failure builds a ZodError, an Error with a stack trace,
 * and finalizes every issue; per item of a 1 MiB array of union members that was most of the cost
 * (1.4 s for 50,000 items that match no variant). The raw issues go to the enclosing parse,
 * which finalizes them once, with its own error map, when it reports them.
 */
const run = (schema: z.ZodType, value: unknown) => runSchema(schema, value);

/** Parses `value` with `schema`; on failure its issues go to `issues` and the result is undefined. */
function parseInto(schema: z.ZodType, value: unknown, issues: Issues): unknown {
  const result = run(schema, value);
  if (result.issues.length === 0) return result.value;
  for (const issue of result.issues) issues.push(issue);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The first variant that accepts `value`; when none does, one `invalid_union` issue carrying
 * every variant's issues (as z.union reports it), for the caller to pick the closest from.
 */
function firstAccepting(options: readonly z.ZodType[], value: unknown, issues: Issues): unknown {
  const errors: Issues[] = [];
  for (const option of options) {
    const result = run(option, value);
    if (result.issues.length === 0) return result.value;
    errors.push(result.issues);
  }
  // z.union's issue carries each variant's issues finalized; only this failing path pays for it.
  const finalized = errors.map((list) => list.map((issue) => z.core.util.finalizeIssue(issue, {}, z.core.config())));
  issues.push({ code: "invalid_union", errors: finalized, input: value, path: [], message: "Invalid input" } as unknown as z.core.$ZodRawIssue);
  return undefined;
}

/**
 * A discriminated union: `options[i]` is selected by the tag value `values[i]` (several values
 * may share a schema); a `null` value marks a variant without a tag (not an object, or not a
 * component), tried as a plain union when no tag value matches. `tagOptional`: some variant
 * does not require the tag, so a payload without it is tried against every variant.
 */
// Constrained by zod's core SomeType (as z.union is), not the classic z.ZodType: checking each
// option against the full classic interface made tsc's work ten times that of a z.union.
export function oneOfTagged<const T extends readonly z.core.SomeType[]>(
  tag: string,
  options: T,
  values: readonly (string | null)[],
  tagOptional = false,
): z.ZodType<z.output<T[number]>> {
  const byValue = new Map<string, z.ZodType>();
  const untagged: z.ZodType[] = [];
  (options as unknown as readonly z.ZodType[]).forEach((option, i) => {
    const value = values[i] ?? null;
    if (value === null) untagged.push(option);
    // A tagged option is `z.intersection(z.strictObject({ tag }), variant)`: the intersection
    // gives the type `{ tag: value } & Variant`; at run time the tag is already checked here, and
    // the variant alone parses about six times faster than the intersection (taggedParse).
    else if (!byValue.has(value)) byValue.set(value, variantOf(option));
  });
  const allowed = [...byValue.keys()];
  const message = `Invalid option: expected one of ${allowed.map((v) => JSON.stringify(v)).join("|")}`;
  return parsedBy((input, issues) => {
    const value = isRecord(input) && Object.prototype.hasOwnProperty.call(input, tag) ? input[tag] : undefined;
    const option = typeof value === "string" ? byValue.get(value) : undefined;
    if (option !== undefined) return taggedParse(option, tag, value as string, input as Record<string, unknown>, issues);
    if (value === undefined && tagOptional) return firstAccepting(options as unknown as readonly z.ZodType[], input, issues);
    if (untagged.length > 0) return firstAccepting(untagged, input, issues);
    if (!isRecord(input)) {
      issues.push({ code: "invalid_type", expected: "object", input, path: [], message: `Invalid input: expected object, received ${input === null ? "null" : Array.isArray(input) ? "array" : typeof input}` } as unknown as z.core.$ZodRawIssue);
      return undefined;
    }
    issues.push({ code: "invalid_value", values: allowed, input: value, path: [tag], message } as unknown as z.core.$ZodRawIssue);
    return undefined;
  }) as z.ZodType<z.output<T[number]>>;
}

/**
 * A union without discriminator whose variants are all objects. z.union parses the value with
 * every variant until one accepts: a 1 MiB array of items that match none cost eight failed
 * parses per item (seconds). Here a variant missing a required property (`required[i]`) is not
 * tried, and when none can match, only the closest is parsed for its errors: the fewest missing
 * required properties, then the fewest properties a strict variant does not know (`known[i]`,
 * null when extra properties are allowed), then the spec's order.
 */
export function oneOfObjects<const T extends readonly z.core.SomeType[]>(
  options: T,
  required: readonly (readonly string[])[],
  known: readonly (readonly string[] | null)[],
): z.ZodType<z.output<T[number]>> {
  const variants = options as unknown as readonly z.ZodType[];
  const knownSets = known.map((keys) => (keys === null ? null : new Set(keys)));
  return parsedBy((input, issues) => {
    if (!isRecord(input)) return firstAccepting(variants, input, issues);
    const keys = Object.keys(input);
    // The usual payload fits one variant exactly (every required property, no unknown one): it
    // is tried first, without the ranking's arrays (a 1 MiB array of such items spent more in
    // the ranking than in zod).
    let tried: { index: number; result: ReturnType<typeof run> } | undefined;
    for (let i = 0; i < variants.length; i++) {
      if (!fits(input, keys, required[i]!, knownSets[i]!)) continue;
      const result = run(variants[i]!, input);
      if (result.issues.length === 0) return result.value;
      tried = { index: i, result }; // ranked first below: not parsed twice
      break;
    }
    const missing = required.map((names) => names.reduce((n, name) => (Object.prototype.hasOwnProperty.call(input, name) ? n : n + 1), 0));
    const unknown = knownSets.map((set) => (set === null ? 0 : keys.reduce((n, key) => (set.has(key) ? n : n + 1), 0)));
    const ranked = variants.map((_, i) => i).sort((a, b) => missing[a]! - missing[b]! || unknown[a]! - unknown[b]! || a - b);
    let closest: Issues | undefined;
    for (const i of ranked) {
      if (closest !== undefined && missing[i]! > 0) break;
      const result = i === tried?.index ? tried.result : run(variants[i]!, input);
      if (result.issues.length === 0) return result.value;
      closest ??= result.issues;
    }
    for (const issue of closest ?? []) issues.push(issue);
    return undefined;
  }) as z.ZodType<z.output<T[number]>>;
}

/** Whether `input` has every `required` property and no key outside `known` (null: any key). */
function fits(input: Record<string, unknown>, keys: readonly string[], required: readonly string[], known: ReadonlySet<string> | null): boolean {
  for (const name of required) if (!Object.prototype.hasOwnProperty.call(input, name)) return false;
  if (known !== null) for (const key of keys) if (!known.has(key)) return false;
  return true;
}

/** The variant inside a tagged option (see oneOfTagged); the option itself if it is not one. */
function variantOf(option: z.ZodType): z.ZodType {
  const def = option.def as { type?: string; right?: z.ZodType };
  return def.type === "intersection" && def.right !== undefined ? def.right : option;
}

/**
 * Parses a tagged payload with its variant as the intersection with the tag object would: a tag
 * the variant does not declare is not an unknown key of it, and the output carries the tag.
 */
function taggedParse(variant: z.ZodType, tag: string, value: string, input: Record<string, unknown>, issues: Issues): unknown {
  let result = run(variant, input);
  if (result.issues.some((i) => i.code === "unrecognized_keys" && (i.path ?? []).length === 0 && i.keys.includes(tag))) {
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(input)) if (key !== tag) Object.defineProperty(rest, key, { value: input[key], enumerable: true, writable: true, configurable: true });
    result = run(variant, rest);
  }
  if (result.issues.length > 0) {
    for (const issue of result.issues) issues.push(issue);
    return undefined;
  }
  const output = result.value;
  if (isRecord(output) && output[tag] !== value) Object.defineProperty(output, tag, { value, enumerable: true, writable: true, configurable: true });
  return output;
}

/**
 * An allOf whose merge is closed: `known` lists the properties of every member, any other own key
 * of the input is an `unrecognized_keys` issue (as a strict object reports it), and the members
 * (`schema`, their intersection) validate the rest in the same pass.
 */
export function allOfClosed<T extends z.core.SomeType>(known: readonly string[], schema: T): z.ZodType<z.output<T>> {
  const allowed = new Set(known);
  return parsedBy((input, issues) => {
    if (isRecord(input)) {
      const extra: string[] = [];
      for (const key of Object.keys(input)) if (!allowed.has(key)) extra.push(key);
      if (extra.length > 0) issues.push({ code: "unrecognized_keys", keys: extra, input, path: [], message: `Unrecognized key${extra.length > 1 ? "s" : ""}: ${extra.map((k) => JSON.stringify(k)).join(", ")}` } as unknown as z.core.$ZodRawIssue);
    }
    return parseInto(schema as unknown as z.ZodType, input, issues);
  }) as z.ZodType<z.output<T>>;
}
