/**
 * The client runtime: builds a request from an OperationSpec and the caller's input, applies
 * credentials, sends it with a per-attempt timeout and retries; response.ts turns the response
 * into an ApiResponse or one of the errors in errors.ts.
 */
import type { DebugLog } from "./debug.js";
import { ApiError, ApiNetworkError, ApiTimeoutError } from "./errors.js";
import { readResponse } from "./response.js";
import type { Guard } from "./response.js";
import { rateLimitOf, retryDelay, retryPolicy, shouldRetry, sleep } from "./retry.js";
import { expandPath, isMultipartObject, serializeBody, serializeCookies, serializeHeader, serializeQuery } from "./serialize.js";
import type { ApiResponse, CallInput, CallOptions, ClientConfig, Credential, Middleware, OperationSpec, RequestContext, ResponseSchemas, SecurityRequirement, SecuritySchemeSpec } from "./types.js";

/** What generated clients call. `url` replaces the built URL (used to follow Link headers). */
export interface ClientRuntime {
  call(spec: OperationSpec, input: CallInput, options?: CallOptions, schemas?: ResponseSchemas, url?: string): Promise<ApiResponse>;
  /** The last attempt's Response: body unread, status unchecked (retries, timeouts and middleware apply). */
  raw(spec: OperationSpec, input: CallInput, options?: CallOptions): Promise<Response>;
  /** The URL a response came from (after redirects): paginate.ts resolves relative Link targets against it. */
  urlOf(response: ApiResponse): string | undefined;
}

/** The URL each response came from (ClientRuntime.urlOf). */
const responseUrls: WeakMap<ApiResponse, string> = new WeakMap<ApiResponse, string>();

type Pair = [name: string, value: string];

/** UTF-8 safe base64 (btoa alone only takes Latin-1). */
const base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(""));

/**
 * Credentials for the first security alternative whose schemes all have one configured.
 * Providers are called on every attempt, so a refreshed token is picked up by retries.
 */
