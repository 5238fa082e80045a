import { z } from "zod";
import { LintConfigSchema } from "../lint/lint-config.js";
import { parseByteSize } from "./byte-size.js";

/** One generation job: an input spec and an output folder, with what to generate there. */
export const JobSchema = z.strictObject({
  /** Path or http(s) URL of the OpenAPI document. */
  input: z.string().min(1),
  /** Output folder, relative to the config file. */
  output: z.string().min(1),
  /** Also generate the typed client. */
  client: z.boolean().optional(),
  /** Also generate a server with this pack: a built-in one's name or a pack folder's path, relative to the config file. */
  server: z.string().min(1).optional(),
  /** Also generate a client pack over the typed client (implies client): a built-in one's name or a pack folder's path, relative to the config file. */
  clientPack: z.string().min(1).optional(),
  /** Make the output folder a publishable npm package (implies client). */
  clientPackage: z
    .strictObject({
      name: z.string().min(1),
      version: z.string().optional(),
      /** SPDX license expression for package.json (default: the spec's info.license, when it names one). */
      license: z.string().min(1).optional(),
      /** package.json `repository`: "github:acme/api-client", a URL, or { type, url, directory }. */
      repository: z.union([z.string().min(1), z.strictObject({ type: z.string().min(1), url: z.string().min(1), directory: z.string().min(1).optional() })]).optional(),
      /** package.json `publishConfig`, e.g. { access: "public", registry: "https://npm.acme.dev/", provenance: true }. */
      publishConfig: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
      author: z.string().min(1).optional(),
      homepage: z.string().min(1).optional(),
      keywords: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  /** auto (Prettier, Biome for big files), prettier, or none. */
  format: z.enum(["auto", "prettier", "none"]).optional(),
  prettierMaxBytes: z.number().int().nonnegative().optional(),
  /** Scaffolds the project has its own of, never written: paths in the output folder, `*` within one segment, `**` across segments (e.g. "main.ts", "handlers/*"). */
  skipScaffolds: z.array(z.string().min(1)).optional(),
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
  /**
   * Lint settings: rule severities, ignored paths, word lists, whether generate stops on errors
   * (see `apigen lint`); `false`: generate, check and watch do not lint (`apigen lint` still does).
   */
  lint: z.union([z.literal(false), LintConfigSchema]).optional(),
  /** strict (default): an invalid document stops the run; warn: errors with one obvious reading become warnings. */
  validation: z.enum(["strict", "warn"]).optional(),
});

export const ConfigSchema = z.strictObject({
  jobs: z.array(JobSchema).min(1),
  /** Remote $ref URLs are fetched only when they start with one of these prefixes. */
  allowRemoteRefs: z.array(z.string()).optional(),
  /** Follow local $refs outside the spec's folder tree. */
  allowFilesOutside: z.boolean().optional(),
  /** Size limit for the spec and each document it references: bytes, or a string such as "200MB" (default 50 MB). */
  maxInputBytes: z
    .union([z.number().int().positive(), z.string()])
    .optional()
    .superRefine((value, ctx) => {
      if (typeof value === "string" && parseByteSize(value) === undefined) ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is not a size; write a number of bytes or e.g. "200MB"` });
    }),
});

export type JobConfig = z.infer<typeof JobSchema>;
export type ApigenConfig = z.infer<typeof ConfigSchema>;
