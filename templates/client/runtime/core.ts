/**
 * The client runtime: builds a request from an OperationSpec and the caller's input, applies
 * credentials, sends it with a per-attempt timeout and retries, and turns the response into an
 * ApiResponse or one of the errors in errors.ts.
 */
import { ApiError, ApiNetworkError, ApiTimeoutError, CrossOriginLinkError, ResponseValidationError, toPointer, toProblem } from "./errors.js";
import { declaredResponseKey } from "./declared.js";
import { rateLimitOf, retryDelay, retryPolicy, shouldRetry, sleep } from "./retry.js";
import { expandPath, isJsonMediaType, mediaTypeOf, serializeBody, serializeCookies, serializeHeader, serializeQuery } from "./serialize.js";
import type { ApiResponse, CallInput, CallOptions, ClientConfig, Credential, OperationSpec, RequestContext, ResponseSchemas, SecurityRequirement, SecuritySchemeSpec } from "./types.js";

/** What generated clients call. `url` replaces the built URL (used to follow Link headers). */
export interface ClientRuntime {
  call(spec: OperationSpec, input: CallInput, options?: CallOptions, schemas?: ResponseSchemas, url?: string): Promise<ApiResponse>;
}

/** The URL each response came from, so paginate.ts can resolve relative Link targets. */
export const responseUrls: WeakMap<ApiResponse, string> = new WeakMap<ApiResponse, string>();

type Pair = [name: string, value: string];

/** UTF-8 safe base64 (btoa alone only takes Latin-1). */
const base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(""));

/**
 * Credentials for the first security alternative whose schemes all have one configured.
 * Providers are called on every attempt, so a refreshed token is picked up by retries.
 */
export async function resolveAuth(security: SecurityRequirement[] | undefined, schemes: Record<string, SecuritySchemeSpec>, credentials: Record<string, Credential> = {}): Promise<{ headers: Pair[]; query: Pair[]; cookies: Pair[] }> {
  const out = { headers: [] as Pair[], query: [] as Pair[], cookies: [] as Pair[] };
  alternatives: for (const alternative of security ?? []) {
    // An empty alternative (no auth) is the fallback when nothing else is configured.
    if (alternative.length === 0) continue;
    const found: [SecuritySchemeSpec, string][] = [];
    for (const { scheme } of alternative) {
      const spec = schemes[scheme];
      const c = credentials[scheme];
      const value = typeof c === "function" ? await c() : c;
      if (!spec || value == null) continue alternatives;
      found.push([spec, typeof value === "string" ? value : `${value.username}:${value.password}`]);
    }
    for (const [spec, value] of found) {
      if (spec.type === "apiKey") out[spec.in === "header" ? "headers" : spec.in === "query" ? "query" : "cookies"].push([spec.name, value]);
      else {
        // oauth2 and openIdConnect tokens are bearer tokens; other http schemes keep their name.
        const scheme = spec.type === "http" ? spec.scheme : "bearer";
        const lower = scheme.toLowerCase();
        out.headers.push(["Authorization", lower === "basic" ? `Basic ${base64(value)}` : `${lower === "bearer" ? "Bearer" : scheme} ${value}`]);
      }
    }
    return out;
  }
  return out;
}

interface ParsedBody {
  value: unknown;
  mediaType: string;
  invalidJson?: boolean;
}

/**
 * The body by media type: JSON parsed, text as a string, anything else a Blob; empty → undefined.
 * Without a Content-Type the body is read as the spec declares that response: JSON when it
 * declares only JSON (so the value has the type the client claims), else as text.
 */
