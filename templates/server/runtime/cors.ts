/**
 * CORS (Fetch standard), off unless `ServerOptions.cors` is given: browsers are the first users
 * of a contract-first API, and a page on another origin may only read an answer the server
 * allows. Everything that does not depend on the request (exposed headers, each path's allowed
 * request headers) is worked out once here; a request pays for a lookup of its Origin.
 *
 * - Every answer (problems, 404/405 included) to an allowed origin carries
 *   `Access-Control-Allow-Origin` (the origin itself, or `*` when any origin is allowed without
 *   credentials), `Access-Control-Allow-Credentials` when configured, and
 *   `Access-Control-Expose-Headers`: the headers the runtime sets that a client reads (ETag,
 *   Location, Retry-After, X-Request-Id, Idempotent-Replayed, Deprecation, Sunset, Link,
 *   WWW-Authenticate, Allow, RateLimit-Policy, RateLimit), every response header the spec declares, and the configured ones.
 * - A disallowed origin gets no CORS header at all. `Vary: Origin` goes on every answer whose
 *   CORS headers depend on the origin (a list or a function), so caches keep them apart.
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered from
 *   the route table, 204: the methods the path declares, and as allowed request headers the
 *   header parameters of the path's operations, their idempotency headers and API-key headers,
 *   and those the runtime and the generated client use (Content-Type, Authorization, If-Match,
 *   If-None-Match, Idempotency-Key, X-Request-Id, Accept). Preflights of unknown paths or
 *   disallowed origins are not preflights to us: they get the usual 404/405.
 *
 * Credentials: the generated client sends its `auth` in headers (Authorization, API-key
 * headers), which need only the allowed request headers, not `credentials: true`. That is for
 * cookies (an API key `in: cookie`, a session), which a browser sends cross-origin only when the
 * page's fetch uses `credentials: "include"` (a `fetch` wrapper given to the client).
 */
import { allowedMethods, type RouteEntry } from "./routes.js";
import type { OperationContract, RawRequest, RawResponse, SecuritySchemeSpec } from "./types.js";

/** `ServerOptions.cors`. */
export interface CorsOptions {
  /** Origins whose pages may call the API: exact origins (`https://app.example.com`), `"*"` for any, or a function deciding. */
  origins: readonly string[] | "*" | ((origin: string) => boolean);
  /** Send `Access-Control-Allow-Credentials: true` (cookies in cross-origin calls). Not with `"*"`. Default false. */
  credentials?: boolean | undefined;
  /** How long a browser may cache a preflight's answer, in seconds (`Access-Control-Max-Age`). Default: the browser's own (5 s). */
  maxAge?: number | undefined;
  /** Response headers pages may read besides the runtime's and the spec's declared ones. */
  exposeHeaders?: readonly string[] | undefined;
  /** Request headers pages may send besides the spec's and the runtime's. */
  allowHeaders?: readonly string[] | undefined;
}

export interface Cors {
  /** Adds (or, on a replayed answer, removes) the CORS headers of an answer to this request. */
  decorate(raw: RawRequest, headers: Record<string, string>): void;
  /** The answer to a preflight of an allowed origin on a known path; undefined for anything else. */
  preflight(raw: RawRequest, pathname: string, requestId: string): RawResponse | undefined;
}

/** Response headers the runtime sets that a client reads (the CORS-safelisted ones need no listing). */
const RUNTIME_EXPOSED = ["ETag", "Location", "Retry-After", "X-Request-Id", "Idempotent-Replayed", "Deprecation", "Sunset", "Link", "WWW-Authenticate", "Allow", "RateLimit-Policy", "RateLimit"];
/** Request headers the runtime reads and the generated client sends. */
const RUNTIME_ALLOWED = ["Accept", "Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match", "X-Request-Id"];

/** Header names without case-insensitive duplicates, in first-seen spelling. */
function headerList(names: Iterable<string>): string {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()].join(", ");
}

