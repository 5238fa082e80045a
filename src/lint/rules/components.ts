import { escapePointerToken } from "../../load/json-pointer.js";
import type { LintRule } from "../types.js";
import { isRecord } from "./helpers.js";

/** Calls `fn` with every `$ref` string (and discriminator mapping target) under `node`. */
function forEachRefIn(node: unknown, fn: (ref: string) => void, seen = new Set<unknown>()): void {
  if (node === null || typeof node !== "object" || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const child of node) forEachRefIn(child, fn, seen);
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string") fn(record.$ref);
  if (isRecord(record.discriminator) && isRecord(record.discriminator.mapping)) {
    for (const target of Object.values(record.discriminator.mapping)) if (typeof target === "string") fn(target.startsWith("#") ? target : `#/components/schemas/${target}`);
  }
  for (const key of Object.keys(record)) if (typeof record[key] === "object") forEachRefIn(record[key], fn, seen);
}

/** Names of security schemes that some security requirement uses. */
function usedSchemes(document: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const add = (security: unknown) => {
    if (Array.isArray(security)) for (const req of security) if (isRecord(req)) Object.keys(req).forEach((k) => used.add(k));
  };
  add(document.security);
  for (const item of Object.values(isRecord(document.paths) ? document.paths : {})) {
    if (isRecord(item)) for (const op of Object.values(item)) if (isRecord(op)) add(op.security);
  }
  return used;
}

export const unusedComponents: LintRule = {
  id: "unused-components",
  severity: "warn",
  description: "Every component is referenced somewhere",
  help: "Delete the component, or reference it where it was meant to be used.",
  check(ctx) {
    const document = ctx.document as Record<string, unknown>;
    const components = isRecord(document.components) ? document.components : {};
    // A component's references to itself do not make it used: refs are counted per owner.
    const targets = new Map<string, Set<string>>();
    const note = (owner: string) => (ref: string) => {
      const base = ref.split("/").slice(0, 4).join("/");
      if (base !== owner) (targets.get(base) ?? targets.set(base, new Set()).get(base)!).add(owner);
    };
    for (const [key, value] of Object.entries(document)) if (key !== "components") forEachRefIn(value, note(""));
    for (const [type, group] of Object.entries(components)) {
      if (!isRecord(group)) continue;
      for (const [name, value] of Object.entries(group)) forEachRefIn(value, note(`#/components/${escapePointerToken(type)}/${escapePointerToken(name)}`));
    }
    const schemes = usedSchemes(document);
    for (const [type, group] of Object.entries(components)) {
      if (!isRecord(group) || type.startsWith("x-")) continue;
      for (const name of Object.keys(group)) {
        const pointer = `#/components/${escapePointerToken(type)}/${escapePointerToken(name)}`;
        const used = type === "securitySchemes" ? schemes.has(name) : targets.has(pointer);
        if (!used) ctx.report(pointer, `components.${type}.${name} is never referenced`);
      }
    }
  },
};
