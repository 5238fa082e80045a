/**
 * Input validation: every location (path, query, headers, cookies, body) is checked against
 * its zod schema, and all failures across locations come back in one 400 problem, so a caller
 * fixes everything in one round trip.
 */
import { z } from "zod";
import type { ProblemFieldError } from "../problem-details.js";
import { decodeCookies, decodeHeaders, decodePath, decodeQuery } from "./params.js";
import { validationError } from "./problems.js";
import type { ContractSchema, OperationContract, RawRequest } from "./types.js";
import { interpret, parseCompiled } from "../zod-compiled.js";
import { firstFailure } from "./first-failure.js";
import { closestVariant } from "./union-issues.js";

/** Escapes one JSON Pointer reference token (RFC 6901: `~` as `~0`, `/` as `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A JSON Pointer into the request: `toPointer("body", ["items", 0, "quantity"])` is `/body/items/0/quantity`. */
export function toPointer(location: string, path: readonly PropertyKey[]): string {
  let pointer = `/${location}`;
  for (const key of path) pointer += `/${escapePointerToken(typeof key === "symbol" ? (key.description ?? "") : String(key))}`;
  return pointer;
}

/** A `Cookie` header as an object (the first of repeated names wins, values percent-decoded when valid). */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (header === undefined) return out;
  const text = Array.isArray(header) ? header.join("; ") : header;
  for (const pair of text.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = value.includes("%") ? decodeURIComponent(value) : value;
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** The path of a request target, without its query. */
function pathnameOf(url: string): string {
  const mark = url.search(/[?#]/);
  return mark === -1 ? url : url.slice(0, mark);
}

/**
 * At most this many field errors in one problem: a 1 MiB body of 40,000 bad array items had
 * 160,000 of them, a 10 MB answer (an amplifier) that took longer to build than to validate.
 */
export const MAX_FIELD_ERRORS = 100;

/** Adds a zod error's issues to `into` as pointers under `location` (up to MAX_FIELD_ERRORS in all). */
export function collectIssues(location: string, error: z.ZodError, into: ProblemFieldError[]): void {
  addIssues(location, [], error.issues, into);
}

/**
 * Issues may be raw (as a schema's run leaves them: no message yet, a path only where a parent
 * prefixed one): only those reported are finalized, so a body with 100,000 bad items costs the
 * messages of MAX_FIELD_ERRORS, not of all. zod's safeParse finalizes every issue (and joins
 * every unknown key of a strict object into one message) before the first is read.
 */
function addIssues(location: string, prefix: readonly PropertyKey[], issues: readonly (z.core.$ZodIssue | z.core.$ZodRawIssue)[], into: ProblemFieldError[]): void {
  for (const issue of issues) {
    if (into.length >= MAX_FIELD_ERRORS) return;
    const own = issue.path ?? [];
    const path = prefix.length === 0 ? own : [...prefix, ...own];
    // Unknown keys of a strict object: point at each key, not at the object holding them.
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.slice(0, MAX_FIELD_ERRORS - into.length)) into.push({ pointer: toPointer(location, [...path, key]), message: `Unknown property ${JSON.stringify(key)}.` });
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // No variant matched: the errors of the closest one, inside it (see union-issues.ts).
      addIssues(location, path, closestVariant(issue.errors), into);
    } else {
      into.push({ pointer: toPointer(location, path), message: z.core.util.finalizeIssue(issue as z.core.$ZodRawIssue, {}, z.core.config()).message });
    }
  }
}

/** What the validation step needs per operation, worked out once. */
export interface ValidationPlan {
  /** [route key, spec name] for every path parameter. */
  pathParams: [string, string][];
  /** [lower-case incoming name, spec name] for every header parameter. */
  headers: [string, string][];
  needsCookies: boolean;
  /** Spec name to route key of every path parameter (for ./params.ts). */
  pathKeys: Record<string, string>;
}

export function validationPlan(contract: OperationContract): ValidationPlan {
  return {
    pathParams: Object.entries(contract.pathParams),
    headers: contract.headerNames.map((name) => [name.toLowerCase(), name]),
    needsCookies: contract.params.cookies !== undefined && contract.wire?.cookies === undefined,
    pathKeys: Object.fromEntries(Object.entries(contract.pathParams).map(([key, name]) => [name, key])),
  };
}

/** The validated inputs of a request (the handler's typed arguments, before the context is added). */
export interface ValidatedInputs {
  path: unknown;
  query: unknown;
  headers: unknown;
  cookies: unknown;
  body: unknown;
}

/**
 * Bodies larger than this that fail validation report their first failure only. zod collects an
 * issue for every bad item before anything can stop it: 1 MiB of 55,000 small bad items cost
 * 150-300 ms of issues nobody reads (the problem lists at most MAX_FIELD_ERRORS). Smaller bodies,
 * and every parameter location, list their failures up to that cap.
 */
export const FULL_REPORT_BYTES = 64 * 1024;

/** A contract's schema as what it is: a zod schema (see ContractSchema). */
export function zodOf(schema: ContractSchema): z.ZodType {
  return schema as unknown as z.ZodType;
}

function check(contractSchema: ContractSchema | undefined, value: unknown, location: string, errors: ProblemFieldError[], size = 0): unknown {
  if (contractSchema === undefined) return value;
  const schema = zodOf(contractSchema);
  let issues: z.core.$ZodRawIssue[];
  try {
    // The valid path runs compiled (see zod-compiled.ts): 1 MiB of small objects in 5 ms, not 36.
    const parsed = parseCompiled(schema, value);
    if (parsed !== undefined) return parsed.value;
    const result = size <= FULL_REPORT_BYTES ? interpret(schema, value, false) : firstFailure(schema, value, MAX_FIELD_ERRORS);
    if (result.issues.length === 0) return result.value;
    issues = result.issues;
  } catch (error) {
    // zod's parse of a recursive schema recurses with the input: a 10 KB body nested ~1000 deep
    // overflows the stack. That is the request's fault (a 400), not the server's (a 500).
    if (!(error instanceof RangeError)) throw error;
    errors.push({ pointer: `/${location}`, message: "The value is nested too deeply to validate." });
    return undefined;
  }
  addIssues(location, [], issues, errors);
  return undefined;
}

/**
 * Validates path, query, headers, cookies and the (already parsed) body. `body` undefined
 * means no body was sent; `bodySchema` is the schema for the body's media type; `bodySize` its
 * bytes (see FULL_REPORT_BYTES). Throws the 400 VALIDATION_ERROR problem listing the failures.
 */
export function validateInputs(
  contract: OperationContract,
  plan: ValidationPlan,
  raw: RawRequest,
  query: Record<string, unknown>,
  cookies: Record<string, string> | undefined,
  body: unknown,
  bodySchema: ContractSchema | undefined,
  bodySize = 0,
): ValidatedInputs {
  const errors: ProblemFieldError[] = [];
  const path: Record<string, string | undefined> = {};
  for (const [key, name] of plan.pathParams) path[name] = raw.pathParams[key];
  const headers: Record<string, string | undefined> = {};
  for (const [lower, name] of plan.headers) {
    const value = raw.headers[lower];
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const { params, wire } = contract;
  // Styled parameters (deepObject, delimited, label/matrix, objects, JSON) are decoded from the raw request first.
  const inputs: ValidatedInputs = {
    path: check(params.path, wire?.path ? decodePath(wire.path, contract.path, pathnameOf(raw.url), raw.pathParams, plan.pathKeys) : path, "path", errors),
    query: check(params.query, wire?.query ? decodeQuery(wire.query, raw.url) : query, "query", errors),
    headers: check(params.headers, wire?.headers ? decodeHeaders(wire.headers, raw.headers) : headers, "headers", errors),
    cookies: check(params.cookies, wire?.cookies ? decodeCookies(wire.cookies, raw.headers["cookie"]) : (cookies ?? {}), "cookies", errors),
    body: undefined,
  };
  if (body === undefined) {
    if (contract.body?.required) errors.push({ pointer: "/body", message: "A request body is required." });
  } else {
    inputs.body = check(bodySchema, body, "body", errors, bodySize);
  }
  if (errors.length > 0) throw validationError(errors);
  return inputs;
}
