import type { Diagnostic, SourcePosition } from "../diagnostics/diagnostic.js";
import type { ApiDocument } from "../ir/document.js";
import type { SchemaNode } from "../ir/schema.js";
import { parsePointer } from "../load/json-pointer.js";
import type { LoadedSpec } from "../load/load-spec.js";
import { canonicalPointer, mergeShared } from "./group-shared.js";
import { collectIgnores, ignoreFor, pathIgnored, type IgnoreList } from "./ignores.js";
import type { LintConfig } from "./lint-config.js";
import { locatePointers } from "./locate.js";
import { adaptCustomRule, CustomRuleError } from "./custom-rules.js";
import { RULES, RUNNER_RULES, unusedLintIgnore } from "./registry.js";
import { resolvableRefs, validYaml } from "./rules/document.js";
import type { FindingSeverity, LintFinding, LintRule, LintSeverity } from "./types.js";
import { wordLists } from "./words.js";

interface RawFinding {
  rule: LintRule;
  ruleId: string;
  severity: FindingSeverity;
  pointer: string;
  message: string;
  shared?: string | false;
  operation?: string;
  /** Where the loader found it (a syntax error has an offset, not a pointer). */
  at?: SourcePosition;
}

/** The severity a rule runs at under this config. */
export function severityOf(rule: LintRule, config: LintConfig = {}): LintSeverity {
  return (config.rules?.[rule.id] as LintSeverity | undefined) ?? rule.severity;
}

export interface LintSpecOptions {
  /** Problems the loader read past (a syntax error, a broken `$ref`): reported as valid-yaml / resolvable-refs findings. */
  recovered?: readonly Diagnostic[];
  /**
   * Where a custom rule's failure goes (it threw, or returned something else than findings): a
   * diagnostic naming the rule. Without it (generate), the failure is an error finding of that rule.
   */
  ruleFailures?: Diagnostic[];
}

/**
 * Checks a loaded spec and its IR against every rule that is not off (built-in, then the
 * config's custom rules), applies the config's `ignorePaths` and the spec's
 * `x-apigen-lint-ignore` lists, and returns the findings located in the files as written, sorted
 * by file, line and column.
 */
export function lintSpec(spec: LoadedSpec, api: ApiDocument, config: LintConfig = {}, options: LintSpecOptions = {}): LintFinding[] {
  const recovered = options.recovered ?? [];
  const locate = (pointer: string) => locatePointers(spec, [pointer])[0]?.position;
  const allRules = [...RULES, ...(config.custom ?? []).map((c) => adaptCustomRule(c, locate))];
  // Loader problems first, then each rule's findings in rule order: mergeShared keeps the first of a group.
  const found = [...recoveredFindings(recovered, config), ...runRules(spec, api, config, allRules, options.ruleFailures)];
  // Collected after the rules ran: a custom rule is handed the document and could change it.
  const ignores = collectIgnores(spec.document);
  const canonical = canonicalLookup(spec.document);
  const unignored = unignoredFindings(found, recovered, ignores, config, canonical);
  // unused-lint-ignore only after the filter above, which marks the ignore ids that silenced something.
  const kept = [...mergeShared(unignored, canonical, (first, pointer, message) => ({ ...first, pointer, message })), ...unusedIgnoreFindings(ignores, allRules, config)];
  return locateFindings(spec, kept).sort(compareFindings);
}

/** Loader problems as findings of valid-yaml / resolvable-refs, at the loader's positions (a syntax error has no pointer to locate). */
function recoveredFindings(recovered: readonly Diagnostic[], config: LintConfig): RawFinding[] {
  const found: RawFinding[] = [];
  for (const d of recovered) {
    const rule = loaderRule(d);
    const severity = severityOf(rule, config);
    if (severity !== "off") found.push({ rule, ruleId: rule.id, severity, pointer: d.pointer, message: d.message, shared: false, at: d.position });
  }
  return found;
}

/**
 * Runs every rule that is on, except the runner's own (their findings come from the loader and
 * the ignore lists). A rule that reports the same message at the same pointer twice (it reached
 * the node along two routes) gives one finding. A custom rule that fails goes to `ruleFailures`
 * when given (apigen lint names it in a diagnostic), else becomes an error finding of that rule.
 */
function runRules(spec: LoadedSpec, api: ApiDocument, config: LintConfig, rules: readonly LintRule[], ruleFailures: Diagnostic[] | undefined): RawFinding[] {
  const schemas = new Map<string, SchemaNode>(api.schemas.map((s) => [s.id, s.schema]));
  const words = wordLists(config.words);
  const found: RawFinding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const severity = severityOf(rule, config);
    if (severity === "off" || RUNNER_RULES.has(rule)) continue;
    try {
      rule.check({
        api,
        document: spec.document,
        words,
        maxPathDepth: config.maxPathDepth ?? 3,
        schemaOf: (id) => schemas.get(id),
        report(pointer, message, options) {
          const key = `${rule.id}\u0000${pointer}\u0000${message}`;
          if (seen.has(key)) return;
          seen.add(key);
          found.push({ rule, ruleId: rule.id, severity, pointer, message, shared: options?.shared, operation: options?.operation });
        },
      });
    } catch (e) {
      if (!(e instanceof CustomRuleError)) throw e;
      const failure = { code: "APIGEN_LINT_RULE_FAILED", severity: "error" as const, message: e.message, pointer: "", help: "Fix the custom rule's check function (in the config's lint.custom), or turn the rule off in lint.rules." };
      if (ruleFailures) ruleFailures.push(failure);
      else found.push({ rule, ruleId: rule.id, severity: "error", pointer: "", message: e.message, shared: false });
    }
  }
  return found;
}

