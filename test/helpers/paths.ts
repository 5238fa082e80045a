import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Scratch space inside the repo (git-ignored): generated code must sit next to node_modules to resolve zod. */
export const SCRATCH = path.join(REPO, ".tmp", "test");
export const FIXTURES = path.join(REPO, "test", "fixtures");
export const BIN = path.join(REPO, "bin", "apigen.js");
export const TSC7 = path.join(REPO, "node_modules", "tsc7", "bin", "tsc");
