/** apigen's programmatic surface: the config helper and types, and the pipeline itself. */
export { type ApigenConfig, type JobConfig } from "./config/config-schema.js";
export { defineConfig } from "./config/define-config.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate.js";
export type { CustomLintRule as LintRule, LintRuleContext, LintRuleFinding } from "./lint/custom-rules.js";
export type { LintConfig } from "./lint/lint-config.js";
export type { LintFinding, LintSeverity, ReportOptions } from "./lint/types.js";
export type { ClientPackHooks, ClientPackView, PackManifest, PackPart, PackTemplateEntry, PackTools, PathPart, ServerPackHooks } from "./packs/pack-api.js";
export type { ContractView, ServerRouteView, ServerSchemeView, ServerTagView, ServerView } from "./emit/server/server-view-types.js";