export async function resolveAuth(security: SecurityRequirement[] | undefined, schemes: Record<string, SecuritySchemeSpec>, credentials: Record<string, Credential | undefined> = {}): Promise<{ headers: Pair[]; query: Pair[]; cookies: Pair[] }> {
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

/** Accept for a call that asks for one media type: it, then the error responses' types. */
function acceptFor(spec: OperationSpec, mediaType: string): string {
  const errors = Object.entries(spec.responses).flatMap(([status, types]) => (status.startsWith("2") ? [] : types));
  return [...new Set([mediaType, ...errors])].join(", ");
}

/** The origin of `url` (resolved against the page in a browser); undefined when it has none. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url, (globalThis as { location?: { href: string } }).location?.href).origin;
  } catch {
    return undefined;
  }
}

const pairs = (list: Pair[], sep: string) => list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(sep);

/** Whether this runs in a browser (a page or a worker), where a request cannot set User-Agent. */
const inBrowser = () => "document" in globalThis || "WorkerGlobalScope" in globalThis;

/** Creates the runtime a generated client uses; `defaults` come from the spec (and the SDK's name for User-Agent). */
export function createRuntime(config: ClientConfig, defaults: { baseUrl: string; securitySchemes: Record<string, SecuritySchemeSpec>; userAgent?: string | undefined }): ClientRuntime {
  const warned = new Set<string>();
  const baseUrl = (config.baseUrl ?? defaults.baseUrl).replace(/\/+$/, "");
  const schemes = defaults.securitySchemes;
  const hooks = config.hooks;
  // `hooks` are the last link of the chain, the closest to fetch, where they always ran; what they return is ignored, as it always was.
  const hook = <A extends unknown[]>(f?: (...args: A) => unknown) => f && (async (...args: A) => void (await f(...args)));
  const chain: Middleware[] = [...(config.middleware ?? []), ...(hooks ? [{ onRequest: hook(hooks.beforeRequest), onResponse: hook(hooks.afterResponse), onError: hook(hooks.onError) } as Middleware] : [])];
  const userAgent = config.userAgent === false ? undefined : (config.userAgent ?? defaults.userAgent);
  // The optional parts load on first use (dynamic imports), so a client without them does not carry their code.
  let debug: Promise<DebugLog> | undefined;
  const debugLog = () => (debug ??= import("./debug.js").then((m) => m.debugLogger(config.debug as true, schemes)));

  /**
   * One call, all its attempts: the parsed ApiResponse, or with `raw` the last attempt's Response
   * as it came. A closure, unlike the steps it calls (prepare, exchange, readResponse): passing
   * what it reads of the runtime in an object would cost the startup bundle its field names,
   * which the minifier keeps (test/client/client-size.test.ts holds that bundle under 6 kB).
   */
  async function run(spec: OperationSpec, input: CallInput, options: CallOptions, schemas: ResponseSchemas | undefined, url: string | undefined, raw: boolean): Promise<ApiResponse | Response> {
    if (spec.deprecated) warnDeprecated(config, spec.id, spec.deprecated.sunset, warned);
    const [requestFor, stream, hasKey] = await prepare(config, spec, input, options, url, baseUrl, schemes, userAgent);

    const policy = retryPolicy(options.retry ?? config.retry);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? 30_000;
    // The deadline across all attempts and waits: one signal that the attempts and the backoff sleep obey.
    const totalMs = options.totalTimeoutMs ?? config.totalTimeoutMs ?? 0;
    const deadline = totalMs > 0 ? AbortSignal.timeout(totalMs) : undefined;
    const signal = deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
    const log = config.debug ? await debugLog() : undefined;
    let fetcher = config.fetch ?? fetch;
    if (options.onUploadProgress || options.onDownloadProgress) fetcher = (await import("./progress.js")).withProgress(fetcher, options);
    let ctx: RequestContext | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const context = await requestFor(attempt);
        ctx = context;
        try {
          // The middleware onion: onRequest in order (one may answer instead of fetch), onResponse back out.
          let response: Response | undefined;
          let inner = 0;
          while (inner < chain.length && !response) response = (await chain[inner++]!.onRequest?.(context)) ?? undefined;
          let guard: Guard = (work) => work;
          if (!response) [response, guard] = await exchange(config, context, spec.id, fetcher, timeoutMs, signal, log);
          for (let i = inner - 1; i >= 0; i--) response = (await chain[i]!.onResponse?.(context, response)) ?? response;
          if (raw) {
            if (response.ok || stream || signal?.aborted || !shouldRetry(policy, attempt, spec.method, hasKey, response.status)) return response;
            await response.body?.cancel().catch(() => {});
            await sleep(retryDelay(policy, attempt, rateLimitOf(response.headers).retryAfterMs), signal);
            continue;
          }
          const result = await readResponse(spec, response, guard, config.validateResponses ? schemas : undefined);
          responseUrls.set(result, response.url || context.url);
          return result;
        } catch (error) {
          const outcome = error instanceof ApiTimeoutError ? "timeout" : error instanceof ApiNetworkError ? "network" : error instanceof ApiError ? error.status : undefined;
          if (signal?.aborted || stream || outcome === undefined || !shouldRetry(policy, attempt, spec.method, hasKey, outcome)) throw error;
          await sleep(retryDelay(policy, attempt, error instanceof ApiError ? error.rateLimit.retryAfterMs : undefined), signal);
        }
      }
    } catch (error) {
      // The deadline's abort (in fetch or in a backoff wait) is a timeout of the whole call.
      let failure = deadline?.aborted && !options.signal?.aborted ? new ApiTimeoutError(spec.id, totalMs, "total") : error;
      if (ctx) for (let i = chain.length - 1; i >= 0; i--) failure = (await chain[i]!.onError?.(ctx, failure)) ?? failure;
      throw failure;
    }
  }

  return {
    call: (spec, input, options = {}, schemas, url) => run(spec, input, options, schemas, url, false) as Promise<ApiResponse>,
    raw: (spec, input, options = {}) => run(spec, input, options, undefined, undefined, true) as Promise<Response>,
    urlOf: (response) => responseUrls.get(response),
  };
}

/** Warns of a deprecated operation on its first call through this runtime (`warned`: the ids already warned of). */
function warnDeprecated(config: ClientConfig, id: string, sunset: string | undefined, warned: Set<string>): void {
  if (warned.has(id)) return;
  warned.add(id);
  (config.warn ?? console.warn)(`apigen client: ${id} is deprecated${sunset ? ` (sunset ${sunset})` : ""}`);
}

/**
 * A call's request as prepare() builds it once: what makes each attempt's request (with the
 * credentials as they are then), whether the body is a stream (sent once, never retried), and
 * whether an idempotency key goes with it (which makes any method retryable).
 * A tuple, not an object: its field names would be kept by the minifier, in the startup bundle.
 */
type Prepared = [requestFor: (attempt: number) => Promise<RequestContext>, stream: boolean, hasKey: boolean];

