/**
 * One finding per shared node. A response, parameter or schema written once under `components`
 * and `$ref`'d by many operations gives the same finding at every use (GitHub's shared error
 * responses gave 300 identical problem-json-errors each); the fix is made once, at the component.
 * Findings of one rule that lead, through `$ref`s, to the same node (and say the same about it)
 * are merged into one finding at that node whose message says how many operations use it.
 */
import { getAtPointer, isObject as isRecord, parsePointer, toPointer } from "../load/json-pointer.js";
import { HTTP_METHODS } from "../ir/operation.js";

export interface Mergeable {
  ruleId: string;
  pointer: string;
  message: string;
  /** The message about the shared node itself (without an operation), or false: never merge (a per-operation judgement). */
  shared?: string | false;
  /** The operation the finding was made for (`GET /orders`), when its pointer does not say. */
  operation?: string;
}

/** How many operation labels a merged message lists before "and N more". */
const LISTED = 3;

/**
 * Where a pointer leads once every local `$ref` on its way (and on the node itself) is followed,
 * and whether one was. `#/paths/~1a/get/responses/404` with `404: { $ref: '#/components/responses/NotFound' }`
 * leads to `#/components/responses/NotFound`.
 */
export function canonicalPointer(document: unknown, pointer: string): { pointer: string; viaRef: boolean } {
  const tokens = parsePointer(pointer);
  if (!tokens) return { pointer, viaRef: false };
  let node: unknown = document;
  let at: string[] = [];
  let viaRef = false;
  const follow = (next?: string) => {
    for (let hops = 0; hops < 16; hops++) {
      if (!isRecord(node) || typeof node.$ref !== "string" || (next !== undefined && next in node)) return;
      const target = node.$ref.startsWith("#") ? parsePointer(node.$ref) : undefined;
      const value = target && getAtPointer(document, target);
      if (!target || value === undefined) return;
      node = value;
      at = target;
      viaRef = true;
    }
  };
  for (const token of tokens) {
    follow(token);
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
    at = [...at, token];
  }
  follow();
  return { pointer: viaRef ? toPointer(at) : pointer, viaRef };
}

const METHODS = new Set<string>(HTTP_METHODS);

/** The operation a finding was made for: as the rule said, or `GET /orders` for a pointer into an operation, else the pointer. */
function operationOf(f: Mergeable): string {
  if (f.operation) return f.operation;
  const tokens = parsePointer(f.pointer) ?? [];
  if ((tokens[0] === "paths" || tokens[0] === "webhooks") && tokens.length >= 3 && METHODS.has(tokens[2]!)) return `${tokens[2]!.toUpperCase()} ${tokens[1]}`;
  return f.pointer;
}

/**
 * Merges the findings of one rule that are about one node, reached from two places or more
 * (through `$ref`s, or a path-level parameter that each operation of the path inherits): those
 * with the same `shared` message, or without one, the same message. `canonical` gives each
 * finding's node; `make` builds the merged finding from the first of its group.
 */
export function mergeShared<T extends Mergeable>(findings: readonly T[], canonical: (pointer: string) => { pointer: string; viaRef: boolean }, make: (first: T, pointer: string, message: string) => T): T[] {
  const groups = new Map<string, T[]>();
  const out: (T | string)[] = [];
  for (const f of findings) {
    if (f.shared === false) {
      out.push(f);
      continue;
    }
    const what = typeof f.shared === "string" ? `s${f.shared}` : `m${f.message}`;
    const key = `${f.ruleId}\u0000${canonical(f.pointer).pointer}\u0000${what}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      out.push(key); // the merged finding goes where the group's first member stood
    }
    group.push(f);
  }
  return out.flatMap((entry) => {
    if (typeof entry !== "string") return [entry];
    const group = groups.get(entry)!;
    if (group.length < 2) return group;
    const first = group[0]!;
    const operations = [...new Set(group.map(operationOf))];
    const listed = operations.slice(0, LISTED).join(", ") + (operations.length > LISTED ? ` and ${operations.length - LISTED} more` : "");
    const times = group.length > operations.length ? `, ${group.length} times` : "";
    const count = `${operations.length} operation${operations.length === 1 ? "" : "s"}`;
    return [make(first, canonical(first.pointer).pointer, `${first.shared ?? first.message} (shared: used by ${count}${times}: ${listed})`)];
  });
}

