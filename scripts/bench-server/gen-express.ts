// The generated Express server of the bench spec, as a production main.ts would start it.
import { createExpressApp } from "./express/app.gen.js";
import { announce } from "./bench-listen.js";
import { verifiers } from "./security.js";
import { handlers } from "./server/handlers.gen.js";

const app = createExpressApp({ handlers, verifiers, options: { validateResponses: false } });
const server = app.listen(0, "127.0.0.1", () => announce(server));
