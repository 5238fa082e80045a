// Starts a generated Nest server for tests (the pack API's `boot`; the conformance suite calls it
// with the output folder and the module's options). Loaded by vitest, which compiles the output
// with the decorator metadata Nest reads.
import "reflect-metadata";
import type { Server } from "node:http";
import path from "node:path";
import { NestFactory } from "@nestjs/core";

export async function listen(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { ApiModule } = await import(path.join(dir, "nest", "api.module.gen.ts"));
  // bodyParser: false, as in the scaffolded main.ts: the runtime reads bodies after authentication.
  const app = await NestFactory.create(ApiModule.forRoot(config), { bodyParser: false, logger: false });
  await app.listen(0, "127.0.0.1");
  const server: Server = app.getHttpServer();
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, close: () => app.close() };
}
