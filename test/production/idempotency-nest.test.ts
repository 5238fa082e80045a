// Idempotency across instances of a generated nest server sharing one Redis (idempotency-suite.ts).
import { idempotencySuite } from "./idempotency-suite.js";

idempotencySuite("nest");
