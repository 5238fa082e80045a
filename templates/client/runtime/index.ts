/**
 * The client runtime's public surface, imported by generated clients (client.gen.ts) and
 * re-exported from them for callers (errors, types).
 */
export { type ClientRuntime, createRuntime } from "./core.js";
export { CrossOriginLinkError } from "./cross-origin-error.js";
export { ApiError, type ApiErrorInit, ApiNetworkError, ApiTimeoutError, type ProblemDetailsLike } from "./errors.js";
export { ResponseValidationError, type ValidationIssue } from "./response-validation-error.js";
export {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  InternalServerError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableEntityError,
} from "./error-classes.js";
export { isOperationError, type OperationArgs, type OperationFunction, operation, type Page, type PaginatedOperation, paginated } from "./operation.js";
export { type StreamOperation, type StreamResponse, streamed } from "./stream.js";
export { type ServerSentEvent, StreamItemError, StreamProblemError } from "./item-streams.js";
export { items, pages } from "./paginate.js";
// Types only: paginate.js is loaded on a paginated operation's first walk or page (the size budget).
export type { PageRequest } from "./paginate.js";
export type * from "./types.js";
