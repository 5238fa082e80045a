import type { LintRule, RuleContext } from "../types.js";
import { isPluralSegment, isVerbSegment, splitWords } from "../words.js";
import { casingOf, localParamPointer, pathPointer, pathsOf, resolveSchema, segmentsOf, staticText } from "./helpers.js";
import { appendTo } from "../../multimap.js";

const VERSION_SEGMENT = /^v\d+(\.\d+)*$/i;
/** Words that join a head noun to its complement (`codes_of_conduct`: the head is `codes`). */
const JOINERS = new Set(["of", "for", "by", "in", "on", "with", "to", "per"]);

/** Adjectives that qualify the segment after them (`/images/custom/{id}`): not collection names. */
const QUALIFIERS = new Set(["custom", "public", "private", "default", "current", "latest", "global", "internal", "external", "all", "shared"]);

/** The head noun of a segment's words: the last word, or the last before `of`/`for`/... */
function headWord(segment: string): string {
  const words = splitWords(segment);
  const joiner = words.findIndex((w, i) => i > 0 && JOINERS.has(w));
  return (joiner > 0 ? words[joiner - 1] : words[words.length - 1]) ?? segment;
}

/** Static segments of a path, and custom-method suffixes (`{id}:cancel` gives `cancel`). */
function namedParts(path: string): string[] {
  return segmentsOf(path).flatMap((s) => staticText(s.text).split(":").filter((part) => /[A-Za-z]/.test(part)));
}

export const noVerbsInPaths: LintRule = {
  id: "no-verbs-in-paths",
  severity: "warn",
  description: "Path segments name resources, not actions",
  help: "Model the action as a resource (POST /orders/{id}/cancellations) or put it under /resources/{id}/actions/{action}; add the word to lint.words.nonVerbs if it is a noun here.",
  check(ctx) {
    for (const path of pathsOf(ctx)) {
      const parts = segmentsOf(path);
      parts.forEach((segment, i) => {
        if (segment.param || parts[i - 1]?.text.toLowerCase() === "actions") return;
        for (const part of staticText(segment.text).split(":")) {
          if (part && isVerbSegment(part, ctx.words)) ctx.report(pathPointer(path), `path ${path}: segment "${part}" is a verb`);
        }
      });
    }
  },
};

export const pluralCollections: LintRule = {
  id: "plural-collections",
  severity: "warn",
  description: "A segment followed by an id names a collection and is plural",
  help: "Name collections with plural nouns (/orders/{orderId}); add the word to lint.words.plurals if it already is one.",
  check(ctx) {
    for (const path of pathsOf(ctx)) {
      const parts = segmentsOf(path);
      parts.forEach((segment, i) => {
        const next = parts[i + 1];
        if (segment.param || !next?.param || segment.text !== staticText(segment.text) || VERSION_SEGMENT.test(segment.text)) return;
        if (isVerbSegment(segment.text, ctx.words) || segment.text.includes(":") || QUALIFIERS.has(segment.text.toLowerCase())) return;
        const head = headWord(segment.text);
        if (!isPluralSegment(head, ctx.words) && !ctx.words.plurals.has(segment.text.toLowerCase())) {
          ctx.report(pathPointer(path), `path ${path}: collection "${segment.text}" is not a plural noun`);
        }
      });
    }
  },
};

const KEBAB = /^\.?[a-z0-9]+([-.][a-z0-9]+)*$/;

export const kebabCasePaths: LintRule = {
  id: "kebab-case-paths",
  severity: "warn",
  description: "Static path segments are lowercase kebab-case",
  help: "Rename the segment to lowercase words joined by hyphens (/line-items, not /lineItems or /line_items).",
  check(ctx) {
    for (const path of pathsOf(ctx)) {
      for (const part of namedParts(path)) {
        const trimmed = part.replace(/^[-.]+|[-.]+$/g, "");
        if (trimmed && !KEBAB.test(trimmed) && !VERSION_SEGMENT.test(trimmed)) ctx.report(pathPointer(path), `path ${path}: segment "${part}" is not lowercase kebab-case`);
      }
    }
  },
};

const STYLE_NAMES: Record<string, string> = { kebab: "kebab-case", snake: "snake_case", camel: "camelCase", pascal: "PascalCase" };

export const consistentPathCasing: LintRule = {
  id: "consistent-path-casing",
  severity: "warn",
  description: "Multi-word path segments use one casing style across the spec",
  help: "Use the spec's prevailing style for every multi-word segment (kebab-case preferred).",
  check(ctx) {
    const byStyle = new Map<string, { path: string; part: string }[]>();
    for (const path of pathsOf(ctx)) {
      for (const part of namedParts(path)) {
        const style = casingOf(part);
        if (!STYLE_NAMES[style]) continue;
        appendTo(byStyle, style, { path, part });
      }
    }
    if (byStyle.size < 2) return;
    const [main] = [...byStyle.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] === "kebab" ? -1 : 1));
    for (const [style, uses] of byStyle) {
      if (style === main![0]) continue;
      for (const { path, part } of uses) {
        ctx.report(pathPointer(path), `path ${path}: segment "${part}" is ${STYLE_NAMES[style]}, while most multi-word segments are ${STYLE_NAMES[main![0]]}`);
      }
    }
  },
};

/**
 * Resource levels of a path: static segments that an id follows, plus a trailing collection
 * (`/orders/{id}/items` is 2). Prefixes such as `/api/v1` and a trailing action are not levels.
 */
export function resourceLevels(path: string, ctx: Pick<RuleContext, "words">): number {
  const parts = segmentsOf(path);
  let levels = 0;
  parts.forEach((segment, i) => {
    if (segment.param) return;
    const next = parts[i + 1];
    if (next?.param) levels++;
    else if (!next && i > 0 && !isVerbSegment(segment.text, ctx.words)) levels++;
  });
  return Math.max(levels, parts.length > 0 ? 1 : 0);
}

export const pathNestingDepth: LintRule = {
  id: "path-nesting-depth",
  severity: "warn",
  description: "Paths nest at most 3 resource levels (lint.maxPathDepth)",
  help: "Expose deeply nested resources at a shallower path (/comments/{commentId} rather than /a/{a}/b/{b}/c/{c}/comments/{commentId}).",
  check(ctx) {
    for (const path of pathsOf(ctx)) {
      const levels = resourceLevels(path, ctx);
      if (levels > ctx.maxPathDepth) ctx.report(pathPointer(path), `path ${path} nests ${levels} resource levels (at most ${ctx.maxPathDepth})`);
    }
  },
};

/** `id`, `orderId`, `order_id`, `order-id`, `orderID`. */
const ID_NAME = /(^id$|[_-]id$|[a-z0-9]Id$|ID$)/;

export const noIntegerPathIds: LintRule = {
  id: "no-integer-path-ids",
  severity: "warn",
  description: "Id path parameters are not integers (sequential ids leak counts and invite enumeration)",
  help: "Use opaque string ids (UUIDs, prefixed random ids) for resources addressed in paths.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      for (const param of op.parameters) {
        if (param.in !== "path" || !ID_NAME.test(param.name)) continue;
        if (resolveSchema(ctx, param.schema).kind === "integer") {
          ctx.report(localParamPointer(ctx, op, param), `path parameter "${param.name}" of ${op.method.toUpperCase()} ${op.path} is an integer id`, { shared: `path parameter "${param.name}" is an integer id`, operation: `${op.method.toUpperCase()} ${op.path}` });
        }
      }
    }
  },
};
