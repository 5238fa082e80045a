/**
 * The `debug` option's log: one line per attempt. Loaded only by a client that sets `debug`
 * (core.ts imports it dynamically), so other clients do not carry it.
 *
 * It never prints a credential: no header is printed at all, the URL's credential query
 * parameters (the spec's apiKey-in-query schemes, and names such as token, key, secret,
 * signature) and user info are redacted, and as a last guard every credential value this
 * attempt sends (Authorization, Cookie, the apiKey headers, those query values) is cut out of the
 * whole line, so an error message that quotes one (or the URL) does not leak it either.
 */
import { credentialHeaders } from "./credential-headers.js";
import type { RequestContext, SecuritySchemeSpec } from "./types.js";

export type DebugLog = (context: RequestContext, outcome: unknown, ms: number) => void;

const REDACTED = "[redacted]";
/** Query parameter names that carry credentials in common APIs, whatever the spec says. */
const SECRET_NAME = /token|key|secret|passw|signature|^sig$|auth|credential|session/i;

/** The URL with credential query values and user info replaced; the values replaced are added to `found`. */
export function redactUrl(url: string, secretParams: Set<string>, found: string[] = []): string {
  const [head = "", ...rest] = url.split("?");
  const query = rest.join("?");
  const base = head.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, `$1${REDACTED}@`);
  if (!query) return base;
  const pairs = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq < 0) return pair;
    let name = pair.slice(0, eq);
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep it as it is
    }
    if (!secretParams.has(name.toLowerCase()) && !SECRET_NAME.test(name)) return pair;
    const value = pair.slice(eq + 1);
    found.push(value);
    try {
      found.push(decodeURIComponent(value));
    } catch {
      // only the encoded form then
    }
    return `${pair.slice(0, eq)}=${REDACTED}`;
  });
  return `${base}?${pairs.join("&")}`;
}

export function debugLogger(debug: true | ((line: string) => void), schemes: Record<string, SecuritySchemeSpec>): DebugLog {
  const write = debug === true ? (line: string) => console.debug(line) : debug;
  const secretHeaders = credentialHeaders(schemes);
  const secretParams = new Set<string>();
  for (const scheme of Object.values(schemes)) if (scheme.type === "apiKey" && scheme.in === "query") secretParams.add(scheme.name.toLowerCase());
  return (context, outcome, ms) => {
    // Every credential value this attempt carries, and its parts (the token after "Bearer", each cookie value).
    const secrets: string[] = [];
    // forEach, not for...of: a project whose lib has DOM without DOM.Iterable compiles it too.
    context.init.headers.forEach((value, name) => {
      if (secretHeaders.has(name)) secrets.push(value, ...value.split(/[\s;]+/).map((part) => part.slice(part.indexOf("=") + 1)));
    });
    const url = redactUrl(context.url, secretParams, secrets);
    let result: string;
    if (outcome instanceof Response) {
      const requestId = outcome.headers.get("x-request-id") ?? outcome.headers.get("request-id");
      result = `${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ""}${requestId ? ` (request id ${requestId})` : ""}`;
    } else {
      const error = outcome as { name?: unknown; message?: unknown } | undefined;
      result = `${String(error?.name ?? "Error")}: ${String(error?.message ?? outcome)}`;
    }
    let line = `apigen ${context.operation}: ${context.init.method ?? "GET"} ${url} -> ${result}, ${Math.round(ms)} ms, attempt ${context.attempt + 1}`;
    // Longest first, so a part never leaves the rest of a longer secret behind.
    for (const secret of secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) line = line.split(secret).join(REDACTED);
    write(line);
  };
}
