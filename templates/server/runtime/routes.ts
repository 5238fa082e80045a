/**
 * The route table of the spec, for the answers to requests that match no route: 405 with
 * `Allow` when the path exists with other methods, else 404.
 */
import { methodNotAllowed, notFound } from "./problems.js";
import type { HttpMethod, OperationContract } from "./types.js";

/** One path template and the methods declared on it. `pattern` is compiled once. */
export interface RouteEntry {
  path: string;
  methods: HttpMethod[];
  pattern: RegExp;
}

/** A regex for a path template: each `{param}` matches one non-empty segment. */
export function templatePattern(template: string): RegExp {
  let source = "";
  let last = 0;
  for (const match of template.matchAll(/\{[^}/]+\}/g)) {
    source += escapeRegExp(template.slice(last, match.index)) + "[^/]+";
    last = match.index + match[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(template.slice(last))}$`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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
