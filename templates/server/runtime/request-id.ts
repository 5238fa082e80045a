/**
 * Request ids (PRACTICES.md section 6): an incoming id is kept when it is well-formed, so a
 * request can be followed across services; anything else is replaced, so a caller cannot
 * inject log-breaking text through the header.
 */
/** What an incoming request id may look like: short, no spaces, quotes or control characters. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The request's id: `X-Request-Id`, else `Request-Id`, when well-formed; else a new UUID. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const id = headers["x-request-id"] ?? headers["request-id"];
  return typeof id === "string" && REQUEST_ID_PATTERN.test(id) ? id : crypto.randomUUID();
}
