import { generatedSuite } from "./generated-suite.js";

generatedSuite("express");
