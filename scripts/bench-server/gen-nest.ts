// The generated Nest server of the bench spec, created as the scaffolded main.ts does.
// Response filtering is on, as by default; BENCH_FILTER=0 turns it off to measure what it costs.
import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import { announce } from "./bench-listen.js";
import { ApiModule } from "./nest/api.module.gen.js";
import { verifiers } from "./security.js";
import { handlers } from "./server/handlers.gen.js";

const app = await NestFactory.create(ApiModule.forRoot({ handlers, verifiers, options: { validateResponses: false, filterResponses: process.env["BENCH_FILTER"] !== "0" } }), { bodyParser: false, logger: false });
await app.listen(0, "127.0.0.1");
announce(app.getHttpServer());
