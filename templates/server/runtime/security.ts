/**
 * Authentication (PRACTICES.md section 5): credentials are taken from the request per scheme,
 * checked by the user's verifier for that scheme, and the operation's requirements (an OR of
 * ANDs) decide: 401 with challenges, 403 for missing scopes, or the principal.
 */
import { decodeBase64, utf8Text } from "./bytes.js";
import { authenticationRequired, insufficientScope } from "./problems.js";
import type { Credentials, Logger, OperationContract, RawRequest, SecuritySchemeSpec, Verifier } from "./types.js";

type Lazy = { query(): Record<string, unknown>; cookies(): Record<string, string> };

function authorization(raw: RawRequest, scheme: string): string | undefined {
  const header = raw.headers["authorization"];
  if (typeof header !== "string" || header.length <= scheme.length + 1 || header[scheme.length] !== " ") return undefined;
  if (header.slice(0, scheme.length).toLowerCase() !== scheme) return undefined;
  const value = header.slice(scheme.length + 1).trim();
  return value || undefined;
}

/**
 * Whether requests of an operation go through authentication (verifiers, possibly async) before
 * their body is read: any security requirement, even one alternative allowing anonymous calls.
 */
export function runsSecurity(contract: OperationContract): boolean {
  return contract.security !== undefined && contract.security.length > 0;
}

/** The credentials a scheme's definition says to look for, or undefined when the request has none. */
export function extractCredentials(spec: SecuritySchemeSpec, raw: RawRequest, lazy: Lazy): Credentials | undefined {
  if (spec.type === "apiKey") {
    const value = spec.in === "header" ? raw.headers[spec.name.toLowerCase()] : spec.in === "query" ? lazy.query()[spec.name] : lazy.cookies()[spec.name];
    const key = Array.isArray(value) ? value[0] : value;
    return typeof key === "string" && key !== "" ? { type: "apiKey", key } : undefined;
  }
  if (spec.type === "http" && spec.scheme.toLowerCase() === "basic") {
    const encoded = authorization(raw, "basic");
    if (!encoded) return undefined;
    const decoded = utf8Text(decodeBase64(encoded));
    const colon = decoded.indexOf(":");
    return colon === -1 ? undefined : { type: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  // Bearer, OAuth2 and OpenID Connect all carry a bearer token; other HTTP schemes are not supported.
  if (spec.type !== "http" || spec.scheme.toLowerCase() === "bearer") {
    const token = authorization(raw, "bearer");
    return token ? { type: "bearer", token } : undefined;
  }
  return undefined;
}

/** The `WWW-Authenticate` challenge of one scheme. */
export function challengeOf(spec: SecuritySchemeSpec, realm: string): string {
  const q = quoted(realm);
  if (spec.type === "apiKey") return `ApiKey realm=${q}, in=${quoted(spec.in)}, name=${quoted(spec.name)}`;
  if (spec.type === "http" && spec.scheme.toLowerCase() !== "bearer") {
    // An auth scheme is a token (RFC 9110); anything else in the spec's name is dropped.
    const scheme = spec.scheme.toLowerCase() === "basic" ? "Basic" : spec.scheme.replace(/[^!#$%&'*+.^_`|~0-9A-Za-z-]/g, "") || "Unknown";
    return `${scheme} realm=${q}`;
  }
  return `Bearer realm=${q}`;
}

/** An RFC 9110 quoted-string: spec text (an API key's name) can neither end it nor break the header. */
function quoted(value: string): string {
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, "").replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The whole `WWW-Authenticate` value for an operation: one challenge per distinct scheme, in spec
 * order. A bearer challenge names the scopes the operation asks of bearer tokens (RFC 6750
 * section 3: `scope="orders:read orders:write"`), so a client knows what token to get.
 */
export function challengesFor(contract: OperationContract, schemes: Record<string, SecuritySchemeSpec>, realm: string): string {
  const seen = new Set<string>();
  const bearerScopes = new Set<string>();
  for (const alternative of contract.security ?? [])
    for (const { scheme, scopes } of alternative) {
      const spec = schemes[scheme];
      if (!spec) continue;
      const challenge = challengeOf(spec, realm);
      seen.add(challenge);
      if (challenge.startsWith("Bearer ")) for (const scope of scopes) bearerScopes.add(scope);
    }
  // Scope tokens are printable ASCII without space, quote or backslash (RFC 6749 section 3.3).
  const scope = [...bearerScopes].filter((s) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)).join(" ");
  return [...seen].map((c) => (scope && c.startsWith("Bearer ") ? `${c}, scope="${scope}"` : c)).join(", ");
}

/**
 * The challenge after a bearer token was presented and refused: RFC 6750's `error="invalid_token"`
 * on the bearer challenge. Without any token the challenge carries no error code (section 3.1).
 */
export function withInvalidToken(challenge: string): string {
  return challenge.replace(/(Bearer realm="(?:[^"\\]|\\.)*")/, '$1, error="invalid_token"');
}

/** What `authenticate` needs besides the request. */
export interface SecurityEnv<P> {
  schemes: Record<string, SecuritySchemeSpec>;
  verifiers: Record<string, Verifier<any, P> | undefined>;
  logger: Logger;
  /** Schemes already warned about (no verifier configured), so the log says it once. */
  warned: Set<string>;
}

/**
 * Runs the operation's security requirements. Alternatives are tried in order; an alternative
 * passes when every scheme in it has credentials that its verifier accepts, with all the
 * scopes it lists. An empty alternative (`security: [{}]` next to others) allows anonymous
 * calls and is the fallback when no other alternative passes. Resolves to the principal of the
 * passing alternative's first scheme (undefined for anonymous calls); throws 403 when some
 * alternative failed only on scopes, else 401 with `challenge`. Verifier errors propagate (500).
 */
export async function authenticate<P>(
  env: SecurityEnv<P>,
  contract: OperationContract,
  raw: RawRequest,
  requestId: string,
  lazy: Lazy,
  challenge: string,
): Promise<P | undefined> {
  const security = contract.security;
  if (security === undefined || security.length === 0) return undefined;
  let anonymous = false;
  let missingScopes: string[] | undefined;
  let tokenRefused = false;
  for (const alternative of security) {
    if (alternative.length === 0) {
      anonymous = true;
      continue;
    }
    let principal: P | undefined;
    let valid = true;
    let missing: string[] | undefined;
    for (let i = 0; i < alternative.length && valid; i++) {
      const { scheme, scopes } = alternative[i] as { scheme: string; scopes: string[] };
      const spec = env.schemes[scheme];
      const verifier = env.verifiers[scheme];
      if (!verifier || !spec) {
        if (!env.warned.has(scheme)) {
          env.warned.add(scheme);
          env.logger.warn("No verifier configured for security scheme; requests relying on it are rejected with 401.", { scheme, operationId: contract.id });
        }
        valid = false;
        break;
      }
      const credentials = extractCredentials(spec, raw, lazy);
      const verified = credentials && (await verifier(credentials, { requestId, operationId: contract.id, scheme }));
      if (!verified) {
        if (credentials?.type === "bearer") tokenRefused = true;
        valid = false;
        break;
      }
      if (i === 0) principal = verified.principal;
      for (const scope of scopes) if (!verified.scopes?.includes(scope)) (missing ??= []).push(scope);
    }
    if (valid && missing === undefined) return principal;
    if (valid) missingScopes ??= missing;
  }
  if (anonymous) return undefined;
  if (missingScopes) throw insufficientScope(missingScopes);
  throw authenticationRequired(tokenRefused ? withInvalidToken(challenge) : challenge);
}
