/** apigen's programmatic surface: the config helper and types, and the pipeline itself. */
export { defineConfig, type ApigenConfig, type JobConfig } from "./config/config-schema.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate.js";
