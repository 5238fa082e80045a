import type { LintRule } from "../types.js";

/**
 * Problems of the document itself, found by the loader while reading it (apigen lint reads past
 * them and lints the rest): the runner reports them as findings of these rules, which therefore
 * check nothing themselves.
 */
export const validYaml: LintRule = {
  id: "valid-yaml",
  severity: "error",
  description: "The document is well-formed YAML or JSON (unique keys, closed brackets, consistent indentation)",
  help: "Fix the syntax at this position; the rest of the document was linted as far as the parser could read it.",
  check() {},
};

export const resolvableRefs: LintRule = {
  id: "resolvable-refs",
  severity: "error",
  description: "Every $ref points at something that exists",
  help: "Point the $ref at an existing component (e.g. '#/components/schemas/Name') or file, or add what it names; lint read the node as an empty object.",
  check() {},
};
