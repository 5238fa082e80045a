// The generated Express server of the bench spec, as a production main.ts would start it.
// Response filtering is on, as by default; BENCH_FILTER=0 turns it off to measure what it costs.
import { createExpressApp } from "./express/app.gen.js";
import { announce } from "./bench-listen.js";
import { verifiers } from "./security.js";
import { handlers } from "./server/handlers.gen.js";

const app = createExpressApp({ handlers, verifiers, options: { validateResponses: false, filterResponses: process.env["BENCH_FILTER"] !== "0" } });
const server = app.listen(0, "127.0.0.1", () => announce(server));
