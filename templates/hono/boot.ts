// Starts a generated Hono server for tests (the pack API's `boot`; the conformance suite calls
// it with the output folder and the app's config), on Node through the output's own serveOnNode.
import type { Server } from "node:http";
import path from "node:path";

export async function listen(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createHonoApp } = await import(path.join(dir, "hono", "app.gen.ts"));
  const { serveOnNode } = await import(path.join(dir, "runtime", "hono", "node.ts"));
  const server: Server = await new Promise((resolve) => {
    const started: Server = serveOnNode(createHonoApp(config), 0, "127.0.0.1", () => resolve(started));
  });
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, close };
}
