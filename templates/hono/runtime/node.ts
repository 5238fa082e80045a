/**
 * The Hono app on Node, through @hono/node-server: a `node:http` server, so the shared runtime's
 * lifecycle (configureHttpServer, installGracefulShutdown) works on it as on the other packs.
 * The only Node-specific file of this pack; Bun, Deno and Workers take `app.fetch` directly.
 *
 * An answer written while the request's body is still arriving (a 401 before an upload is read)
 * closes the connection after a bounded drain, as in the Node packs (../server/unread-body.ts),
 * instead of @hono/node-server's own cleanup, which reads up to 64 MB of a rejected upload.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { closeAfterBoundedDrain, hasUnreadBody } from "../server/unread-body.js";

/** Starts serving the app on `port` and `hostname`; `listening` runs once it accepts connections. */
export function serveOnNode(app: Hono, port: number, hostname: string, listening?: () => void): Server {
  const listener = getRequestListener(app.fetch, { autoCleanupIncoming: false });
  const server = createServer((req, res) => {
    closeWhenBodyUnread(req, res);
    void listener(req, res);
  });
  return server.listen(port, hostname, listening);
}

/** Just before the head is written: with part of the body still to come, `Connection: close` (Node adds it) and the bounded drain. */
function closeWhenBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (hasUnreadBody(req)) {
      res.shouldKeepAlive = false;
      closeAfterBoundedDrain(req, res);
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
