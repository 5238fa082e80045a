/**
 * Where the oracle's independent validator (ajv over the spec's own schemas) and apigen disagree
 * and ajv is the one that is wrong for OpenAPI, each with the reason. test/oracle/ajv-theirs.test.ts
 * shows every entry happening; the oracle does not count a disagreement listed here.
 */
import type { Disagreement } from "./oracle.js";

export interface AjvIsWrong {
  /** Matched against every one of ajv's error messages (with its pointer). */
  match: RegExp;
  /** Only when the request body's schema is a discriminated union. */
  discriminatedBody?: boolean;
  reason: string;
}

export const AJV_IS_WRONG: AjvIsWrong[] = [
  {
    match: /^\/body must match exactly one schema in oneOf/,
    discriminatedBody: true,
    reason:
      "ajv does not read OpenAPI's `discriminator` (its own `discriminator` option refuses a mapping and tags that are not const/enum), so variants that differ only in the tag's value all match and oneOf fails; OpenAPI picks the variant the tag names, as apigen does",
  },
];

export function ajvIsWrongAbout(d: Disagreement): AjvIsWrong | undefined {
  return AJV_IS_WRONG.find((t) => (!t.discriminatedBody || d.discriminatedBody) && d.ajvErrors.every((e) => t.match.test(`${e.pointer} ${e.message}`)));
}
