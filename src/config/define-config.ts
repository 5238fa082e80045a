import type { ApigenConfig } from "./config-schema.js";

/**
 * Types and nothing else: `export default defineConfig({ jobs: [...] })` in apigen.config.ts.
 * Kept in a file of its own, with no runtime imports, because the config loader points the
 * config's `import ... from "apigen"` here (see load-config.ts).
 */
export function defineConfig(config: ApigenConfig): ApigenConfig {
  return config;
}
