import path from "node:path";
import { fileURLToPath } from "node:url";

/** The templates folder shipped beside dist/ (and beside src/ when run from source). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "templates");
