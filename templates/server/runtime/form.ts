/**
 * Form bodies (application/x-www-form-urlencoded, and the text fields of multipart/form-data)
 * arrive as strings; the body schema wants numbers, booleans, arrays and objects. This file turns
 * the key/value pairs into the value the schema describes, by a plan the generator wrote from the
 * schema and the media type's `encoding` (OperationContract `body.forms`), before zod validates.
 * It reads what the generated client sends (client runtime serialize.ts `serializeBody`: arrays
 * as repeated keys, objects as JSON) and what the spec's `encoding` describes for other clients:
 * `explode: false` arrays joined by their style's delimiter, deepObject objects as
 * `address[city]=Paris`. One key for an array field is a one-item array. A value that cannot be
 * coerced stays a string, so zod reports it.
 */

/** How one field is read. A string names a scalar: left as text, coerced, or parsed as JSON. */
export type FieldPlan =
  | "string"
  | "number"
  | "boolean"
  /** A number or a boolean (a union of those): whichever the text spells. */
  | "scalar"
  /** An object or an array of objects, or a part the spec says is JSON: JSON.parse. */
  | "json"
  /** A file (multipart only): the part comes as an UploadedFile. */
  | "file"
  | { array: FieldPlan; delimiter?: string }
  /** A deepObject field: `name[key]=value`, `name[key][sub]=value`. */
  | { object: Record<string, FieldPlan>; other?: FieldPlan };

/** A form body's plan: its fields, and the media types each multipart part may have (`encoding.contentType`). */
export interface FormPlan {
  fields: Record<string, FieldPlan>;
  partTypes?: Record<string, string[]>;
}

type Pairs = Record<string, string | string[]>;

/** The body a form's pairs describe, coerced by the plan (unknown keys are kept as they came, for the schema to judge). */
export function decodeForm(pairs: Pairs, plan: FormPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(pairs)) {
    const value = pairs[key] as string | string[];
    const field = plan.fields[key];
    if (field !== undefined) {
      setOwn(out, key, coerce(value, field));
      continue;
    }
    const bracket = key.indexOf("[");
    const base = bracket > 0 ? key.slice(0, bracket) : undefined;
    const deep = base === undefined ? undefined : plan.fields[base];
    if (base !== undefined && deep !== undefined && typeof deep === "object" && "object" in deep) {
      const path = bracketPath(key.slice(bracket));
      if (path !== undefined) {
        setDeep(out, base, path, value, deep);
        continue;
      }
    }
    setOwn(out, key, value);
  }
  return out;
}

function coerce(value: string | string[], plan: FieldPlan): unknown {
  if (typeof plan === "object") {
    if ("array" in plan) {
      const list = Array.isArray(value) ? value : plan.delimiter !== undefined ? (value === "" ? [] : value.split(plan.delimiter)) : [value];
      return list.map((item) => coerce(item, plan.array));
    }
    // A deepObject field sent as one value: JSON, as the generated client sends objects.
    return coerce(value, "json");
  }
  if (Array.isArray(value)) return value;
  switch (plan) {
    case "number":
      return fromWireNumber(value);
    case "boolean":
      return fromWireBoolean(value);
    case "scalar": {
      const bool = fromWireBoolean(value);
      return bool === value ? fromWireNumber(value) : bool;
    }
    case "json":
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/** `[a][b]` as ["a", "b"]; undefined when the key is not made of brackets only. */
function bracketPath(rest: string): string[] | undefined {
  const path: string[] = [];
  let at = 0;
  while (at < rest.length) {
    if (rest[at] !== "[") return undefined;
    const close = rest.indexOf("]", at);
    if (close === -1) return undefined;
    path.push(rest.slice(at + 1, close));
    at = close + 1;
  }
  return path.length > 0 ? path : undefined;
}

function setDeep(out: Record<string, unknown>, base: string, path: string[], value: string | string[], plan: FieldPlan): void {
  let holder = out;
  let key = base;
  let field: FieldPlan | undefined = plan;
  for (const segment of path) {
    let next = holder[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) setOwn(holder, key, (next = {}));
    holder = next as Record<string, unknown>;
    key = segment;
    field = field !== undefined && typeof field === "object" && "object" in field ? (field.object[segment] ?? field.other) : undefined;
  }
  setOwn(holder, key, field === undefined ? value : coerce(value, field));
}

/** A plain own property, even for `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// The wire coercions of the generated parameter schemas (runtime/zod-helpers.ts fromWireNumber and
// fromWireBoolean), repeated here so that the server runtime stays self-contained (its files are
// copied and tested on their own).
function fromWireNumber(value: string): unknown {
  if (value.trim() === "") return value;
  const n = Number(value);
  return Number.isNaN(n) ? value : n;
}

function fromWireBoolean(value: string): unknown {
  return value === "true" ? true : value === "false" ? false : value;
}
