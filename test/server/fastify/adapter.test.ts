import { adapterSuite } from "../express/adapter-suite.js";

adapterSuite("fastify");