/** canonicalPointer, remembered: the ignore filter and mergeShared ask it for the same pointers, and each walk follows `$ref`s. */
function canonicalLookup(document: unknown): (pointer: string) => ReturnType<typeof canonicalPointer> {
  const canonicals = new Map<string, ReturnType<typeof canonicalPointer>>();
  return (pointer: string) => {
    let c = canonicals.get(pointer);
    if (!c) canonicals.set(pointer, (c = canonicalPointer(document, pointer)));
    return c;
  };
}

/**
 * The findings nothing silences: not about a stand-in for a dropped `$ref`, not under the
 * config's `ignorePaths`, not listed by an `x-apigen-lint-ignore`. Marks each ignore id that
 * silenced a finding as used, for unused-lint-ignore.
 */
function unignoredFindings(
  found: readonly RawFinding[],
  recovered: readonly Diagnostic[],
  ignores: Map<string, IgnoreList>,
  config: LintConfig,
  canonical: (pointer: string) => ReturnType<typeof canonicalPointer>,
): RawFinding[] {
  // A node whose broken $ref was dropped reads as {}: what the rules say about it (a response
  // without a body, ...) is about the stand-in, not the spec; resolvable-refs reports it.
  const dropped = recovered.filter((d) => d.pointer.endsWith("/$ref")).map((d) => d.pointer.slice(0, -"/$ref".length));
  const standIn = (f: RawFinding) => !f.at && dropped.some((p) => f.pointer === p || f.pointer.startsWith(`${p}/`));
  return found.filter((f) => {
    if (standIn(f)) return false;
    const apiPath = config.ignorePaths && f.pointer.startsWith("#/paths/") ? parsePointer(f.pointer)?.[1] : undefined;
    if (apiPath !== undefined && config.ignorePaths && pathIgnored(apiPath, config.ignorePaths)) return false;
    // No x-apigen-lint-ignore anywhere (most specs): nothing more to look up for thousands of findings.
    if (ignores.size === 0) return true;
    // An ignore where the node is used, or on the shared node itself (it then holds for every use).
    const target = canonical(f.pointer);
    const list = ignoreFor(ignores, f.pointer, f.rule.id) ?? (target.viaRef ? ignoreFor(ignores, target.pointer, f.rule.id) : undefined);
    list?.used.add(f.rule.id);
    return !list;
  });
}

/** unused-lint-ignore: each id of an `x-apigen-lint-ignore` that silenced nothing, unless its rule is off (it then has nothing to find). */
function unusedIgnoreFindings(ignores: Map<string, IgnoreList>, rules: readonly LintRule[], config: LintConfig): RawFinding[] {
  const severity = severityOf(unusedLintIgnore, config);
  if (severity === "off") return [];
  const found: RawFinding[] = [];
  for (const list of ignores.values()) {
    list.ruleIds.forEach((id, i) => {
      const rule = rules.find((r) => r.id === id);
      if (list.used.has(id) || (rule && severityOf(rule, config) === "off")) return;
      const message = rule ? `x-apigen-lint-ignore lists ${id}, which finds nothing here` : `x-apigen-lint-ignore lists ${id}, which is not a lint rule`;
      found.push({ rule: unusedLintIgnore, ruleId: unusedLintIgnore.id, severity, pointer: `${list.owner}/x-apigen-lint-ignore/${i}`, message });
    });
  }
  return found;
}

/** The findings as reported: each pointer located in the files as written, with the rule's help. */
function locateFindings(spec: LoadedSpec, kept: readonly RawFinding[]): LintFinding[] {
  const located = locatePointers(spec, kept.map((f) => f.pointer));
  return kept.map((f, i): LintFinding => {
    const at = located[i]!;
    // The loader's position wins when the pointer cannot say (a syntax error) or says less.
    const samePlace = !f.at || (at.position?.file === f.at.file && at.position.line === f.at.line && at.position.column === f.at.column);
    return {
      ruleId: f.rule.id,
      severity: f.severity,
      message: f.message,
      help: f.rule.help,
      pointer: at.pointer,
      position: f.at ?? at.position,
      ...(at.end && samePlace ? { end: at.end } : {}),
    };
  });
}

/** The rule a loader problem read past is reported under: a broken `$ref`, or a syntax error. */
export function loaderRule(d: Diagnostic): LintRule {
  return d.code.startsWith("APIGEN_REF_") ? resolvableRefs : validYaml;
}

/**
 * Findings for loader problems alone, at the loader's positions: for a document that could not be
 * read at all (its syntax errors), or one the other rules could not run on.
 */
export function loaderFindings(diagnostics: readonly Diagnostic[], config: LintConfig = {}): LintFinding[] {
  return diagnostics
    .flatMap((d): LintFinding[] => {
      const rule = loaderRule(d);
      const severity = severityOf(rule, config);
      if (severity === "off") return [];
      return [{ ruleId: rule.id, severity, message: d.message, help: rule.help, pointer: d.pointer, ...(d.position ? { position: d.position } : {}) }];
    })
    .sort(compareFindings);
}

function compareFindings(a: LintFinding, b: LintFinding): number {
  const pa = a.position;
  const pb = b.position;
  return (
    (pa?.file ?? "").localeCompare(pb?.file ?? "") ||
    (pa?.line ?? 0) - (pb?.line ?? 0) ||
    (pa?.column ?? 0) - (pb?.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/** Counts of findings by severity. */
export function countFindings(findings: readonly LintFinding[]): Record<FindingSeverity, number> {
  const counts = { error: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
