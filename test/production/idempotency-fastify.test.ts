// Idempotency across instances of a generated fastify server sharing one Redis (idempotency-suite.ts).
import { idempotencySuite } from "./idempotency-suite.js";

idempotencySuite("fastify");
