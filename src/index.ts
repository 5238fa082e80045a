/** apigen's programmatic surface: the config helper and types, and the pipeline itself. */
export { type ApigenConfig, type JobConfig } from "./config/config-schema.js";
export { defineConfig } from "./config/define-config.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate.js";