/** The URL, headers and body of a call, built once: its retries send the same request. */
async function prepare(config: ClientConfig, spec: OperationSpec, input: CallInput, options: CallOptions, url: string | undefined, baseUrl: string, schemes: Record<string, SecuritySchemeSpec>, userAgent: string | undefined): Promise<Prepared> {
  const base = options.baseUrl === undefined ? baseUrl : options.baseUrl.replace(/\/+$/, "");
  const query = serializeQuery(spec.params, input.query);
  const target = url ?? base + expandPath(spec.path, spec.params, input.path) + (query ? `?${query}` : "");
  // A URL the server gave (a Link target) may lead anywhere: credentials never leave baseUrl's origin.
  const foreign = url !== undefined && originOf(url) !== originOf(base);
  if (foreign && config.crossOriginLinks !== "without-credentials") throw new (await import("./cross-origin-error.js")).CrossOriginLinkError(spec.id, url, originOf(base) ?? base);

  // Case-insensitive by lower-cased name; one Headers object is built per attempt from it.
  const headers = new Map<string, Pair>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
  // Nothing from the config goes to another origin, the SDK's name included.
  if (userAgent && !foreign) {
    // A browser keeps its own User-Agent; X-Client goes to the page's origin only, since on a
    // cross-origin request it would need the server's CORS allow-list (and a preflight).
    if (!inBrowser()) set("User-Agent", userAgent);
    else if (originOf(target) === originOf("")) set("X-Client", userAgent);
  }
  // The generator writes each operation's Accept (JSON first: operation-spec.ts acceptHeader);
  // a spec written by hand gets every type its responses declare.
  const accept = options.accept ? acceptFor(spec, options.accept) : (spec.accept ?? [...new Set(Object.values(spec.responses).flat())].join(", "));
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
  const requestType = options.contentType ?? spec.requestMediaTypes?.[0] ?? "application/json";
  const { body, contentType } = isMultipartObject(input.body, requestType) ? (await import("./multipart.js")).multipartBody(input.body, spec.partTypes) : serializeBody(input.body, requestType);
  if (contentType) set("Content-Type", contentType);
  const cookies = foreign ? "" : serializeCookies(spec.params, input.cookies);
  // The call's own headers may carry credentials too (an API key passed in `headers`).
  if (foreign) for (const name of (await import("./credential-headers.js")).credentialHeaders(schemes)) headers.delete(name);
  // A stream can be sent only once, so it is never retried (and Node needs duplex for it).
  const stream = typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
  const credentials = options.auth ? { ...config.auth, ...options.auth } : config.auth;
  // Credentials are resolved for each attempt: a provider may have refreshed them for a retry.
  const requestFor = async (attempt: number): Promise<RequestContext> => {
    const auth = foreign ? { headers: [], query: [], cookies: [] } : await resolveAuth(spec.security, schemes, credentials);
    const h = new Headers([...headers.values()]);
    // Explicit headers win over credentials from config.auth.
    for (const [name, value] of auth.headers) if (!h.has(name)) h.set(name, value);
    const cookie = [h.get("cookie"), cookies, pairs(auth.cookies, "; ")].filter(Boolean).join("; ");
    if (cookie) h.set("Cookie", cookie);
    const authQuery = pairs(auth.query, "&");
    const init = { method: spec.method, headers: h, body: body ?? null, ...(stream ? { duplex: "half" as const } : {}) };
    return { operation: spec.id, url: authQuery ? `${target}${target.includes("?") ? "&" : "?"}${authQuery}` : target, init, attempt };
  };
  return [requestFor, stream, hasKey];
}

/** Sends one attempt under its timeout, tied to the call's signal; `guard` puts reading the body under the same timeout. */
async function exchange(config: ClientConfig, ctx: RequestContext, id: string, fetcher: typeof fetch, timeoutMs: number, signal: AbortSignal | undefined, log: DebugLog | undefined): Promise<[Response, Guard]> {
  signal?.throwIfAborted();
  // AbortSignal.timeout is one native object with an unref'd timer: measurably cheaper per
  // request than an AbortController, a setTimeout and listeners wired by hand.
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const combined = timeout && signal ? AbortSignal.any([signal, timeout]) : (timeout ?? signal);
  const fail = (error: unknown): never => {
    throw signal?.aborted ? signal.reason : timeout?.aborted ? new ApiTimeoutError(id, timeoutMs) : new ApiNetworkError(id, error);
  };
  let guard: Guard = (work) => work.catch(fail);
  if (config.fetch && combined) {
    // A custom fetch (or its body stream) may ignore the signal; the call still settles on abort.
    const aborted = new Promise<never>((_, reject) => combined.addEventListener("abort", () => reject(combined.reason), { once: true }));
    aborted.catch(() => {});
    guard = (work) => Promise.race([work, aborted]).catch(fail);
  }
  const started = log ? performance.now() : 0;
  try {
    const response = await guard(fetcher(ctx.url, { ...ctx.init, signal: combined ?? null }));
    log?.(ctx, response, performance.now() - started);
    return [response, guard];
  } catch (error) {
    log?.(ctx, error, performance.now() - started);
    throw error;
  }
}
