// Starts a generated Fastify server for tests (the pack API's `boot`; the conformance suite calls
// it with the output folder and the app's config). Loaded by vitest, which compiles the output.
import type { Server } from "node:http";
import path from "node:path";

export async function listen(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createFastifyApp } = await import(path.join(dir, "fastify", "app.gen.ts"));
  const app = createFastifyApp(config);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const server: Server = app.server;
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, close: () => app.close() };
}
