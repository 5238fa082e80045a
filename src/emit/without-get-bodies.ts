import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ApiDocument } from "../ir/document.js";

/**
 * GET and HEAD operations are generated without the request body a spec may declare for them:
 * fetch refuses to send one (the client's call would throw a TypeError), HTTP gives it no
 * meaning, caches and proxies may drop it, and PRACTICES types GET/HEAD handlers so that they
 * cannot take one. Each dropped body is a warning at its place. The IR keeps it for lint, which
 * runs before (rule no-get-request-body).
 */
export function withoutGetBodies(api: ApiDocument): { api: ApiDocument; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  const operations = api.operations.map((op) => {
    if ((op.method !== "get" && op.method !== "head") || op.requestBody === undefined) return op;
    const verb = op.method.toUpperCase();
    warnings.push({
      code: "APIGEN_GET_REQUEST_BODY",
      severity: "warning",
      message: `${verb} ${op.path} declares a request body, which a ${verb} request cannot carry (fetch refuses to send it): generated without it`,
      pointer: `${op.pointer}/requestBody`,
      help: "send its fields as query parameters, or make the operation a POST",
    });
    return { ...op, requestBody: undefined };
  });
  return warnings.length === 0 ? { api, warnings } : { api: { ...api, operations }, warnings };
}
