/**
 * The first failure of a large invalid body, found without parsing the whole body again.
 *
 * `z.compile(schema)` hands any failure of its fast path to zod's interpreter for the whole value,
 * so a 1 MiB array whose last item is bad was validated twice, the second time item by item in
 * the interpreter (30-60 ms). The search below checks the items with compiled validators (2 ms
 * for 88,000 items) and asks the interpreter about the bad item alone.
 */
import { z } from "zod";
import { accepts, interpret } from "../zod-compiled.js";

type RawIssue = z.core.$ZodRawIssue;

/**
 * The issues of the first failure in `value` (which `schema`'s compiled parser rejects), their
 * paths from the root (a strict object's unknown keys: the first `limit`); no issues, and zod's
 * parse of the value, if zod accepts it after all.
 * Arrays, objects and records are searched child by child with compiled validators (zod's
 * interpreter where there are none); the first
 * child that fails is searched in turn. When every child passes, the container's own checks
 * failed (length, uniqueItems, unknown keys, a refinement): those run with the children taken as
 * they are. Any other schema (a union, a pipe) is parsed by zod.
 */
export function firstFailure(schema: z.ZodType, value: unknown, limit: number): { value: unknown; issues: RawIssue[] } {
  const issues = search(schema, value, [], limit);
  // The search found nothing (the compiled code and the interpreter disagree): zod's word stands.
  return issues.length > 0 ? { value: undefined, issues } : interpret(schema, value, true);
}

/** The fields of zod's definitions the search reads; which exist depends on `type`. */
interface Def extends z.core.$ZodTypeDef {
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
}

function search(schema: z.ZodType, value: unknown, path: PropertyKey[], limit: number): RawIssue[] {
  const def = schema._zod.def as Def;
  if (def.type === "array" && Array.isArray(value)) {
    const element = def.element!;
    // zod rejects an array longer than its maxItems before it parses any item; so does this.
    if (longerThanAllowed(def, value.length)) return atPath(interpret(withChildrenUnchecked(schema), value, true).issues, path);
    for (let i = 0; i < value.length; i++) if (!accepts(element, value[i])) return search(element, value[i], [...path, i], limit);
  } else if (def.type === "object" && isRecord(value)) {
    const shape = def.shape!;
    for (const [key, child] of Object.entries(shape)) {
      if (!accepts(child, value[key])) return search(child, value[key], [...path, key], limit);
    }
    // A strict object whose properties pass: its unknown keys failed. The first `limit` of them
    // are listed here; zod's parse of 110,000 keys took 33 ms, this 19 (V8 enumerating the keys).
    if (def.catchall?._zod.def.type === "never") {
      const unknown: string[] = [];
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(shape, key) && unknown.push(key) >= limit) break;
      }
      if (unknown.length > 0) return atPath([{ code: "unrecognized_keys", keys: unknown, input: value, inst: schema } as RawIssue], path);
    }
  } else if (def.type === "record" && isRecord(value) && def.keyType?._zod.values === undefined) {
    // Keys as zod's record walks them (not those of an enum key type): every own key but `__proto__`.
    const valueType = def.valueType!;
    for (const key of Object.keys(value)) {
      if (key !== "__proto__" && !accepts(valueType, value[key])) return search(valueType, value[key], [...path, key], limit);
    }
  } else if ((def.type === "optional" && value !== undefined) || (def.type === "nullable" && value !== null)) {
    return search(def.innerType!, value, path, limit);
  } else {
    return atPath(interpret(schema, value, true).issues, path);
  }
  return atPath(interpret(withChildrenUnchecked(schema), value, true).issues, path);
}

function longerThanAllowed(def: z.core.$ZodTypeDef, length: number): boolean {
  return (def.checks ?? []).some((check) => {
    const rule = check._zod.def as { check: string; maximum?: number };
    return rule.check === "max_length" && rule.maximum !== undefined && length > rule.maximum;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function atPath(issues: RawIssue[], path: PropertyKey[]): RawIssue[] {
  return path.length === 0 ? issues : issues.map((issue) => ({ ...issue, path: [...path, ...(issue.path ?? [])] }));
}

const unchecked = new WeakMap<z.ZodType, z.ZodType>();

/** The container schema with its children accepting anything: its own checks, at the cost of one pass over the keys. */
function withChildrenUnchecked(schema: z.ZodType): z.ZodType {
  let loose = unchecked.get(schema);
  if (loose === undefined) {
    // Typed as what the definition holds: comparing zod's own types (a ZodOptional<ZodUnknown>
    // spread into the definition, checked against it) cost tsc 0.6 s in every output.
    const def: Def = { ...(schema._zod.def as Def) };
    // Optional too: an absent key of an object would otherwise fail where the real child passed.
    const anything = z.unknown().optional() as unknown as z.ZodType;
    if (def.type === "array") def.element = anything;
    else if (def.type === "record") def.valueType = anything;
    else def.shape = Object.fromEntries(Object.keys(def.shape ?? {}).map((key) => [key, anything]));
    loose = schema.clone(def);
    unchecked.set(schema, loose);
  }
  return loose;
}
