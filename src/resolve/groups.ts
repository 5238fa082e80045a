import type { Operation } from "../ir/operation.js";

/** The group of operations without a tag, on the server (handlers/default.ts) and in the client (`api.default`). */
export const UNTAGGED_GROUP = "default";

/** The group an operation belongs to: its first tag, the one name both the server and the client group by. */
export function groupOf(op: Operation): string {
  return op.tags[0] ?? UNTAGGED_GROUP;
}
