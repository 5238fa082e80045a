/**
 * The route table of the spec, for the answers to requests that match no route: 405 with
 * `Allow` when the path exists with other methods, else 404.
 */
import { methodNotAllowed, notFound } from "./problems.js";
import type { HandlerResponse, HttpMethod, OperationContract } from "./types.js";

/** One path template and the methods declared on it. `pattern` is compiled once. */
export interface RouteEntry {
  path: string;
  methods: HttpMethod[];
  pattern: PathPattern;
}

/** Whether a pathname (no query) fits a path template, and its parameters when it does. */
export interface PathPattern {
  test(pathname: string): boolean;
  /** The parameters' raw (still percent-encoded) values by the template's names, or undefined. */
  match(pathname: string): Record<string, string> | undefined;
}

/**
 * A path template as a matcher: each `{param}` matches one or more characters other than `/`.
 * Not a RegExp: `/files/{a}.{b}.{c}` as `[^/]+\.[^/]+\.[^/]+` backtracks cubically on a long
 * segment of dots (2,000 characters took half a second, 8,000 over thirty), and Fastify's pack
 * tests it on requests. Here each segment is matched left to right, each literal between two
 * parameters at its first place that leaves the parameters before it non-empty: linear, and
 * the leftmost places leave the most room for what follows, so no match is missed.
 */
export function templatePattern(template: string): PathPattern {
  // Per segment, the literal texts around its parameters (`{name}.json` is ["", ".json"]) and the parameters' names.
  const segments = template.split("/").map((segment) => ({ literals: segment.split(/\{[^}/]+\}/), names: [...segment.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]!) }));
  const match = (pathname: string, params: Record<string, string> | undefined): boolean => {
    const parts = pathname.split("/");
    if (parts.length !== segments.length) return false;
    for (let i = 0; i < parts.length; i++) if (!segmentMatches(segments[i]!.literals, parts[i]!, params && { names: segments[i]!.names, into: params })) return false;
    return true;
  };
  return {
    test: (pathname) => match(pathname, undefined),
    match(pathname) {
      const params: Record<string, string> = {};
      return match(pathname, params) ? params : undefined;
    },
  };
}

/** Whether `part` is literals[0] p1 literals[1] ... pn literals[n], every p non-empty; each p goes `into` its name when asked. */
function segmentMatches(literals: readonly string[], part: string, found?: { names: readonly string[]; into: Record<string, string> }): boolean {
  const first = literals[0]!;
  if (literals.length === 1) return part === first;
  const last = literals[literals.length - 1]!;
  const end = part.length - last.length; // where the last literal starts
  if (!part.startsWith(first) || end < first.length || !part.endsWith(last)) return false;
  let at = first.length; // where the next parameter starts
  for (let k = 1; k < literals.length - 1; k++) {
    const next = part.indexOf(literals[k]!, at + 1);
    if (next === -1 || next + literals[k]!.length >= end) return false;
    if (found) found.into[found.names[k - 1]!] = part.slice(at, next);
    at = next + literals[k]!.length;
  }
  if (end <= at) return false;
  if (found) found.into[found.names[found.names.length - 1]!] = part.slice(at, end);
  return true;
}

/** The route table: one entry per path template, its methods in declaration order. */
export function buildRouteTable(contracts: readonly OperationContract[]): RouteEntry[] {
  const byPath = new Map<string, RouteEntry>();
  for (const contract of contracts) {
    let entry = byPath.get(contract.path);
    if (!entry) byPath.set(contract.path, (entry = { path: contract.path, methods: [], pattern: templatePattern(contract.path) }));
    if (!entry.methods.includes(contract.method)) entry.methods.push(contract.method);
  }
  return [...byPath.values()];
}

/**
 * The methods allowed on a pathname (no query), sorted, with HEAD wherever GET is declared;
 * undefined when no template matches it.
 */
export function allowedMethods(table: readonly RouteEntry[], pathname: string): HttpMethod[] | undefined {
  let allowed: Set<HttpMethod> | undefined;
  for (const entry of table) {
    if (!entry.pattern.test(pathname)) continue;
    allowed ??= new Set();
    for (const method of entry.methods) {
      allowed.add(method);
      if (method === "GET") allowed.add("HEAD");
    }
  }
  return allowed && [...allowed].sort();
}

/** The problem for a request no route took: 405 with `Allow` for a known path, else 404. */
export function unmatchedProblem(table: readonly RouteEntry[], method: string, pathname: string) {
  const allowed = allowedMethods(table, pathname);
  return allowed ? methodNotAllowed(method, allowed) : notFound(pathname);
}

/** Any operation's handler, as a router holds it; its request is typed per operation in server/contract.gen.ts. */
export type RouteHandler = (request: never) => HandlerResponse | Promise<HandlerResponse>;

/** One operation's route for a pack's router: its path in the router's syntax (the pack's hooks), its contract and its handler. */
export interface Route {
  path: string;
  contract: OperationContract;
  handler: RouteHandler;
}

/**
 * One route, built by a call: a pack's app.gen.ts lists a call per operation, so each element is
 * a Route (an array of a thousand object literals would be a union of their handler types, too
 * large for tsc on GitHub's spec: TS2590).
 */
export function route(path: string, contract: OperationContract, handler: RouteHandler): Route {
  return { path, contract, handler };
}
