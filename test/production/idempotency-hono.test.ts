// Idempotency across instances of a generated hono server sharing one Redis (idempotency-suite.ts).
import { idempotencySuite } from "./idempotency-suite.js";

idempotencySuite("hono");
