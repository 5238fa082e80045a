/**
 * The interceptors every operation's controller method runs, outermost first:
 *
 * - SendInterceptor writes the final RawResponse with Node's writeHead/end (controllers take
 *   `@Res()`, so Nest itself sends nothing and adds no header);
 * - IdempotencyInterceptor runs the rest under the request's idempotency key (replay, 422, 409);
 * - RespondInterceptor turns the handler's result into the RawResponse (response validation,
 *   ETag/304, Deprecation, request id).
 *
 * Errors go past all three to the exception filter, as in the runtime's `handle`.
 */
import type { ServerResponse } from "node:http";
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from "@nestjs/common";
import { from, lastValueFrom, map, type Observable } from "rxjs";
import type { HandlerResponse, RawResponse } from "../server/types.js";
import { exchangeOf, type NestApi } from "./exchange.js";
import { send } from "./http.js";
import { NEST_API } from "./tokens.js";

/** Writes the RawResponse the inner interceptors produce, exactly as it is. */
@Injectable()
export class SendInterceptor implements NestInterceptor<RawResponse, void> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  intercept(context: ExecutionContext, next: CallHandler<RawResponse>): Observable<void> {
    // Made here at the latest (guards usually did), so the request id exists before anything can fail.
    exchangeOf(this.api, context);
    const res = context.switchToHttp().getResponse<ServerResponse>();
    return next.handle().pipe(map((response) => send(res, response)));
  }
}

/**
 * Idempotent replay for operations that declare an idempotency key. The key and the body's
 * fingerprint are known only after the input step, so that step runs first (memoised: the
 * pipe then reuses it), exactly where the runtime's `handle` runs it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor<RawResponse, RawResponse> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  intercept(context: ExecutionContext, next: CallHandler<RawResponse>): Observable<RawResponse> {
    const exchange = exchangeOf(this.api, context);
    const run = () => lastValueFrom(next.handle());
    return from(
      exchange.prepareInput().then(() => (exchange.state.idempotencyKey === undefined ? run() : this.api.runtime.runIdempotent(exchange.contract, exchange.state, run))),
    );
  }
}

/** The handler's result as the runtime's RawResponse. */
@Injectable()
export class RespondInterceptor implements NestInterceptor<HandlerResponse, RawResponse> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  intercept(context: ExecutionContext, next: CallHandler<HandlerResponse>): Observable<RawResponse> {
    const exchange = exchangeOf(this.api, context);
    return next.handle().pipe(map((result) => this.api.runtime.respond(exchange.contract, exchange.state, result)));
  }
}

/** The interceptors of every operation, outermost first: `@UseInterceptors(...apiInterceptors)`. */
export const apiInterceptors = [SendInterceptor, IdempotencyInterceptor, RespondInterceptor];
