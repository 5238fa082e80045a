/**
 * For `apigen lint`, which reviews what it can of a spec with a broken `$ref` instead of
 * nothing: the `$ref`s the loader reported as leading nowhere are removed, so that the node
 * holding each reads as an empty schema or object (`{}`, plus any siblings the `$ref` had).
 * `apigen generate` never does this: it refuses such a spec.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { getAtPointer, parsePointer } from "./json-pointer.js";

/** Diagnostic codes of a `$ref` whose target is missing (a local pointer, or a file that is not there). */
const UNRESOLVED = new Set(["APIGEN_REF_NOT_FOUND"]);

/** Whether every diagnostic is an unresolved `$ref` of the root file (what dropping the `$ref` works around). */
export function onlyUnresolvedRefs(diagnostics: readonly Diagnostic[], rootFile: string): boolean {
  return diagnostics.length > 0 && diagnostics.every((d) => UNRESOLVED.has(d.code) && d.pointer.endsWith("/$ref") && (d.position === undefined || d.position.file === rootFile));
}

/**
 * A copy of `document` without the `$ref`s that the diagnostics point at (`.../$ref` pointers into
 * it); returns how many it removed.
 */
export function dropRefs(document: Record<string, unknown>, diagnostics: readonly Diagnostic[]): { document: Record<string, unknown>; removed: number } {
  const copy = structuredClone(document);
  let removed = 0;
  for (const d of diagnostics) {
    const tokens = parsePointer(d.pointer);
    if (!tokens || tokens[tokens.length - 1] !== "$ref") continue;
    const holder = getAtPointer(copy, tokens.slice(0, -1));
    if (holder !== null && typeof holder === "object" && !Array.isArray(holder) && "$ref" in holder) {
      delete (holder as Record<string, unknown>).$ref;
      removed++;
    }
  }
  return { document: copy, removed };
}
