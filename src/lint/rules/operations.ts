import { firstJson, type Operation } from "../../ir/operation.js";
import type { LintRule, RuleContext } from "../types.js";
import { isVerbSegment, pluralityOf, splitWords } from "../words.js";
import { hasStatus, rawAt, resolveSchema, responsePointer, segmentsOf } from "./helpers.js";

const label = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** First words of an operationId that say the operation reads or checks: a POST so named queries (LaunchDarkly's getFlagConfigScheduledChangesConflicts). */
const READ_NAMES = new Set(["get", "list", "search", "query", "find", "lookup", "check", "validate", "verify", "preview", "estimate", "calculate", "compute", "count", "test", "fetch", "retrieve"]);

/** The first word of an operationId's own name (`createUser`, `users/create-user`, `user_create` give create, create, user). */
function operationVerb(op: Operation): string | undefined {
  if (!op.operationIdDeclared) return undefined;
  return splitWords(op.operationId.split("/").pop() ?? "")[0];
}

/**
 * An operation that creates: a POST that answers 201; or a POST that answers 200 and either
 * goes to a collection with a body (`/orders`, `/orders/{id}/items`: the last segment a plural
 * noun, by word, not one it cannot judge such as `vimeo_oauth1`) or is named create... (`POST
 * /user` createUser). A POST whose operationId says it reads (get..., list..., search...) is a
 * query. A POST whose 200 answers an array adds to a set and returns the set (GitHub's POST
 * .../labels), bare or wrapped: no new resource, so not a create either.
 */
export function isCreate(op: Operation, ctx: RuleContext): boolean {
  if (op.method !== "post") return false;
  if (hasStatus(op, "201")) return true;
  const verb = operationVerb(op);
  if (verb && READ_NAMES.has(verb)) return false;
  const last = segmentsOf(op.path).pop();
  const toCollection =
    op.requestBody && last && !last.param && !last.text.includes(":") && !isVerbSegment(last.text, ctx.words) && pluralityOf(last.text, ctx.words) === "plural";
  const named = verb === "create" && hasStatus(op, "200");
  if (!toCollection && !named) return false;
  const ok = op.responses.find((r) => r.status === "200");
  const body = ok && resolveSchema(ctx, firstJson(ok.content)?.schema ?? { kind: "unknown", pointer: "", nullable: false });
  if (body?.kind === "array") return false;
  // ...or the set wrapped in an object under the collection's name (`{ total_count, labels: [...] }`).
  const wrapped = body?.kind === "object" && last && body.properties.find((p) => p.name === last.text.replace(/-/g, "_"));
  return !(wrapped && resolveSchema(ctx, wrapped.schema).kind === "array");
}

export const operationIdRequired: LintRule = {
  id: "operation-id-required",
  severity: "warn",
  description: "Every operation has an operationId",
  help: "Add an operationId (a stable camelCase name such as listOrders); generated clients and docs are named after it.",
  check(ctx) {
    for (const op of ctx.api.operations) if (!op.operationIdDeclared) ctx.report(op.pointer, `${label(op)} has no operationId`);
  },
};

export const operationIdUnique: LintRule = {
  id: "operation-id-unique",
  severity: "error",
  description: "operationIds are unique across the spec",
  help: "Rename one of the operations: an operationId must identify exactly one operation.",
  check(ctx) {
    const first = new Map<string, Operation>();
    for (const op of ctx.api.operations) {
      if (!op.operationIdDeclared) continue;
      const seen = first.get(op.operationId);
      if (seen) ctx.report(`${op.pointer}/operationId`, `operationId "${op.operationId}" of ${label(op)} is also used by ${label(seen)}`);
      else first.set(op.operationId, op);
    }
  },
};

export const noGetRequestBody: LintRule = {
  id: "no-get-request-body",
  severity: "error",
  description: "GET and HEAD operations have no request body",
  help: "Move the input to query parameters, or make the operation a POST (e.g. POST /orders/searches) if it really needs a body.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      // The IR drops such a body (normalize-operations.ts), so the document is read.
      if ((op.method === "get" || op.method === "head") && rawAt(ctx, `${op.pointer}/requestBody`) !== undefined) ctx.report(`${op.pointer}/requestBody`, `${label(op)} declares a request body`);
    }
  },
};

export const noDeleteRequestBody: LintRule = {
  id: "no-delete-request-body",
  severity: "warn",
  description: "DELETE operations have no request body (intermediaries may drop it)",
  help: "Identify what to delete in the path or query, or use POST on an action resource for bulk deletes.",
  check(ctx) {
    for (const op of ctx.api.operations) if (op.method === "delete" && op.requestBody) ctx.report(`${op.pointer}/requestBody`, `${label(op)} declares a request body`);
  },
};

export const createReturns201: LintRule = {
  id: "create-returns-201",
  severity: "warn",
  description: "Operations that create a resource answer 201, not 200",
  help: "Answer 201 Created (with a Location header) when the POST creates a resource.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (!isCreate(op, ctx) || hasStatus(op, "201")) continue;
      const ok = op.responses.find((r) => r.status === "200");
      // Per operation even when the 200 response is shared: each operation chooses its status.
      if (ok) ctx.report(responsePointer(ctx, op, ok), `${label(op)} creates a resource but answers 200 instead of 201`, { shared: false });
    }
  },
};

export const createdHasLocation: LintRule = {
  id: "created-has-location",
  severity: "warn",
  description: "201 responses declare a Location header",
  help: "Declare a `Location` header on the 201 response with the URL of the new resource.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      for (const r of op.responses) {
        if (r.status === "201" && !r.headers.some((h) => h.name.toLowerCase() === "location")) {
          ctx.report(responsePointer(ctx, op, r), `the 201 response of ${label(op)} has no Location header`, { shared: "this 201 response has no Location header" });
        }
      }
    }
  },
};

export const deleteStatusCode: LintRule = {
  id: "delete-status-code",
  severity: "warn",
  description: "DELETE operations answer 204, or 200/202",
  help: "Answer 204 No Content (or 200 with the deleted resource, 202 when deletion is asynchronous).",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (op.method !== "delete") continue;
      const success = op.responses.filter((r) => /^2/.test(r.status));
      if (!success.some((r) => ["200", "202", "204", "2XX"].includes(r.status))) {
        ctx.report(`${op.pointer}/responses`, `${label(op)} answers ${success.map((r) => r.status).join(", ") || "no 2xx status"} instead of 204, 200 or 202`);
      }
    }
  },
};

export const idempotencyKeyOnCreate: LintRule = {
  id: "idempotency-key-on-create",
  severity: "info",
  description: "POST operations that create accept an Idempotency-Key (retries must not create twice)",
  help: "Declare an `Idempotency-Key` header parameter (or `x-idempotent: true`) so that clients can retry safely.",
  check(ctx) {
    for (const op of ctx.api.operations) if (isCreate(op, ctx) && !op.idempotent) ctx.report(op.pointer, `${label(op)} creates a resource but accepts no Idempotency-Key`);
  },
};

export const deprecatedHasSunset: LintRule = {
  id: "deprecated-has-sunset",
  severity: "warn",
  description: "Deprecated operations carry a sunset date",
  help: "Add `x-sunset: YYYY-MM-DD` (or declare a `Sunset` response header) so that clients know when the operation goes away.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (!op.deprecated || op.sunset) continue;
      if (op.responses.some((r) => r.headers.some((h) => h.name.toLowerCase() === "sunset"))) continue;
      ctx.report(`${op.pointer}/deprecated`, `${label(op)} is deprecated without a sunset date`);
    }
  },
};
