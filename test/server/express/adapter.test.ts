import { adapterSuite } from "./adapter-suite.js";

adapterSuite("express");
