// The generated Fastify server of the bench spec, as a production main.ts would start it.
// Response filtering is on, as by default; BENCH_FILTER=0 turns it off to measure what it costs.
import { announce } from "./bench-listen.js";
import { createFastifyApp } from "./fastify/app.gen.js";
import { verifiers } from "./security.js";
import { handlers } from "./server/handlers.gen.js";

const app = createFastifyApp({ handlers, verifiers, options: { validateResponses: false, filterResponses: process.env["BENCH_FILTER"] !== "0" } });
await app.listen({ port: 0, host: "127.0.0.1" });
announce(app.server);
