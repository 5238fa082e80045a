/**
 * Running a zod schema fast: compiled ahead of time where zod can, in zod's interpreter where it
 * cannot. Copied verbatim into every output by apigen; used by the union helpers (zod-unions.ts)
 * and the server's validation (server/validate.ts).
 *
 * zod 4.6 generates a JavaScript function per schema (its `z.compile` is built on this): a parser
 * that returns the output, or a validator that builds none (`assertOnly`); each returns a sentinel
 * for an invalid value, whose issues only the interpreter gives. An item of a union of 8 objects
 * parsed in 40 ns compiled and 400 ns interpreted. The generator is marked internal in zod, so
 * every use is guarded: without it, under `z.config({ jitless: true })` (an environment without
 * `new Function`, a CSP), or for a schema it cannot model (a recursive one), the schema runs
 * interpreted, which is correct, only slower.
 */
import { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;
type CompiledFn = (input: unknown) => unknown;

/** What a compiled function returns for an invalid value (zod's registry symbol). */
const INVALID: unknown = Symbol.for("zod.compile.invalid");

const compileFn = (z.core as { compileFn?: (schema: z.ZodType, options?: { assertOnly?: boolean }) => CompiledFn }).compileFn;
const parsers = new WeakMap<z.ZodType, CompiledFn | null>();
const validators = new WeakMap<z.ZodType, CompiledFn | null>();

/**
 * zod's own probe, cached, whether `new Function` works here (its object parser asks the same):
 * under a CSP every refused compile would be reported as a violation, so none is tried.
 */
function evalAllowed(): boolean {
  return (z.core.util as { allowsEval?: { value: boolean } }).allowsEval?.value !== false;
}

/** Compiled on first use and kept as long as the schema (generated schemas are module constants). */
function compiled(cache: WeakMap<z.ZodType, CompiledFn | null>, schema: z.ZodType, assertOnly: boolean): CompiledFn | null {
  let fn = cache.get(schema);
  if (fn === undefined) {
    try {
      fn = compileFn && !z.config().jitless && evalAllowed() ? compileFn(schema, { assertOnly }) : null;
    } catch {
      fn = null;
    }
    cache.set(schema, fn);
  }
  return fn;
}

/** zod's own parse steps, without safeParse's error object (an Error with a stack, every issue finalized); the schemas are synchronous. */
export function interpret(schema: z.ZodType, value: unknown, firstFailureOnly = false): { value: unknown; issues: RawIssue[] } {
  // abortEarly (what zod's validate uses) stops each container at its first failing child; a zod
  // without it ignores the flag and reports everything, which is correct, only slower.
  const result = schema._zod.run({ value, issues: [] }, { async: false, ...(firstFailureOnly ? { abortEarly: true } : {}) });
  if (result instanceof Promise) throw new z.core.$ZodAsyncError();
  return result;
}

/** The parsed value when the compiled parser accepts `value`; undefined when it rejects it or there is none. */
export function parseCompiled(schema: z.ZodType, value: unknown): { value: unknown } | undefined {
  const parse = compiled(parsers, schema, false);
  if (parse === null) return undefined;
  const out = parse(value);
  return out === INVALID ? undefined : { value: out };
}

/** Runs `schema` on `value`: compiled when that accepts it, else interpreted (for the issues). */
export function runSchema(schema: z.ZodType, value: unknown, firstFailureOnly = false): { value: unknown; issues: RawIssue[] } {
  const parsed = parseCompiled(schema, value);
  return parsed !== undefined ? { value: parsed.value, issues: [] } : interpret(schema, value, firstFailureOnly);
}

/** Whether `schema` accepts `value`, building no output where a compiled validator exists. */
export function accepts(schema: z.ZodType, value: unknown): boolean {
  const validate = compiled(validators, schema, true);
  return validate !== null ? validate(value) !== INVALID : interpret(schema, value, true).issues.length === 0;
}