async function readBody(response: Response, spec: OperationSpec): Promise<ParsedBody> {
  let mediaType = mediaTypeOf(response.headers.get("content-type"));
  if (!mediaType) {
    const key = declaredResponseKey(spec.responses, response.status);
    const declared = key === undefined ? [] : spec.responses[key]!;
    if (declared.length > 0 && declared.every(isJsonMediaType)) mediaType = mediaTypeOf(declared[0]);
  }
  if (spec.method === "HEAD" || [204, 205, 304].includes(response.status)) return { value: undefined, mediaType };
  const json = isJsonMediaType(mediaType);
  if (mediaType && !json && !mediaType.startsWith("text/")) {
    const blob = await response.blob();
    return { value: blob.size > 0 ? blob : undefined, mediaType };
  }
  const text = await response.text();
  if (!text || !json) return { value: text || undefined, mediaType };
  try {
    return { value: JSON.parse(text), mediaType };
  } catch {
    return { value: text, mediaType, invalidJson: true };
  }
}

/** An ApiResponse for a usable 2xx; otherwise throws ApiError or ResponseValidationError. */
function toResult(spec: OperationSpec, response: Response, parsed: ParsedBody, schemas?: ResponseSchemas): ApiResponse {
  const { status, headers } = response;
  const operation = spec.id;
  const requestId = headers.get("x-request-id") ?? headers.get("request-id") ?? undefined;
  const ok = status >= 200 && status < 300;
  if (!ok || parsed.invalidJson) {
    const problem = ok ? undefined : toProblem(parsed.value, parsed.mediaType);
    const note = ok ? "response body is not valid JSON" : undefined;
    const bodyIsJson = !parsed.invalidJson && parsed.value !== undefined && isJsonMediaType(parsed.mediaType);
    throw new ApiError({ operation, status, statusText: response.statusText, headers, body: parsed.value, problem, requestId, rateLimit: rateLimitOf(headers), note, bodyIsJson });
  }
  let data = parsed.value;
  // The response the spec declares for this status (exact, then 2XX, then default), as OpenAPI
  // resolves it: a declared 204 without content is not checked against `default`'s schema.
  const key = declaredResponseKey(spec.responses, status);
  const schema = key === undefined || !isJsonMediaType(parsed.mediaType) ? undefined : schemas?.[key];
  if (schema) {
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseValidationError(operation, status, result.error.issues.map((i) => ({ pointer: toPointer(i.path), message: i.message })));
    data = result.data;
  }
  const declared = key === undefined ? undefined : spec.responseHeaders?.[key];
  const result = { status, data, mediaType: data === undefined ? "" : parsed.mediaType, declaredHeaders: declared ? readDeclaredHeaders(headers, declared) : {}, headers, requestId, etag: headers.get("etag") ?? undefined } as ApiResponse;
  // Read on first use: most callers never look, and each header lookup costs on the hot path.
  let rateLimit: ApiResponse["rateLimit"] | undefined;
  return Object.defineProperty(result, "rateLimit", { enumerable: true, get: () => (rateLimit ??= rateLimitOf(headers)) });
}

/** A response's declared headers, each read as its schema type; unreadable values are left out. */
function readDeclaredHeaders(headers: Headers, declared: NonNullable<OperationSpec["responseHeaders"]>[string]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type } of declared) {
    const raw = headers.get(name);
    if (raw === null) continue;
    if (type === "number" || type === "integer") {
      const n = Number(raw.trim());
      if (raw.trim() !== "" && Number.isFinite(n) && (type === "number" || Number.isInteger(n))) out[name] = n;
    } else if (type === "boolean") {
      if (raw === "true" || raw === "false") out[name] = raw === "true";
    } else out[name] = type === "array" ? raw.split(",").map((v) => v.trim()) : raw;
  }
  return out;
}

/**
 * The Accept header for an operation (computed once): for the success responses, their JSON media
 * types where a status declares JSON, else what it declares; then the error responses' types
 * (problem+json), so that a server can still say what went wrong. A type the caller did not ask
 * for is not listed at a lower q either: the result's type is what was asked for.
 */
