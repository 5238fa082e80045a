/**
 * The validation pipe: the handler's argument, validated by the runtime's `prepareInput` with
 * the operation's zod schemas (406 Accept, 413 size, 415 content type, 400 malformed JSON or
 * invalid fields). Used through the `@ValidatedRequest()` parameter decorator.
 */
import { createParamDecorator, type ExecutionContext, Inject, Injectable, type PipeTransform } from "@nestjs/common";
import type { HandlerRequest, HandlerResponse } from "../server/index.js";
import { exchangeOf, type NestApi } from "./exchange.js";
import { NEST_API } from "./tokens.js";

/** Runs the runtime's input step for the operation the parameter's method serves. */
@Injectable()
export class ZodValidationPipe implements PipeTransform<ExecutionContext, Promise<HandlerRequest<unknown>>> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  transform(context: ExecutionContext): Promise<HandlerRequest<unknown>> {
    // Authenticates first (memoised): an unauthenticated caller never gets its body read.
    return exchangeOf(this.api, context).prepareInput();
  }
}

// The parameter's raw value is the execution context itself: the pipe needs the route's contract and the request.
const OperationContext = createParamDecorator((_data: unknown, context: ExecutionContext) => context);

/**
 * The handler's validated request (path, query, headers, cookies, body, principal, request id,
 * signal, preconditions), exactly what the runtime's `handle` would pass the handler.
 */
export const ValidatedRequest = (): ParameterDecorator => OperationContext(undefined, ZodValidationPipe);

/** What a controller method gets from `@Responder()`: give it the call of your handler. */
export type Respond = (call: () => HandlerResponse | Promise<HandlerResponse>) => Promise<void>;

/** The response step of the operation the parameter's method serves (see Exchange.answer). */
@Injectable()
export class ResponderPipe implements PipeTransform<ExecutionContext, Respond> {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  transform(context: ExecutionContext): Respond {
    const exchange = exchangeOf(this.api, context);
    return (call) => exchange.answer(call);
  }
}

/**
 * Runs the handler and writes the runtime's response: `return respond(() => handler(request))`.
 * A pipe rather than an interceptor: every Nest interceptor costs an AsyncResource binding and
 * an rxjs layer per request, which measured as about a quarter of the pack's time.
 */
export const Responder = (): ParameterDecorator => OperationContext(undefined, ResponderPipe);
