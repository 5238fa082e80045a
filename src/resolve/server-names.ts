import type { ApiDocument } from "../ir/document.js";
import type { Operation } from "../ir/operation.js";
import { camelCase, NameAllocator, pascalCase } from "./identifiers.js";
import { groupOf } from "./groups.js";
import type { ResolvedNames } from "./resolve-names.js";

/** Names of one operation in server/contract.gen.ts. */
export interface ServerOperationNames {
  contract: string;
  request: string;
  result: string;
  handler: string;
}

/** The operations of one tag and the names of everything generated per tag. */
export interface ServerTagNames {
  tag: string;
  /** File stem: lower-case kebab, unique, safe on every file system. */
  file: string;
  handlersName: string;
  handlersType: string;
  /** The tag as a PascalCase stem (`Orders`), for names a pack derives per tag. */
  pascalName: string;
  operations: Operation[];
}

/** The names the server part's files take for themselves, read from their templates (emit/template-names.ts). */
export interface ServerModuleNames {
  /** contract.gen.ts: what it declares and imports besides the per-operation names. */
  contract?: readonly string[];
  /** handlers.gen.ts and security.ts, beside which each tag's handler object is imported. */
  handlers?: readonly string[];
}

export interface ServerNames {
  operations: Map<string, ServerOperationNames>;
  tags: ServerTagNames[];
}

/**
 * Decides the server packs' names: per operation (contract value, request/result/handler types)
 * and per tag (file, handler object), all clear of each other. Names only one framework needs
 * are its pack's (its hooks allocate them).
 */
export function resolveServerNames(api: ApiDocument, names: ResolvedNames, moduleNames: ServerModuleNames = {}): ServerNames {
  const contractNames = new NameAllocator(moduleNames.contract ?? []);
  const operations = new Map<string, ServerOperationNames>();
  for (const op of api.operations) {
    const { value, type } = names.operations.get(op.pointer)!;
    operations.set(op.pointer, {
      contract: contractNames.allocate(`${value}Contract`),
      request: contractNames.allocate(`${type}Request`),
      result: contractNames.allocate(`${type}Result`),
      handler: contractNames.allocate(`${type}Handler`),
    });
  }
  // Windows device names cannot be file names, whatever the extension.
  const files = new NameAllocator(["index", "main", "security", "con", "prn", "aux", "nul", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])]);
  const values = new NameAllocator(moduleNames.handlers ?? []);
  const byTag = new Map<string, ServerTagNames>();
  for (const op of api.operations) {
    const tag = groupOf(op);
    let entry = byTag.get(tag);
    if (!entry) {
      const type = pascalCase(tag);
      entry = {
        tag,
        file: files.allocate(fileStem(tag)),
        handlersName: values.allocate(`${camelCase(tag).replace(/_$/, "")}Handlers`),
        handlersType: contractNames.allocate(`${type}Handlers`),
        pascalName: type,
        operations: [],
      };
      byTag.set(tag, entry);
    }
    entry.operations.push(op);
  }
  return { operations, tags: [...byTag.values()] };
}

/** `Pet Store` -> `pet-store`; anything else than [a-z0-9-] dropped; never empty. */
function fileStem(tag: string): string {
  const stem = tag
    .normalize("NFKD")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return stem === "" ? "tag" : stem;
}
