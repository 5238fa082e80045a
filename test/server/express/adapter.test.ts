import { adapterSuite } from "./adapter-suite.js";
import { fallbackSuite } from "./fallback-suite.js";

adapterSuite("express");
fallbackSuite("express");
