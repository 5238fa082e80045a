import type { SourcePosition } from "../diagnostics/diagnostic.js";
import type { ApiDocument } from "../ir/document.js";
import type { SchemaNode } from "../ir/schema.js";
import type { OpenApiDocument } from "../load/load-spec.js";
import type { WordLists } from "./words.js";

/** How much a finding matters; `off` turns a rule off. */
export type LintSeverity = "error" | "warn" | "info" | "off";
export type FindingSeverity = Exclude<LintSeverity, "off">;

/** One problem a rule found, located in the spec as the user wrote it. */
export interface LintFinding {
  /** The rule's stable id, e.g. `no-verbs-in-paths`. */
  ruleId: string;
  severity: FindingSeverity;
  message: string;
  /** How to fix it (the rule's help). */
  help: string;
  /** JSON pointer in the input as written (a Swagger 2.0 input: a pointer into the 2.0 document). */
  pointer: string;
  /** file:line:col of the node; the file a `$ref` led to when the spec spans files. */
  position?: SourcePosition;
  /** Where the located text ends (line, exclusive column): the key, the scalar, or the first line of a block. */
  end?: { line: number; column: number };
}

/** What a rule reads and how it reports; the runner binds `report` to the rule. */
export interface RuleContext {
  api: ApiDocument;
  /** The bundled document (every $ref local), for what the IR does not keep. */
  document: OpenApiDocument;
  words: WordLists;
  /** Most resource levels a path may have (path-nesting-depth). */
  maxPathDepth: number;
  /** A component schema by id (its pointer), for following refs. */
  schemaOf(id: string): SchemaNode | undefined;
  /**
   * Reports a finding at a pointer into `document`. When the node there is a `$ref` to a shared
   * node (a component) that other findings of the rule reach too, the runner reports it once, at
   * the shared node, with `options.shared` as its message (default: the first use's message) and
   * the operations that use it; `shared: false` keeps one finding per use (a judgement about
   * each operation, not about the node).
   */
  report(pointer: string, message: string, options?: ReportOptions): void;
}

export interface ReportOptions {
  /** The message about the shared node itself (without naming an operation), or false: never merge. */
  shared?: string | false;
  /** The operation the finding is made for (`GET /orders`), when the pointer is not inside it (a path-level parameter). */
  operation?: string;
}

export interface LintRule {
  id: string;
  /** Severity unless the config says otherwise. */
  severity: LintSeverity;
  /** One line: what the rule checks (README table, SARIF shortDescription). */
  description: string;
  /** How to fix a finding (printed with each one). */
  help: string;
  check(ctx: RuleContext): void;
}