/** Checks the options and works out everything that does not depend on the request. */
export function createCors(options: CorsOptions, routes: readonly RouteEntry[], contracts: readonly OperationContract[], schemes: Record<string, SecuritySchemeSpec>): Cors {
  const { origins } = options;
  const credentials = options.credentials === true;
  if (origins === "*" && credentials) throw new Error('apigen: cors.credentials cannot go with origins "*" (browsers refuse it); list the origins, or pass a function.');
  const anyOrigin = origins === "*";
  const listed = Array.isArray(origins) ? new Set(origins) : undefined;
  const allowed = typeof origins === "function" ? origins : (origin: string) => anyOrigin || listed!.has(origin);
  const declaredResponseHeaders = contracts.flatMap((c) => Object.values(c.responses).flatMap((r) => r.headers ?? []));
  const expose = headerList([...RUNTIME_EXPOSED, ...declaredResponseHeaders, ...(options.exposeHeaders ?? [])]);
  // Each path's request headers: its operations' header parameters, idempotency and API-key headers.
  const pathHeaders = new Map<string, string[]>();
  for (const contract of contracts) {
    const names = pathHeaders.get(contract.path) ?? [];
    names.push(...contract.headerNames);
    if (contract.idempotency) names.push(contract.idempotency.header);
    for (const alternative of contract.security ?? [])
      for (const { scheme } of alternative) {
        const spec = schemes[scheme];
        if (spec?.type === "apiKey" && spec.in === "header") names.push(spec.name);
      }
    pathHeaders.set(contract.path, names);
  }
  const maxAge = options.maxAge === undefined ? undefined : String(Math.max(0, Math.floor(options.maxAge)));

  function originOf(raw: RawRequest): string | undefined {
    const origin = raw.headers["origin"];
    return Array.isArray(origin) ? origin[0] : origin;
  }

  function allowOrigin(headers: Record<string, string>, origin: string): void {
    headers["access-control-allow-origin"] = anyOrigin ? "*" : origin;
    if (credentials) headers["access-control-allow-credentials"] = "true";
  }

  return {
    decorate(raw, headers) {
      if (!anyOrigin) {
        const vary = headers["vary"];
        if (vary === undefined) headers["vary"] = "Origin";
        else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary) && vary.trim() !== "*") headers["vary"] = `${vary}, Origin`;
      }
      const origin = originOf(raw);
      if (origin !== undefined && allowed(origin)) {
        allowOrigin(headers, origin);
        headers["access-control-expose-headers"] = expose;
        return;
      }
      // An idempotent replay copies the first answer's headers, made for its own origin.
      delete headers["access-control-allow-origin"];
      delete headers["access-control-allow-credentials"];
      delete headers["access-control-expose-headers"];
    },

    preflight(raw, pathname, requestId) {
      if (raw.method !== "OPTIONS" || raw.headers["access-control-request-method"] === undefined) return undefined;
      const origin = originOf(raw);
      if (origin === undefined || !allowed(origin)) return undefined;
      const methods = allowedMethods(routes, pathname);
      if (!methods) return undefined;
      const requestHeaders = [...RUNTIME_ALLOWED];
      for (const entry of routes) if (entry.pattern.test(pathname)) requestHeaders.push(...(pathHeaders.get(entry.path) ?? []));
      requestHeaders.push(...(options.allowHeaders ?? []));
      const headers: Record<string, string> = {};
      allowOrigin(headers, origin);
      headers["access-control-allow-methods"] = methods.join(", ");
      headers["access-control-allow-headers"] = headerList(requestHeaders);
      if (maxAge !== undefined) headers["access-control-max-age"] = maxAge;
      if (!anyOrigin) headers["vary"] = "Origin";
      headers["x-content-type-options"] = "nosniff";
      headers["x-request-id"] = requestId;
      return { status: 204, headers };
    },
  };
}
