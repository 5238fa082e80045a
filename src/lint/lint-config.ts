import { z } from "zod";
import type { CustomLintRule } from "./custom-rules.js";
import { RULE_IDS } from "./rule-ids.js";

const severity = z.enum(["error", "warn", "info", "off"]);
const words = z.array(z.string().min(1)).optional();
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One custom rule (see CustomLintRule in custom-rules.ts): only a JS/TS config can hold its `check` function. */
const CustomRuleSchema = z.strictObject({
  id: z.string().regex(RULE_ID, "a rule id is kebab-case (lowercase words joined by -)"),
  severity: severity.optional(),
  description: z.string().min(1),
  help: z.string().min(1),
  url: z.url().optional(),
  check: z.custom<CustomLintRule["check"]>((v) => typeof v === "function", { message: "check must be a function (custom rules need a .ts, .mjs or .js config)" }),
});

/**
 * The `lint` section of a job in apigen.config (strict: a misspelt key or rule id is an error
 * naming it, not a silently ignored setting).
 */
export const LintConfigSchema = z
  .strictObject({
    /** Severity per rule id (built-in or custom): error, warn, info or off. */
    rules: z.record(z.string(), severity).optional(),
    /** API paths whose findings are dropped: a prefix (`/internal/`) or a glob (`/admin/**`, `/v1/*\/debug`). */
    ignorePaths: z.array(z.string().min(1)).optional(),
    /** Words added to the judgement rules' lists (see src/lint/words.ts for the defaults). */
    words: z.strictObject({ verbs: words, nonVerbs: words, plurals: words, singulars: words }).optional(),
    /** Most resource levels a path may have (path-nesting-depth; default 3). */
    maxPathDepth: z.number().int().positive().optional(),
    /** `apigen generate`: "error" stops on error-level findings; "never" (default) only prints them. */
    failOn: z.enum(["error", "never"]).optional(),
    /** The project's own rules (a JS/TS config): `{ id, severity?, description, help, url?, check(ctx) }`. */
    custom: z.array(CustomRuleSchema).optional(),
  })
  .superRefine((lint, ctx) => {
    const customIds = new Set<string>();
    (lint.custom ?? []).forEach((rule, i) => {
      if (RULE_IDS.includes(rule.id)) ctx.addIssue({ code: "custom", path: ["custom", i, "id"], message: `custom lint rule "${rule.id}" has the id of a built-in rule; choose another (a prefix such as "acme-")` });
      else if (customIds.has(rule.id)) ctx.addIssue({ code: "custom", path: ["custom", i, "id"], message: `custom lint rule "${rule.id}" is defined twice` });
      customIds.add(rule.id);
    });
    for (const id of Object.keys(lint.rules ?? {})) {
      if (!RULE_IDS.includes(id) && !customIds.has(id)) ctx.addIssue({ code: "custom", path: ["rules", id], message: `unknown lint rule "${id}" (see apigen lint --list-rules)` });
    }
  });

export type LintConfig = z.infer<typeof LintConfigSchema>;
