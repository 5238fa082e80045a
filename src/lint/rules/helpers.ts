import { escapePointerToken, getAtPointer, parsePointer } from "../../load/json-pointer.js";
import type { Operation, Parameter, Response } from "../../ir/operation.js";
import type { SchemaNode } from "../../ir/schema.js";
import type { RuleContext } from "../types.js";

/** `/a/{id}/b` -> `[{ text: "a", index: 0 }, { text: "{id}", ... }, ...]` with the segment's position. */
export function segmentsOf(path: string): { text: string; param: boolean }[] {
  return path
    .split("/")
    .filter((s) => s !== "")
    .map((text) => ({ text, param: /^\{[^}]*\}$/.test(text) }));
}

/** Whether the part of a segment outside `{params}` has text (`{owner}` no; `{name}.json` yes). */
export function staticText(segment: string): string {
  return segment.replace(/\{[^}]*\}/g, "");
}

/** Pointer of a path item (`#/paths/~1orders`). */
export function pathPointer(path: string): string {
  return `#/paths/${escapePointerToken(path)}`;
}

/** Unique path templates in document order. */
export function pathsOf(ctx: RuleContext): string[] {
  return [...new Set(ctx.api.operations.map((op) => op.path))];
}

/** 4xx, 5xx, their ranges, and `default`: the responses that describe errors. */
export function isErrorStatus(status: string): boolean {
  return status === "default" || /^[45]/.test(status);
}

export function hasStatus(op: Operation, ...statuses: string[]): boolean {
  return op.responses.some((r) => statuses.includes(r.status));
}

/** The operation-local pointer of a response (where the op's `$ref` stands, so an operation's ignore covers it). */
export function responsePointer(ctx: RuleContext, op: Operation, r: Response): string {
  if (r.pointer.startsWith(`${op.pointer}/`)) return r.pointer;
  const raw = rawAt(ctx, `${op.pointer}/responses`);
  const key = raw && typeof raw === "object" ? Object.keys(raw).find((k) => k.toUpperCase() === r.status.toUpperCase()) : undefined;
  return `${op.pointer}/responses/${escapePointerToken(key ?? r.status)}`;
}

/** Follows refs to the schema behind them (a few hops; cycles end as the ref itself). */
export function resolveSchema(ctx: RuleContext, node: SchemaNode): SchemaNode {
  let current = node;
  for (let i = 0; current.kind === "ref" && i < 8; i++) {
    const next = ctx.schemaOf(current.target);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The raw node at a pointer of the bundled document. */
export function rawAt(ctx: RuleContext, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  return tokens ? getAtPointer(ctx.document, tokens) : undefined;
}

/** lower, kebab, snake, camel, pascal or mixed: the casing of a name that has more than one word. */
export function casingOf(name: string): "kebab" | "snake" | "camel" | "pascal" | "upper" | "single" | "mixed" {
  if (/^[a-z][a-z0-9]*$/.test(name)) return "single";
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name)) return "kebab";
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return "snake";
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return "camel";
  if (/^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*$/.test(name)) return "pascal";
  if (/^[A-Z][A-Z0-9_]*$/.test(name)) return "upper";
  return "mixed";
}

/**
 * The pointer of a parameter as the operation lists it (its own `parameters`, else the path
 * item's), even when it is a `$ref`: findings land where an operation's ignore covers them.
 */
export function localParamPointer(ctx: RuleContext, op: Operation, param: Parameter): string {
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf("/"));
  for (const base of [op.pointer, itemPointer]) {
    const list = rawAt(ctx, `${base}/parameters`);
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((raw) => {
      const value = isRecord(raw) && typeof raw.$ref === "string" ? rawAt(ctx, raw.$ref) : raw;
      return isRecord(value) && value.name === param.name && value.in === param.in;
    });
    if (index >= 0) return `${base}/parameters/${index}`;
  }
  return param.pointer;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
