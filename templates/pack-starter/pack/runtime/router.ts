/**
 * A router on Node's http module for apigen's shared server runtime (../server/), copied as it is
 * into every output of this pack. It finds the operation of a request and hands it to the
 * runtime, which does everything HTTP (security, validation, problems, ETags, idempotency, CORS)
 * and returns a RawResponse that is written as it is. What a router must get right, so the
 * server answers like the built-in packs:
 * - match the path as received (percent-encoded; an absolute-form target by its path), exactly: case-sensitive, no trailing-slash
 *   slack; a parameter is one or more characters of one segment; routes in the order given
 *   (apigen orders them: literal segments before parameters);
 * - decode parameters with decodeURIComponent; a bad encoding is the runtime's 400;
 * - answer HEAD from the GET operation unless the spec declares HEAD on that path;
 * - leave everything else (404, 405 with Allow, CORS preflight) to `runtime.unmatched`.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import { type Handler, type Lifecycle, probes, type ServerRuntime } from "../server/index.js";
import { NodeRawRequest, writeRawResponse } from "../server/node-http.js";
import { type PathPattern, type Route, templatePattern } from "../server/routes.js";
import type { RawResponse } from "../server/types.js";

// Route, RouteHandler and route() are the shared runtime's, which every router of a pack takes.
export { route, type Route, type RouteHandler } from "../server/routes.js";

/** A route with its template compiled (the shared runtime's matcher: exact, linear, capturing). */
interface CompiledRoute extends Route {
  pattern: PathPattern;
}

/** The server: routes first, then the probes (when a lifecycle is given), then the runtime's 404/405. */
export function createRouter<P>(runtime: ServerRuntime<P>, routes: Route[], lifecycle?: Lifecycle): Server {
  const compiled = routes.map(compile);
  return createServer((req, res) => {
    const url = req.url ?? "/";
    const pathname = pathnameOf(url);
    const write = (response: RawResponse) => send(res, response, () => runtime.errorResponse(new Error("invalid response head"), new NodeRawRequest(req, res, url, {})));
    const found = findRoute(compiled, req.method ?? "GET", pathname);
    if (found) {
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(Object.entries(found.params).map(([key, value]) => [key, decodeURIComponent(value)]));
      } catch (error) {
        return write(runtime.errorResponse(error, new NodeRawRequest(req, res, url, {})));
      }
      const response = runtime.handle(found.route.contract, found.route.handler as Handler<P>, new NodeRawRequest(req, res, url, params));
      if (response instanceof Promise) response.then(write);
      else write(response);
      return;
    }
    if (lifecycle && (req.method === "GET" || req.method === "HEAD") && (pathname === "/livez" || pathname === "/readyz")) {
      return write(pathname === "/livez" ? probes.livez(req.headers) : probes.readyz(lifecycle, req.headers, "/readyz"));
    }
    write(runtime.unmatched(new NodeRawRequest(req, res, url, {})));
  });
}

/**
 * The path of a request target, without query or fragment; an absolute-form target (proxies send
 * `GET http://host/orders`) routes like its path, as the other packs' routers do.
 */
function pathnameOf(url: string): string {
  const path = url.startsWith("/") ? url : url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
  const mark = path.search(/[?#]/);
  return mark === -1 ? path : path.slice(0, mark);
}

/** Writes a response; when Node refuses its head (a header value with a line break), the fallback's, else the connection is cut. */
function send(res: ServerResponse, response: RawResponse, fallback: () => RawResponse): void {
  try {
    writeRawResponse(res, response);
  } catch {
    if (res.headersSent) return void res.destroy();
    try {
      writeRawResponse(res, fallback());
    } catch {
      res.destroy();
    }
  }
}

function compile(route: Route): CompiledRoute {
  return { ...route, pattern: templatePattern(route.path) };
}

/** The first route of the method (HEAD: a HEAD route of the path, else its GET route) whose template fits the pathname. */
function findRoute(routes: CompiledRoute[], method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
  let headFallback: { route: CompiledRoute; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const wanted = route.contract.method;
    if (wanted !== method && !(method === "HEAD" && wanted === "GET")) continue;
    const params = route.pattern.match(pathname);
    if (!params) continue;
    if (wanted === method) return { route, params };
    headFallback ??= { route, params };
  }
  return headFallback;
}
