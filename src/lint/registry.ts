import { boundedLimit, listPaginated, queryParamCasing } from "./rules/collections.js";
import { unusedComponents } from "./rules/components.js";
import { resolvableRefs, validYaml } from "./rules/document.js";
import { consistentErrorShape, errorResponsesDocumented, problemJsonErrors } from "./rules/errors.js";
import { examplesValid } from "./rules/examples.js";
import {
  createdHasLocation,
  createReturns201,
  deleteStatusCode,
  deprecatedHasSunset,
  idempotencyKeyOnCreate,
  noDeleteRequestBody,
  noGetRequestBody,
  operationIdRequired,
  operationIdUnique,
} from "./rules/operations.js";
import { consistentPathCasing, kebabCasePaths, noIntegerPathIds, noVerbsInPaths, pathNestingDepth, pluralCollections } from "./rules/paths.js";
import { rateLimitDocumented } from "./rules/rate-limits.js";
import { streamItemSchema, streamMarked } from "./rules/streams.js";
import { noApiKeyInQuery, noOauth2ImplicitPassword, securedOperationDocuments401, securedOperationDocuments403 } from "./rules/security.js";
import { httpsServers, singleVersioningScheme } from "./rules/servers.js";
import type { LintRule } from "./types.js";

/** Reported by the runner itself: an `x-apigen-lint-ignore` entry that silenced nothing. */
export const unusedLintIgnore: LintRule = {
  id: "unused-lint-ignore",
  severity: "warn",
  description: "Every x-apigen-lint-ignore entry silences a finding",
  help: "Remove the rule id from x-apigen-lint-ignore: the rule finds nothing here (any more), or the id is misspelt.",
  check() {},
};

/** Every rule, in the order the README lists them. */
export const RULES: readonly LintRule[] = [
  validYaml,
  resolvableRefs,
  noVerbsInPaths,
  pluralCollections,
  kebabCasePaths,
  consistentPathCasing,
  pathNestingDepth,
  noIntegerPathIds,
  singleVersioningScheme,
  operationIdRequired,
  operationIdUnique,
  noGetRequestBody,
  noDeleteRequestBody,
  createReturns201,
  createdHasLocation,
  deleteStatusCode,
  errorResponsesDocumented,
  problemJsonErrors,
  consistentErrorShape,
  securedOperationDocuments401,
  securedOperationDocuments403,
  noOauth2ImplicitPassword,
  noApiKeyInQuery,
  httpsServers,
  listPaginated,
  boundedLimit,
  queryParamCasing,
  idempotencyKeyOnCreate,
  deprecatedHasSunset,
  rateLimitDocumented,
  streamItemSchema,
  streamMarked,
  examplesValid,
  unusedComponents,
  unusedLintIgnore,
];

/** Rules the runner reports itself (from the loader, or from the other rules' findings); their check does nothing. */
export const RUNNER_RULES: ReadonlySet<LintRule> = new Set([validYaml, resolvableRefs, unusedLintIgnore]);

export function ruleById(id: string): LintRule | undefined {
  return RULES.find((r) => r.id === id);
}
