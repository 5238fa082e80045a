// Starts a generated Express server for tests (the pack API's `boot`; the conformance suite calls
// it with the output folder and the app's config). Loaded by vitest, which compiles the output.
import type { Server } from "node:http";
import path from "node:path";

export async function listen(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createExpressApp } = await import(path.join(dir, "express", "app.gen.ts"));
  const server: Server = await new Promise((resolve) => {
    const started: Server = createExpressApp(config).listen(0, "127.0.0.1", () => resolve(started));
  });
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, close };
}
