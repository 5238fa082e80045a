import type { NumberNode, StringNode } from "../ir/schema.js";
import type { NormalizeContext, RawObject } from "./context.js";

export interface Constraints {
  string: Pick<StringNode, "minLength" | "maxLength" | "pattern" | "patternUnicode">;
  number: Pick<NumberNode, "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf">;
  array: { minItems?: number; maxItems?: number; uniqueItems?: boolean };
}

/** Reads validation keywords, erasing the 3.0 / 3.1 difference in exclusive bounds. */
export function readConstraints(ctx: NormalizeContext, raw: RawObject, pointer: string): Constraints {
  const num = (key: string): number | undefined => (typeof raw[key] === "number" && Number.isFinite(raw[key]) ? (raw[key] as number) : undefined);
  const count = (key: string): number | undefined => {
    const n = num(key);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  let minimum = num("minimum");
  let maximum = num("maximum");
  let exclusiveMinimum = num("exclusiveMinimum");
  let exclusiveMaximum = num("exclusiveMaximum");
  // 3.0 (JSON Schema draft 4): `exclusiveMinimum: true` turns `minimum` into an exclusive bound.
  if (raw.exclusiveMinimum === true && minimum !== undefined) {
    exclusiveMinimum = minimum;
    minimum = undefined;
  }
  if (raw.exclusiveMaximum === true && maximum !== undefined) {
    exclusiveMaximum = maximum;
    maximum = undefined;
  }
  const multipleOf = num("multipleOf");
  return {
    string: {
      minLength: count("minLength"),
      maxLength: count("maxLength"),
      ...(typeof raw.pattern === "string" ? checkedPattern(ctx, raw.pattern, pointer) : {}),
    },
    number: { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf: multipleOf && multipleOf > 0 ? multipleOf : undefined },
    array: { minItems: count("minItems"), maxItems: count("maxItems"), uniqueItems: raw.uniqueItems === true || undefined },
  };
}

/** A pattern JavaScript cannot compile is dropped with a warning rather than emitted as broken code. */
function checkedPattern(ctx: NormalizeContext, pattern: string, pointer: string): { pattern?: string; patternUnicode?: boolean } {
  // Prefer unicode mode (needed for \p{L} and friends); older specs' patterns may only compile without it.
  for (const unicode of [true, false]) {
    try {
      new RegExp(pattern, unicode ? "u" : "");
      return { pattern, patternUnicode: unicode };
    } catch {
      // try the next mode
    }
  }
  ctx.warn(
    "APIGEN_PATTERN_UNSUPPORTED",
    `pattern ${JSON.stringify(pattern)} is not a valid JavaScript regular expression; it is not enforced`,
    `${pointer}/pattern`,
    "Rewrite the pattern in ECMAScript regular expression syntax.",
  );
  return {};
}
