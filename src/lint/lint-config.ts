import { z } from "zod";
import { RULE_IDS } from "./rule-ids.js";

const severity = z.enum(["error", "warn", "info", "off"]);
const words = z.array(z.string().min(1)).optional();

/**
 * The `lint` section of a job in apigen.config (strict: a misspelt key or rule id is an error
 * naming it, not a silently ignored setting).
 */
export const LintConfigSchema = z.strictObject({
  /** Severity per rule id: error, warn, info or off. */
  rules: z
    .record(z.string(), severity)
    .superRefine((rules, ctx) => {
      for (const id of Object.keys(rules)) {
        if (!RULE_IDS.includes(id)) ctx.addIssue({ code: "custom", path: [id], message: `unknown lint rule "${id}" (see apigen lint --list-rules)` });
      }
    })
    .optional(),
  /** API paths whose findings are dropped: a prefix (`/internal/`) or a glob (`/admin/**`, `/v1/*\/debug`). */
  ignorePaths: z.array(z.string().min(1)).optional(),
  /** Words added to the judgement rules' lists (see src/lint/words.ts for the defaults). */
  words: z.strictObject({ verbs: words, nonVerbs: words, plurals: words, singulars: words }).optional(),
  /** Most resource levels a path may have (path-nesting-depth; default 3). */
  maxPathDepth: z.number().int().positive().optional(),
  /** `apigen generate`: "error" stops on error-level findings; "never" (default) only prints them. */
  failOn: z.enum(["error", "never"]).optional(),
});

export type LintConfig = z.infer<typeof LintConfigSchema>;
