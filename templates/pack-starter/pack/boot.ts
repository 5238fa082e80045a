// Starts the generated server for tests: apigen's conformance suite (and test/pack.test.ts) call
// `listen` with the output folder and the app's config. Loaded by vitest, which compiles the output.
import type { Server } from "node:http";
import path from "node:path";

export async function listen(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createNodeServer } = await import(path.join(dir, "__PACK__", "app.gen.ts"));
  const server: Server = createNodeServer(config);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, close };
}
