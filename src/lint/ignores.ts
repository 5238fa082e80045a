import { forEachKeyed } from "../load/find-refs.js";
import { toPointer } from "../load/json-pointer.js";
import { pathGlob } from "../config/path-glob.js";
import { HTTP_METHODS } from "../ir/operation.js";

/** One `x-apigen-lint-ignore` list, where it stands and which of its ids silenced something. */
export interface IgnoreList {
  /** Pointer of the object that carries the extension (an operation or a schema). */
  owner: string;
  ruleIds: string[];
  used: Set<string>;
}

const IGNORE_KEY = new Set(["x-apigen-lint-ignore"]);

/** Every `x-apigen-lint-ignore` in the document, by the pointer of the object carrying it. */
export function collectIgnores(document: unknown): Map<string, IgnoreList> {
  const found = new Map<string, IgnoreList>();
  forEachKeyed(document, IGNORE_KEY, (record, key, tokens) => {
    const pointer = toPointer(tokens());
    const ids = Array.isArray(record[key]) ? (record[key] as unknown[]) : [record[key]];
    found.set(pointer, { owner: pointer, ruleIds: ids.filter((x): x is string => typeof x === "string"), used: new Set() });
  });
  return found;
}

const METHODS = HTTP_METHODS;

/**
 * The ignore list that silences `ruleId` at `pointer`: on the node itself or an ancestor, and for
 * a finding on a whole path (`#/paths/~1x`, e.g. a verb in it) on any of that path's operations.
 */
export function ignoreFor(ignores: Map<string, IgnoreList>, pointer: string, ruleId: string): IgnoreList | undefined {
  if (ignores.size === 0) return undefined;
  if (/^#\/paths\/[^/]+$/.test(pointer)) {
    const onOperation = METHODS.map((m) => ignores.get(`${pointer}/${m}`)).find((list) => list?.ruleIds.includes(ruleId));
    if (onOperation) return onOperation;
  }
  for (let at = pointer; ; ) {
    const list = ignores.get(at);
    if (list?.ruleIds.includes(ruleId)) return list;
    const slash = at.lastIndexOf("/");
    if (slash < 0) return undefined;
    at = at.slice(0, slash);
  }
}

/** Whether an API path matches an `ignorePaths` entry: a glob when it has `*`, otherwise a prefix. */
export function pathIgnored(apiPath: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (!p.includes("*")) return apiPath.startsWith(p);
    return pathGlob(p).test(apiPath);
  });
}
