import { escapePointerToken } from "../../load/json-pointer.js";
import { mediaTypeEssence, type MediaType } from "../../ir/operation.js";
import type { LintRule, RuleContext } from "../types.js";
import { isRecord, rawAt } from "./helpers.js";

/** Media types whose body is a sequence of items (OpenAPI 3.2's "sequential media types"). */
const SEQUENTIAL = new Set(["text/event-stream", "application/jsonl", "application/x-ndjson", "application/json-seq"]);

/**
 * In OpenAPI 3.2 a stream's items are described by `itemSchema`: `schema` describes the whole
 * body, which for an event stream or JSON Lines is one long text no client or server handles as
 * a value. Without an item schema, nobody reading the spec (or generating from it) knows what
 * each event or line holds.
 */
export const streamItemSchema: LintRule = {
  id: "stream-item-schema",
  severity: "warn",
  description: "Streamed bodies (SSE, JSON Lines, JSON text sequences) describe their items with itemSchema (OpenAPI 3.2)",
  help: "Describe each event or line with `itemSchema` (for text/event-stream: an object of `event`, `data`, `id`, `retry`; `data` with `contentMediaType: application/json` and `contentSchema` when it holds JSON).",
  check(ctx) {
    if (ctx.api.sourceVersion !== "3.2") return;
    for (const op of ctx.api.operations) {
      const where = `${op.method.toUpperCase()} ${op.path}`;
      if (op.requestBody) checkContent(ctx, op.requestBody.content, `${op.requestBody.pointer}/content`, `${where} takes`);
      for (const response of op.responses) checkContent(ctx, response.content, `${response.pointer}/content`, `${where} answers ${response.status} with`);
    }
  },
};

/**
 * 3.0 and 3.1 have no itemSchema: an event stream or JSON Lines body described by `schema` is
 * generated as one value read whole, unless `x-apigen-stream: true` says the schema describes
 * each item. Information, not a fault: the spec may mean the body whole.
 */
export const streamMarked: LintRule = {
  id: "stream-marked",
  severity: "info",
  description: "In 3.0/3.1, streamed bodies (SSE, JSON Lines, JSON text sequences) say with x-apigen-stream whether their schema describes each item",
  help: "Add `x-apigen-stream: true` beside the media type's `schema` when it describes each event or line (the client then reads the items as they arrive), or move to OpenAPI 3.2 and `itemSchema`.",
  check(ctx) {
    if (ctx.api.sourceVersion === "3.2") return;
    for (const op of ctx.api.operations) {
      for (const response of op.responses) {
        for (const media of response.content) {
          if (!SEQUENTIAL.has(mediaTypeEssence(media.contentType)) || media.stream) continue;
          const at = `${response.pointer}/content/${escapePointerToken(media.contentType)}`;
          const raw = rawAt(ctx, at);
          if (!isRecord(raw) || raw.schema === undefined) continue;
          ctx.report(at, `${op.method.toUpperCase()} ${op.path} answers ${response.status} with ${media.contentType}: without x-apigen-stream its schema is read as the whole body, not each item`, { shared: false });
        }
      }
    }
  },
};

function checkContent(ctx: RuleContext, content: MediaType[], pointer: string, what: string): void {
  for (const media of content) {
    if (!SEQUENTIAL.has(mediaTypeEssence(media.contentType))) continue;
    const at = `${pointer}/${escapePointerToken(media.contentType)}`;
    const raw = rawAt(ctx, at);
    const resolved = isRecord(raw) && typeof raw.$ref === "string" ? rawAt(ctx, raw.$ref) : raw;
    if (isRecord(resolved) && resolved.itemSchema !== undefined) continue;
    const described = isRecord(resolved) && resolved.schema !== undefined ? "describes the whole stream with `schema`, not its items with `itemSchema`" : "gives no `itemSchema` for its items";
    ctx.report(at, `${what} ${media.contentType} but ${described}`, { shared: false });
  }
}
