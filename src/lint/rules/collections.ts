import { firstJson, type Operation } from "../../ir/operation.js";
import type { SchemaNode } from "../../ir/schema.js";
import type { LintRule, RuleContext } from "../types.js";
import { casingOf, localParamPointer, resolveSchema } from "./helpers.js";

const label = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Query parameters that move through a collection (cursor, page, offset, keyset). */
const PAGING_PARAMS = new Set(
  ["cursor", "page", "page_number", "pagenumber", "offset", "skip", "after", "before", "starting_after", "ending_before", "page_token", "pagetoken", "next", "next_token", "nexttoken", "continuation_token", "continuationtoken", "marker", "start", "since", "from", "$skip", "skiptoken", "$skiptoken"],
);
/** Query parameters that cap a page's size. */
const LIMIT_PARAMS = new Set(["limit", "per_page", "perpage", "page_size", "pagesize", "size", "max_results", "maxresults", "top", "$top", "first", "count", "pagelen", "max"]);
/** Fields of a wrapper object that hold the items of a page. */
const ITEMS_FIELDS = new Set(["data", "items", "results", "records", "entries", "values", "content", "elements"]);

function isScalar(ctx: RuleContext, node: SchemaNode): boolean {
  return ["string", "number", "integer", "boolean", "enum", "const", "null"].includes(resolveSchema(ctx, node).kind);
}

/** Whether a GET answers a list of resources: an array of objects, or a small wrapper around one. */
function returnsList(ctx: RuleContext, op: Operation): boolean {
  const ok = op.responses.find((r) => r.status === "200" || r.status === "2XX");
  const body = ok && firstJson(ok.content)?.schema;
  if (!body) return false;
  const target = resolveSchema(ctx, body);
  // Arrays of arrays are series (GitHub's weekly code_frequency), not resources to page through.
  if (target.kind === "array") return !isScalar(ctx, target.items) && !["array", "tuple"].includes(resolveSchema(ctx, target.items).kind);
  if (target.kind !== "object" || target.properties.length > 4) return false;
  return target.properties.some((p) => {
    const field = resolveSchema(ctx, p.schema);
    return ITEMS_FIELDS.has(p.name.toLowerCase()) && field.kind === "array" && !isScalar(ctx, field.items);
  });
}

export const listPaginated: LintRule = {
  id: "list-paginated",
  severity: "warn",
  description: "Operations that return a list of resources are paginated",
  help: "Add cursor pagination (`limit` + `cursor` query parameters, `{ data, next_cursor, has_more }` in the response), or declare `x-pagination`.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (op.method !== "get" || op.pagination || !returnsList(ctx, op)) continue;
      const query = op.parameters.filter((p) => p.in === "query").map((p) => p.name.toLowerCase());
      if (query.some((q) => PAGING_PARAMS.has(q))) continue;
      const ok = op.responses.find((r) => r.status === "200" || r.status === "2XX");
      if (ok?.headers.some((h) => h.name.toLowerCase() === "link")) continue;
      const limitOnly = query.some((q) => LIMIT_PARAMS.has(q));
      ctx.report(op.pointer, `${label(op)} returns a list ${limitOnly ? "with a size limit but no way to fetch the next page" : "without pagination"}`);
    }
  },
};

export const boundedLimit: LintRule = {
  id: "bounded-limit",
  severity: "warn",
  description: "Page-size parameters (limit, per_page, ...) declare a maximum",
  help: "Give the page-size parameter a `maximum` (e.g. 100) and a `default`, so that no request can ask for everything at once.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      for (const p of op.parameters) {
        if (p.in !== "query" || !LIMIT_PARAMS.has(p.name.toLowerCase())) continue;
        const schema = resolveSchema(ctx, p.schema);
        if ((schema.kind === "integer" || schema.kind === "number") && schema.maximum === undefined && schema.exclusiveMaximum === undefined) {
          ctx.report(localParamPointer(ctx, op, p), `query parameter "${p.name}" of ${label(op)} has no maximum`, { shared: `query parameter "${p.name}" has no maximum`, operation: label(op) });
        }
      }
    }
  },
};

const STYLE_NAMES: Record<string, string> = { kebab: "kebab-case", snake: "snake_case", camel: "camelCase", pascal: "PascalCase" };

export const queryParamCasing: LintRule = {
  id: "query-param-casing",
  severity: "warn",
  description: "Multi-word query parameters use one casing style across the spec",
  help: "Rename the parameter to the spec's prevailing style (e.g. page_size everywhere, or pageSize everywhere).",
  check(ctx) {
    const names = new Map<string, Set<string>>();
    for (const op of ctx.api.operations) {
      for (const p of op.parameters) {
        const style = casingOf(p.name);
        if (p.in === "query" && STYLE_NAMES[style]) names.set(style, (names.get(style) ?? new Set()).add(p.name));
      }
    }
    if (names.size < 2) return;
    const main = [...names.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0]![0];
    for (const op of ctx.api.operations) {
      for (const p of op.parameters) {
        const style = casingOf(p.name);
        if (p.in !== "query" || !STYLE_NAMES[style] || style === main) continue;
        const what = `is ${STYLE_NAMES[style]}, while most multi-word query parameters are ${STYLE_NAMES[main]}`;
        ctx.report(localParamPointer(ctx, op, p), `query parameter "${p.name}" of ${label(op)} ${what}`, { shared: `query parameter "${p.name}" ${what}`, operation: label(op) });
      }
    }
  },
};
