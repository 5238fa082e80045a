/**
 * What a handler receives: the validated inputs and the request's context. A class, so that the
 * abort signal can be a getter on the prototype: adapters build the signal (an AbortController
 * and a close listener, microseconds each) only when a handler reads it, and the object keeps
 * one shape (defining a getter per object made V8 treat every request as a dictionary).
 */
import type { HandlerContextBase, Preconditions, RawRequest } from "./types.js";
import type { ValidatedInputs } from "./validate.js";

const NEVER_ABORTED = new AbortController().signal;

export class HandlerRequestImpl<P> implements ValidatedInputs, HandlerContextBase<P> {
  path: unknown;
  query: unknown;
  headers: unknown;
  cookies: unknown;
  body: unknown;
  /** Which declared media type the body came as (operations that accept several). */
  contentType: string | undefined;
  requestId: string;
  principal: P;
  preconditions: Preconditions;
  readonly #raw: RawRequest;
  /** Streaming operations: graceful shutdown's signal, which aborts the handler's too (stream.ts). */
  readonly #stopping: AbortSignal | undefined;

  constructor(inputs: ValidatedInputs, contentType: string | undefined, requestId: string, principal: P, preconditions: Preconditions, raw: RawRequest, stopping?: AbortSignal) {
    this.path = inputs.path;
    this.query = inputs.query;
    this.headers = inputs.headers;
    this.cookies = inputs.cookies;
    this.body = inputs.body;
    this.contentType = contentType;
    this.requestId = requestId;
    this.principal = principal;
    this.preconditions = preconditions;
    this.#raw = raw;
    this.#stopping = stopping;
  }

  get signal(): AbortSignal {
    const gone = this.#raw.signal ?? NEVER_ABORTED;
    return this.#stopping === undefined ? gone : AbortSignal.any([gone, this.#stopping]);
  }
}
