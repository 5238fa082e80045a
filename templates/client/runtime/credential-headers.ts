/**
 * The request headers that carry credentials: the standard ones and every API key the spec sends
 * in a header. Used where a credential must not go (a link to another origin) and where it must
 * not be printed (the debug log). Loaded only by those paths, so other clients do not carry it.
 */
import type { SecuritySchemeSpec } from "./types.js";

export function credentialHeaders(schemes: Record<string, SecuritySchemeSpec>): Set<string> {
  const names = new Set(["authorization", "proxy-authorization", "cookie"]);
  for (const scheme of Object.values(schemes)) if (scheme.type === "apiKey" && scheme.in === "header") names.add(scheme.name.toLowerCase());
  return names;
}
