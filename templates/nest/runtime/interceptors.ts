/**
 * The interceptor every operation's controller method runs. After the guards (authentication)
 * and around the controller method (whose pipe validated the input), it does what the runtime's
 * `handle` does after authentication, in the same order:
 *
 * - the input step first (memoised: the pipe then reuses it), since the idempotency key and the
 *   body's fingerprint are known only after it;
 * - the rest under the request's idempotency key, when it has one (replay, 422, 409);
 * - the handler's result turned into the RawResponse (response validation, ETag/304,
 *   Deprecation, request id);
 * - that RawResponse written with Node's writeHead/end (controllers take `@Res()`, so Nest itself
 *   sends nothing and adds no header).
 *
 * One interceptor rather than three: each extra one costs Nest an AsyncResource binding and an
 * rxjs layer per request, which profiles showed as a large share of the Nest pack's time.
 * Errors go past it to the exception filter, as in `handle`.
 */
import type { ServerResponse } from "node:http";
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from "@nestjs/common";
import { from, lastValueFrom, type Observable } from "rxjs";
import type { HandlerResponse } from "../server/types.js";
import { exchangeOf, type NestApi } from "./exchange.js";
import { send } from "./http.js";
import { NEST_API } from "./tokens.js";

@Injectable()
export class ApiInterceptor implements NestInterceptor<HandlerResponse, void> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  intercept(context: ExecutionContext, next: CallHandler<HandlerResponse>): Observable<void> {
    const exchange = exchangeOf(this.api, context);
    const res = context.switchToHttp().getResponse<ServerResponse>();
    const { runtime } = this.api;
    const run = () => lastValueFrom(next.handle()).then((result) => runtime.respond(exchange.contract, exchange.state, result));
    return from(
      exchange
        .prepareInput()
        .then(() => (exchange.state.idempotencyKey === undefined ? run() : runtime.runIdempotent(exchange.contract, exchange.state, run)))
        .then((response) => send(res, response)),
    );
  }
}

/** The interceptors of every operation: `@UseInterceptors(...apiInterceptors)`. */
export const apiInterceptors = [ApiInterceptor];
