import { generatedSuite } from "../express/generated-suite.js";

generatedSuite("fastify");
