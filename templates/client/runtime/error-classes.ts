/**
 * ApiError by status family, as hosted SDK generators name them: `catch (e) { if (e instanceof
 * NotFoundError) ... }`. Every one is an ApiError; statuses without a class of their own stay
 * ApiError. `name` is a field so that minifiers cannot rename it.
 *
 * The runtime loads this module when an error response arrives (a dynamic import), so a client
 * whose code never names these classes does not carry them until it needs one.
 */
import { ApiError, type ApiErrorInit } from "./errors.js";

export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
export class UnauthorizedError extends ApiError {
  override name = "UnauthorizedError";
}
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError";
}
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
export class ConflictError extends ApiError {
  override name = "ConflictError";
}
export class PreconditionFailedError extends ApiError {
  override name = "PreconditionFailedError";
}
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}
/** Any 5xx. */
export class ServerError extends ApiError {
  override name = "ServerError";
}
export class InternalServerError extends ServerError {
  override name = "InternalServerError";
}
export class BadGatewayError extends ServerError {
  override name = "BadGatewayError";
}
export class ServiceUnavailableError extends ServerError {
  override name = "ServiceUnavailableError";
}
export class GatewayTimeoutError extends ServerError {
  override name = "GatewayTimeoutError";
}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
  502: BadGatewayError,
  503: ServiceUnavailableError,
  504: GatewayTimeoutError,
};

/** The ApiError for an error response: the class of its status, else ServerError for 5xx, else ApiError. */
export function statusError(init: ApiErrorInit): ApiError {
  const status = init.status;
  return new (BY_STATUS[status] ?? (status >= 500 && status < 600 ? ServerError : ApiError))(init);
}

