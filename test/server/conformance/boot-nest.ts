/** Boots a generated Nest output in this process (vitest compiles its decorators). */
import "reflect-metadata";
import type { Server } from "node:http";
import path from "node:path";
import { NestFactory } from "@nestjs/core";
import { urlOf } from "./harness.js";

export async function bootNest(dir: string, config: object): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { ApiModule } = await import(path.join(dir, "nest", "api.module.gen.ts"));
  // bodyParser: false, as in the scaffolded main.ts: the runtime reads bodies after authentication.
  const app = await NestFactory.create(ApiModule.forRoot(config), { bodyParser: false, logger: false });
  await app.listen(0, "127.0.0.1");
  return { url: urlOf(app.getHttpServer()), server: app.getHttpServer(), close: () => app.close() };
}
