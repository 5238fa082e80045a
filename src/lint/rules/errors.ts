import { isJsonMediaType, mediaTypeEssence, type Operation, type Response } from "../../ir/operation.js";
import type { SchemaNode } from "../../ir/schema.js";
import type { LintRule, RuleContext } from "../types.js";
import { isErrorStatus, responsePointer, resolveSchema } from "./helpers.js";

const label = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;
const isProblemJson = (contentType: string) => mediaTypeEssence(contentType) === "application/problem+json";

export const errorResponsesDocumented: LintRule = {
  id: "error-responses-documented",
  severity: "warn",
  description: "Every operation documents its error responses (4xx/5xx or default)",
  help: "Declare the errors the operation can answer (400, 401, 404, ... or a `default` problem response).",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (!op.responses.some((r) => isErrorStatus(r.status))) ctx.report(`${op.pointer}/responses`, `${label(op)} documents no error response`);
    }
  },
};

export const problemJsonErrors: LintRule = {
  id: "problem-json-errors",
  severity: "warn",
  description: "Error responses are application/problem+json (RFC 9457)",
  help: "Describe error bodies as `application/problem+json` with a ProblemDetails schema (type, title, status, detail, instance).",
  check(ctx) {
    for (const op of ctx.api.operations) {
      for (const r of op.responses) {
        if (!isErrorStatus(r.status) || r.content.some((m) => isProblemJson(m.contentType))) continue;
        if (r.content.length === 0 && op.method === "head") continue; // HEAD answers carry no body
        const what = r.content.length === 0 ? "has no body" : `is ${r.content.map((m) => m.contentType).join(", ")}`;
        ctx.report(responsePointer(ctx, op, r), `the ${r.status} response of ${label(op)} ${what}, not application/problem+json`, { shared: `this error response ${what}, not application/problem+json` });
      }
    }
  },
};

/** Top-level property names of an object schema (through refs and allOf); undefined when not an object. */
function shapeOf(ctx: RuleContext, node: SchemaNode, depth = 0): { names: Set<string>; required: Set<string> } | undefined {
  const target = resolveSchema(ctx, node);
  if (target.kind === "object") {
    return { names: new Set(target.properties.map((p) => p.name)), required: new Set(target.properties.filter((p) => p.required).map((p) => p.name)) };
  }
  if (target.kind === "intersection" && depth < 8) {
    const parts = target.members.map((m) => shapeOf(ctx, m, depth + 1)).filter((s) => s !== undefined);
    if (parts.length === 0) return undefined;
    return { names: new Set(parts.flatMap((p) => [...p.names])), required: new Set(parts.flatMap((p) => [...p.required])) };
  }
  return undefined;
}

export const consistentErrorShape: LintRule = {
  id: "consistent-error-shape",
  severity: "warn",
  description: "Error bodies share one shape across the spec",
  help: "Use one error schema (ideally RFC 9457 problem details, extended the same way everywhere) for every error response.",
  check(ctx) {
    const found: { op: Operation; r: Response; names: Set<string>; required: Set<string>; key: string }[] = [];
    // Error bodies that are not JSON at all (text/plain, text/html): a different shape from any JSON one.
    const unstructured: { op: Operation; r: Response; types: string[] }[] = [];
    for (const op of ctx.api.operations) {
      for (const r of op.responses) {
        if (!isErrorStatus(r.status)) continue;
        const media = r.content.find((m) => isJsonMediaType(m.contentType));
        if (!media && r.content.length > 0) unstructured.push({ op, r, types: r.content.map((m) => m.contentType) });
        const shape = media && shapeOf(ctx, media.schema);
        if (shape && shape.names.size > 0) found.push({ op, r, ...shape, key: [...shape.names].sort().join(",") });
      }
    }
    const counts = new Map<string, number>();
    for (const f of found) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
    const mainKey = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    const main = found.find((f) => f.key === mainKey);
    if (!main) return;
    // A shape agrees when it has the main shape's required members; when the main shape requires
    // nothing, when it shares at least half of its members (GitHub's validation-error and
    // basic-error share message and documentation_url: one model with extensions).
    for (const u of unstructured) {
      const what = `is ${u.types.join(", ")}, while most error bodies here are JSON objects`;
      ctx.report(responsePointer(ctx, u.op, u.r), `the ${u.r.status} error body of ${label(u.op)} ${what}`, { shared: `this error body ${what}` });
    }
    const core = main.required.size > 0 ? main.required : main.names;
    for (const f of found) {
      const missing = [...core].filter((n) => !f.names.has(n));
      const agrees = main.required.size > 0 ? missing.length === 0 : (core.size - missing.length) * 2 >= core.size;
      if (!agrees) {
        const what = `lacks ${missing.map((n) => `"${n}"`).join(", ")}, which most error bodies here have`;
        ctx.report(responsePointer(ctx, f.op, f.r), `the ${f.r.status} error body of ${label(f.op)} ${what}`, { shared: `this error body ${what}` });
      }
    }
  },
};
