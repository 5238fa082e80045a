// Idempotency across instances of a generated express server sharing one Redis (idempotency-suite.ts).
import { idempotencySuite } from "./idempotency-suite.js";

idempotencySuite("express");
