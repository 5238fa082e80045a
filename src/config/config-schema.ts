import { z } from "zod";
import { LintConfigSchema } from "../lint/lint-config.js";

/** One generation job: an input spec and an output folder, with what to generate there. */
export const JobSchema = z.strictObject({
  /** Path or http(s) URL of the OpenAPI document. */
  input: z.string().min(1),
  /** Output folder, relative to the config file. */
  output: z.string().min(1),
  /** Also generate the typed client. */
  client: z.boolean().optional(),
  /** Also generate a server on this framework (route registration, handler types, scaffolds). */
  server: z.enum(["express", "fastify", "nest"]).optional(),
  /** Make the output folder a publishable npm package (implies client). */
  clientPackage: z.strictObject({ name: z.string().min(1), version: z.string().optional() }).optional(),
  /** auto (Prettier, Biome for big files), prettier, or none. */
  format: z.enum(["auto", "prettier", "none"]).optional(),
  prettierMaxBytes: z.number().int().nonnegative().optional(),
  /** Folder of template overrides: `<dir>/<pack>/<template>.hbs` (e.g. `core/models.gen.ts.hbs`) replaces a built-in template. */
  templates: z.string().min(1).optional(),
  /** Suffixes of derived names (identifier characters only). */
  naming: z
    .strictObject({
      schemaSuffix: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
      writeSuffix: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
      inputSuffix: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
      valuesSuffix: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
    })
    .optional(),
  /** Lint settings: rule severities, ignored paths, word lists, whether generate stops on errors (see `apigen lint`). */
  lint: LintConfigSchema.optional(),
  /** strict (default): an invalid document stops the run; warn: errors with one obvious reading become warnings. */
  validation: z.enum(["strict", "warn"]).optional(),
});

export const ConfigSchema = z.strictObject({
  jobs: z.array(JobSchema).min(1),
  /** Remote $ref URLs are fetched only when they start with one of these prefixes. */
  allowRemoteRefs: z.array(z.string()).optional(),
  /** Follow local $refs outside the spec's folder tree. */
  allowFilesOutside: z.boolean().optional(),
});

export type JobConfig = z.infer<typeof JobSchema>;
export type ApigenConfig = z.infer<typeof ConfigSchema>;

/** Types and nothing else: `export default defineConfig({ jobs: [...] })` in apigen.config.ts. */
export function defineConfig(config: ApigenConfig): ApigenConfig {
  return config;
}