const accepts = new WeakMap<OperationSpec, string>();
function acceptOf(spec: OperationSpec): string {
  let accept = accepts.get(spec);
  if (accept === undefined) {
    const success: string[] = [];
    const errors: string[] = [];
    const statuses = Object.keys(spec.responses);
    const hasSuccess = statuses.some((s) => s.startsWith("2"));
    for (const status of statuses) {
      const types = spec.responses[status]!;
      if (status.startsWith("2") || (status === "default" && !hasSuccess)) {
        const json = types.filter(isJsonMediaType);
        success.push(...(json.length > 0 ? json : types));
      } else errors.push(...types);
    }
    accepts.set(spec, (accept = [...new Set([...success, ...errors])].join(", ")));
  }
  return accept;
}

/** Accept for a call that asks for one media type: it, then the error responses' types. */
function acceptFor(spec: OperationSpec, mediaType: string): string {
  const errors = Object.entries(spec.responses).flatMap(([status, types]) => (status.startsWith("2") ? [] : types));
  return [...new Set([mediaType, ...errors])].join(", ");
}

/** Headers that carry credentials, dropped from a request to another origin. */
const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/** The origin of `url` (resolved against the page in a browser); undefined when it has none. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url, (globalThis as { location?: { href: string } }).location?.href).origin;
  } catch {
    return undefined;
  }
}

const pairs = (list: Pair[], sep: string) => list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(sep);

/** Creates the runtime a generated client uses; `defaults` come from the spec. */
export function createRuntime(config: ClientConfig, defaults: { baseUrl: string; securitySchemes: Record<string, SecuritySchemeSpec> }): ClientRuntime {
  const warned = new Set<string>();
  const baseUrl = (config.baseUrl ?? defaults.baseUrl).replace(/\/+$/, "");
  const hooks = config.hooks ?? {};

  /** One attempt: fetch and read the body under one timeout, tied to the caller's signal. */
  async function send(ctx: RequestContext, spec: OperationSpec, timeoutMs: number, signal?: AbortSignal, schemas?: ResponseSchemas): Promise<ApiResponse> {
    signal?.throwIfAborted();
    // AbortSignal.timeout is one native object with an unref'd timer: measurably cheaper per
    // request than an AbortController, a setTimeout and listeners wired by hand.
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const combined = timeout && signal ? AbortSignal.any([signal, timeout]) : (timeout ?? signal);
    const fail = (error: unknown): never => {
      throw signal?.aborted ? signal.reason : timeout?.aborted ? new ApiTimeoutError(spec.id, timeoutMs) : new ApiNetworkError(spec.id, error);
    };
    let guard = <T>(work: Promise<T>): Promise<T> => work.catch(fail);
    if (config.fetch && combined) {
      // A custom fetch (or its body stream) may ignore the signal; the call still settles on abort.
      const aborted = new Promise<never>((_, reject) => combined.addEventListener("abort", () => reject(combined.reason), { once: true }));
      aborted.catch(() => {});
      guard = <T>(work: Promise<T>) => Promise.race([work, aborted]).catch(fail);
    }
    const fetcher = config.fetch ?? fetch;
    const response = await guard(fetcher(ctx.url, { ...ctx.init, signal: combined ?? null }));
    if (hooks.afterResponse) await hooks.afterResponse(ctx, response);
    const result = toResult(spec, response, await guard(readBody(response, spec)), config.validateResponses ? schemas : undefined);
    responseUrls.set(result, response.url || ctx.url);
    return result;
  }

  async function call(spec: OperationSpec, input: CallInput, options: CallOptions = {}, schemas?: ResponseSchemas, url?: string): Promise<ApiResponse> {
    if (spec.deprecated && !warned.has(spec.id)) {
      warned.add(spec.id);
      const sunset = spec.deprecated.sunset;
      (config.warn ?? console.warn)(`apigen client: ${spec.id} is deprecated${sunset ? ` (sunset ${sunset})` : ""}`);
    }
    const query = serializeQuery(spec.params, input.query);
    const target = url ?? baseUrl + expandPath(spec.path, spec.params, input.path) + (query ? `?${query}` : "");
    // A URL the server gave (a Link target) may lead anywhere: credentials never leave baseUrl's origin.
    const foreign = url !== undefined && originOf(url) !== originOf(baseUrl);
    if (foreign && config.crossOriginLinks !== "without-credentials") throw new CrossOriginLinkError(spec.id, url, originOf(baseUrl) ?? baseUrl);

    // Case-insensitive by lower-cased name; one Headers object is built per attempt from it.
    const headers = new Map<string, Pair>();
    const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
    const accept = options.accept ? acceptFor(spec, options.accept) : acceptOf(spec);
    if (accept) set("Accept", accept);
    if (config.headers && !foreign) for (const name in config.headers) set(name, config.headers[name]!);
    for (const name in input.headers ?? {}) {
      const text = serializeHeader(spec.params.find((p) => p.in === "header" && p.name.toLowerCase() === name.toLowerCase()), input.headers![name]);
      if (text !== undefined) set(name, text);
    }
    if (options.headers) for (const name in options.headers) set(name, options.headers[name]!);
    if (options.ifMatch) set("If-Match", options.ifMatch);
    if (options.ifNoneMatch) set("If-None-Match", options.ifNoneMatch);
    // One key per call, reused by every retry: that is what lets the server deduplicate. Where
    // the spec declares no key, a caller's idempotencyKey still goes, as Idempotency-Key (the
    // IETF draft's name), and makes the call retryable like a declared one.
    const declaredKey = spec.idempotencyKey === true ? "Idempotency-Key" : spec.idempotencyKey;
    const keyHeader = declaredKey ?? (options.idempotencyKey !== undefined ? "Idempotency-Key" : undefined);
    if (keyHeader) set(keyHeader, options.idempotencyKey ?? headers.get(keyHeader.toLowerCase())?.[1] ?? crypto.randomUUID());
    const hasKey = headers.has((keyHeader ?? "Idempotency-Key").toLowerCase());
    const { body, contentType } = serializeBody(input.body, options.contentType ?? spec.requestMediaTypes?.[0] ?? "application/json", spec.partTypes);
    if (contentType) set("Content-Type", contentType);
    const cookies = foreign ? "" : serializeCookies(spec.params, input.cookies);
    if (foreign) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    // A stream can be sent only once, so it is never retried (and Node needs duplex for it).
    const stream = typeof ReadableStream !== "undefined" && body instanceof ReadableStream;

    const policy = retryPolicy(options.retry ?? config.retry);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? 30_000;
    let ctx: RequestContext | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const auth = foreign ? { headers: [], query: [], cookies: [] } : await resolveAuth(spec.security, defaults.securitySchemes, config.auth);
        const h = new Headers([...headers.values()]);
        // Explicit headers win over credentials from config.auth.
        for (const [name, value] of auth.headers) if (!h.has(name)) h.set(name, value);
        const cookie = [h.get("cookie"), cookies, pairs(auth.cookies, "; ")].filter(Boolean).join("; ");
        if (cookie) h.set("Cookie", cookie);
        const authQuery = pairs(auth.query, "&");
        const init = { method: spec.method, headers: h, body: body ?? null, ...(stream ? { duplex: "half" as const } : {}) };
        ctx = { operation: spec.id, url: authQuery ? `${target}${target.includes("?") ? "&" : "?"}${authQuery}` : target, init, attempt };
        if (hooks.beforeRequest) await hooks.beforeRequest(ctx);
        try {
          return await send(ctx, spec, timeoutMs, options.signal, schemas);
        } catch (error) {
          const outcome = error instanceof ApiTimeoutError ? "timeout" : error instanceof ApiNetworkError ? "network" : error instanceof ApiError ? error.status : undefined;
          if (options.signal?.aborted || stream || outcome === undefined || !shouldRetry(policy, attempt, spec.method, hasKey, outcome)) throw error;
          await sleep(retryDelay(policy, attempt, error instanceof ApiError ? error.rateLimit.retryAfterMs : undefined), options.signal);
        }
      }
    } catch (error) {
      if (ctx) await hooks.onError?.(ctx, error);
      throw error;
    }
  }

  return { call };
}
