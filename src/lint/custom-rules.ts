/**
 * Custom lint rules: the typed API a project uses to add its own rules in a JS/TS config
 * (`lint.custom`), and their adaptation to the runner. A rule is a function over the IR and the
 * located document that returns findings (or calls `report`); its findings are treated like a
 * built-in rule's (severities in `lint.rules`, `x-apigen-lint-ignore`, `ignorePaths`, merging at
 * shared components).
 */
import type { SourcePosition } from "../diagnostics/diagnostic.js";
import type { ApiDocument } from "../ir/document.js";
import type { SchemaNode } from "../ir/schema.js";
import type { OpenApiDocument } from "../load/load-spec.js";
import type { LintRule, LintSeverity, ReportOptions } from "./types.js";

/** What a custom rule reads. */
export interface LintRuleContext {
  /** The spec as apigen understands it (operations, parameters, responses, schemas). */
  api: ApiDocument;
  /** The bundled OpenAPI document (every `$ref` local; a Swagger 2.0 input converted to 3.0), for what the IR does not keep. */
  document: OpenApiDocument;
  /** A component schema of the IR by id (its pointer, e.g. `#/components/schemas/Order`). */
  schemaOf(id: string): SchemaNode | undefined;
  /** file:line:col of a pointer into `document`, in the file it was written in. */
  locate(pointer: string): SourcePosition | undefined;
  /** Reports a finding (same as returning it). */
  report(pointer: string, message: string, options?: ReportOptions): void;
}

/** A finding a custom rule returns: a JSON pointer into the document and a one-line message. */
export interface LintRuleFinding extends ReportOptions {
  pointer: string;
  message: string;
}

/** A custom rule, as written in `lint.custom` of apigen.config.ts / .mjs / .js. */
export interface CustomLintRule {
  /** kebab-case, and not a built-in rule's id (e.g. `acme-operation-summary`). */
  id: string;
  /** Default `warn`; `lint.rules` overrides it like any rule's. */
  severity?: LintSeverity;
  /** One line: what the rule checks (SARIF shortDescription). */
  description: string;
  /** How to fix a finding (printed with each one). */
  help: string;
  /** Where the rule is documented (SARIF helpUri). */
  url?: string;
  check(ctx: LintRuleContext): void | readonly LintRuleFinding[] | undefined;
}

/** A custom rule failed (threw, or returned something that is not a list of findings). */
export class CustomRuleError extends Error {
  readonly ruleId: string;
  constructor(ruleId: string, message: string) {
    super(message);
    this.name = "CustomRuleError";
    this.ruleId = ruleId;
  }
}

/** The runner's form of a custom rule; `locate` serves the rule's context. */
export function adaptCustomRule(custom: CustomLintRule, locate: (pointer: string) => SourcePosition | undefined): LintRule & { url?: string } {
  return {
    id: custom.id,
    severity: custom.severity ?? "warn",
    description: custom.description,
    help: custom.help,
    ...(custom.url ? { url: custom.url } : {}),
    check(ctx) {
      let returned: unknown;
      try {
        returned = custom.check({ api: ctx.api, document: ctx.document, schemaOf: ctx.schemaOf, locate, report: ctx.report });
      } catch (e) {
        throw new CustomRuleError(custom.id, `custom lint rule "${custom.id}" threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (returned === undefined || returned === null) return;
      if (!Array.isArray(returned)) throw new CustomRuleError(custom.id, `custom lint rule "${custom.id}" returned ${typeof returned}, not a list of findings`);
      returned.forEach((f: unknown, i) => {
        const finding = f as Partial<LintRuleFinding> | null;
        if (!finding || typeof finding.pointer !== "string" || typeof finding.message !== "string") {
          throw new CustomRuleError(custom.id, `custom lint rule "${custom.id}" returned a finding without a string pointer and message (item ${i})`);
        }
        ctx.report(finding.pointer, finding.message, { ...(finding.shared !== undefined ? { shared: finding.shared } : {}), ...(finding.operation ? { operation: finding.operation } : {}) });
      });
    },
  };
}
