/**
 * Answers written while the request's body is still arriving (a 401/403 before the body is
 * read, a 404/405/406/415, a 413 past the limit). Node would otherwise keep the connection and
 * read the whole body to throw it away (hundreds of MB for a rejected upload), or, with
 * `Connection: close`, destroy the socket as soon as the answer is flushed, so a client still
 * sending gets a reset and may lose the answer. Here such an answer carries `Connection: close`,
 * and after it the server reads at most UNREAD_BODY_DRAIN_BYTES more of the body: a small body
 * ends within that and the connection closes cleanly (the client reads the answer); a large one
 * is cut there. Shared by every pack's writer (node-http.ts, the Fastify adapter).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { matchDeclaredMediaType } from "./body.js";
import { unsupportedMediaType } from "./problems.js";
import type { OperationContract, RawRequest } from "./types.js";

/** How much of an unread body is read, at most, after the answer, before the connection is cut. */
export const UNREAD_BODY_DRAIN_BYTES = 64 * 1024;

/** How long a client may take to send that much before the connection is cut anyway. */
const DRAIN_TIMEOUT_MS = 5_000;

/** Whether a request's headers announce a body (HTTP/1.1: a non-zero Content-Length or a Transfer-Encoding). */
export function announcesBody(headers: RawRequest["headers"]): boolean {
  const length = headers["content-length"];
  return headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * The 415 before the body is read: a body the operation does not take is never read (and its
 * answer closes the connection). The runtime checks it again on the bytes, as before.
 */
export function checkMediaTypeBeforeRead(contract: OperationContract, headers: RawRequest["headers"]): void {
  if (!contract.body || !announcesBody(headers)) return;
  const type = headers["content-type"];
  const contentType = (Array.isArray(type) ? type[0] : type) ?? "application/octet-stream";
  if (matchDeclaredMediaType(contract.body.contentTypes, contentType) === undefined) throw unsupportedMediaType(contentType, contract.body.contentTypes);
}

/** Whether part of the request's body has not arrived yet (what arrived is discarded by Node without cost). */
export function hasUnreadBody(req: IncomingMessage): boolean {
  return !req.complete && announcesBody(req.headers);
}

/**
 * Makes the connection close after the answer with a bounded drain; call it just before writing
 * the answer, which must carry `Connection: close`. The body is read (and dropped) by a listener
 * of ours, as Node's own discarding of an unread body gives no sign of how much went by; Node
 * ends the connection once the answer is out through `socket.destroySoon`, replaced for this
 * socket so that the close waits for the drain.
 */
export function closeAfterBoundedDrain(req: IncomingMessage, res: ServerResponse): void {
  const socket = res.socket as (Socket & { destroySoon?: () => void }) | null;
  if (!socket || socket.destroyed) return;
  let drained = 0;
  let stopped = false;
  let answered = false;
  // Closing once the answer is flushed, as Node's own destroySoon does.
  const close = () => (socket.writableFinished ? socket.destroy() : socket.once("finish", () => socket.destroy()));
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > UNREAD_BODY_DRAIN_BYTES) stop();
  };
  // The body ended (a clean close) or passed the bound (the close cuts it): no more waiting.
  const stop = () => {
    if (stopped) return;
    stopped = true;
    req.removeListener("data", onData);
    if (answered) close();
  };
  req.on("data", onData);
  req.once("end", stop);
  req.once("error", stop);
  socket.destroySoon = () => {
    answered = true;
    // No more writes; the read side stays open for the drain.
    socket.end();
    if (stopped) return void close();
    const timer = setTimeout(() => socket.destroy(), DRAIN_TIMEOUT_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}
