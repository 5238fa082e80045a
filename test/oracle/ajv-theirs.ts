/**
 * Where the oracle's independent validator (ajv over the spec's own schemas) and apigen disagree
 * and ajv is the one that is wrong for OpenAPI, each with the reason. test/oracle/ajv-theirs.test.ts
 * shows every entry happening; the oracle does not count a disagreement listed here.
 */
import type { Disagreement } from "./oracle.js";

export interface AjvIsWrong {
  /** Matched against one of ajv's error messages (with its pointer). */
  match: RegExp;
  reason: string;
}

export const AJV_IS_WRONG: AjvIsWrong[] = [];

export function ajvIsWrongAbout(d: Disagreement): AjvIsWrong | undefined {
  return AJV_IS_WRONG.find((t) => d.ajvErrors.every((e) => t.match.test(`${e.pointer} ${e.message}`)));
}
