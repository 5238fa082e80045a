import { adapterSuite } from "../express/adapter-suite.js";
import { fallbackSuite } from "../express/fallback-suite.js";

adapterSuite("hono");
fallbackSuite("hono");
