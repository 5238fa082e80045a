/**
 * The server runtime's public API, shared by every server pack. Nothing it loads needs a `node:`
 * module, so it runs on web-standard runtimes too (the Hono pack); the Node packs' adapters import
 * ./node-http.js, Node's request and response, themselves.
 */
export { readBody, readBodyThen, parseBody, essenceOf, isJsonMediaType, matchDeclaredMediaType } from "./body.js";
export { RequestState } from "./compile.js";
export { etagOf, ifMatchMatches, ifNoneMatchMatches, parseEtagList, preconditionsFor } from "./conditional.js";
export { createCursorCodec, type CursorCodec } from "./cursor.js";
export { DEFAULT_IDEMPOTENCY_LEASE_MS, DEFAULT_IDEMPOTENCY_MAX_BYTES, DEFAULT_IDEMPOTENCY_TTL_MS, type BeginResult, type IdempotencyStore, MemoryIdempotencyStore, type StoredResponse } from "./idempotency.js";
export { RedisIdempotencyStore, type RedisIdempotencyStoreOptions } from "./redis-idempotency.js";
export type { RedisConnection } from "./redis.js";
export { configureHttpServer, createLifecycle, type GracefulShutdownOptions, installGracefulShutdown, type Lifecycle, probes, stoppingSignal } from "./lifecycle.js";
export { isItemSource, ResponseStream, type StreamContract, type StreamFormat, type StreamOptions, type StreamSink } from "./stream.js";
export { isAcceptable, parseAccept, successMediaTypes } from "./negotiate.js";
export { createServerRuntime, type Handler, type HandlerRequest, type ServerRuntime, type ServerRuntimeConfig } from "./pipeline.js";
export * from "./problems.js";
export { requestIdOf } from "./request-id.js";
export { allowedMethods, buildRouteTable, type RouteEntry } from "./routes.js";
export { challengeOf, extractCredentials, runsSecurity } from "./security.js";
export type * from "./types.js";
export { isParsedQuery, parseQuery, parseQueryString, searchParamsToObject } from "./query.js";
export { parseCookies, toPointer } from "./validate.js";
export { decodeForm, type FieldPlan, type FormPlan } from "./form.js";
export { type MultipartBody, type MultipartLimits, readMultipart } from "./multipart.js";
export { UploadedFile } from "./uploaded-file.js";
export { type CorsOptions, createCors } from "./cors.js";
export { clientAddressOf } from "./client-address.js";
export { MemoryRateLimitStore, type RateLimitCaller, type RateLimitHit, type RateLimitOptions, type RateLimitStore } from "./rate-limit.js";
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from "./redis-rate-limit.js";
