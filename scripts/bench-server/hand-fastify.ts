// The hand-written Fastify server of the bench (hand-fastify-app.ts), listening.
import { announce } from "./bench-listen.js";
import { createHandFastifyApp } from "./hand-fastify-app.js";

const app = createHandFastifyApp();
await app.listen({ port: 0, host: "127.0.0.1" });
announce(app.server);
