/**
 * The NestJS pack's runtime: Nest's guards, pipes, filter and probes over the
 * shared server runtime (../server/), so a Nest server answers every request byte for byte
 * like the Express and Fastify ones. Copied verbatim by apigen.
 */
export { ApiOperation, contractOf, Exchange, exchangeOf, type NestApi, OPERATION_METADATA, pathnameOf, servesRequest, UnmatchedRoute } from "./exchange.js";
export { ApiExceptionFilter } from "./filter.js";
export { SecuritySchemeGuard, usesScheme } from "./guards.js";
export { type NestHttpRequest, send, toRawRequest } from "./http.js";
export { type ApiModuleConfig, type ApiModuleOptions, apiProviders, PlatformCheck } from "./module.js";
export { type Respond, Responder, ResponderPipe, ValidatedRequest, ZodValidationPipe } from "./pipe.js";
export { ProbesController } from "./probes.js";
export { API_HANDLERS, NEST_API } from "./tokens.js";
