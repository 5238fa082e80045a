/**
 * Per-operation work done once, when the runtime is created (lower-cased header names,
 * offered media types, challenges, deprecation headers), and the per-request state the
 * pipeline's steps share.
 */
import { successMediaTypes } from "./negotiate.js";
import type { RequestObservation } from "./observe.js";
import { requestIdOf } from "./request-id.js";
import { challengesFor, runsSecurity } from "./security.js";
import type { OperationContract, RawRequest, SecuritySchemeSpec } from "./types.js";
import { parseQuery } from "./query.js";
import { operationHeaders } from "./security-headers.js";
import { parseCookies, type ValidationPlan, validationPlan } from "./validate.js";

/** Where a credential an idempotency key is scoped by comes from. */
export interface CredentialSource {
  in: "header" | "query" | "cookie";
  /** Lower-case for headers. */
  name: string;
}

export interface CompiledContract {
  validation: ValidationPlan;
  /** Media types the success responses offer (undefined: anything is acceptable). */
  offered: string[] | undefined;
  /** The `WWW-Authenticate` value of the 401. */
  challenge: string;
  /** Lower-case idempotency header name, when the operation has one. */
  idempotencyHeader: string | undefined;
  credentialSources: CredentialSource[];
  /**
   * Headers every answer of the operation carries, problems included (security-headers.ts):
   * `X-Content-Type-Options`, `Cache-Control: no-store` when authenticated (a handler's own
   * Cache-Control wins), `Deprecation`/`Sunset`/`Link rel="deprecation"` when deprecated.
   */
  fixedHeaders: [string, string][];
  /** Whether a response streams items: its handler's signal also aborts on graceful shutdown. */
  streams: boolean;
}

/** Works out once what every request of an operation needs. */
export function compileContract(contract: OperationContract, schemes: Record<string, SecuritySchemeSpec>, realm: string): CompiledContract {
  const sources = new Map<string, CredentialSource>();
  for (const alternative of contract.security ?? [])
    for (const { scheme } of alternative) {
      const spec = schemes[scheme];
      if (!spec) continue;
      const source: CredentialSource = spec.type === "apiKey" ? { in: spec.in, name: spec.in === "header" ? spec.name.toLowerCase() : spec.name } : { in: "header", name: "authorization" };
      sources.set(`${source.in}:${source.name}`, source);
    }
  const fixedHeaders = operationHeaders(contract, runsSecurity(contract));
  return {
    validation: validationPlan(contract),
    offered: successMediaTypes(contract),
    challenge: challengesFor(contract, schemes, realm),
    idempotencyHeader: contract.idempotency?.header.toLowerCase(),
    credentialSources: [...sources.values()],
    fixedHeaders,
    streams: Object.values(contract.responses).some((response) => response.stream !== undefined),
  };
}

/**
 * One request's way through the pipeline. A class, so every request has the same shape and
 * the lazily parsed query and cookies cost nothing when no step needs them.
 */
export class RequestState<P = unknown> {
  readonly raw: RawRequest;
  /** The operation, once known (for the log of a 500). */
  operationId: string | undefined;
  readonly requestId: string;
  /** The path without query, the problems' `instance`. */
  readonly pathname: string;
  principal: P | undefined = undefined;
  /** The raw body, once read (for the idempotency fingerprint). */
  bodyBytes: Uint8Array | undefined = undefined;
  /** The idempotency key the request sent, when its operation has one. */
  idempotencyKey: string | undefined = undefined;
  /** RateLimit-Policy and RateLimit, once the rate-limit step counted the request: every answer from then on carries them. */
  rateLimitHeaders: [string, string][] | undefined = undefined;
  /** The request's access log, span and metrics (observe.ts), when the runtime observes requests. */
  observation: RequestObservation | undefined = undefined;
  #query: Record<string, unknown> | undefined = undefined;
  #cookies: Record<string, string> | undefined = undefined;

  // No parameter properties: the runtime stays erasable TypeScript (node --strip-types).
  constructor(raw: RawRequest, operationId: string | undefined) {
    this.raw = raw;
    this.operationId = operationId;
    this.requestId = requestIdOf(raw.headers);
    const mark = raw.url.indexOf("?");
    this.pathname = mark === -1 ? raw.url : raw.url.slice(0, mark);
  }

  query(): Record<string, unknown> {
    return (this.#query ??= this.raw.query ?? parseQuery(this.raw.url));
  }

  cookies(): Record<string, string> {
    return (this.#cookies ??= parseCookies(this.raw.headers["cookie"]));
  }

  /** The value of a credential source, for scoping idempotency keys. */
  credential(source: CredentialSource): string | undefined {
    const value = source.in === "header" ? this.raw.headers[source.name] : source.in === "query" ? this.query()[source.name] : this.cookies()[source.name];
    return Array.isArray(value) ? value.join(",") : typeof value === "string" ? value : undefined;
  }
}
