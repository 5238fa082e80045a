/**
 * Where the oracle's independent validator (ajv over the spec's own schemas) and apigen disagree
 * and ajv is not the judge for OpenAPI as apigen reads it, each with the reason: either ajv is
 * wrong for OpenAPI (it does not read `discriminator`), or apigen is deliberately more lenient
 * than JSON Schema in a documented way. test/oracle/ajv-theirs.test.ts shows every entry
 * happening; the oracle does not count a disagreement listed here.
 */
import type { Disagreement } from "./oracle.js";

type AjvError = Disagreement["ajvErrors"][number];

export interface AjvIsWrong {
  /** Matched against every one of ajv's error messages (with its pointer). */
  match?: RegExp;
  /** Or decided over all of ajv's errors at once. */
  applies?: (errors: AjvError[]) => boolean;
  /** Only when the request body's schema is a discriminated union. */
  discriminatedBody?: boolean;
  reason: string;
}

/** `/a/b` is at or under `/a`. */
function under(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}

/** ajv's oneOf error where two or more variants passed: the pointers where exclusivity alone failed. */
function overlapPointers(errors: AjvError[]): string[] {
  return errors.flatMap((e) => {
    const m = /^must match exactly one schema in oneOf (\{.*\})$/.exec(e.message);
    const passing = m ? (JSON.parse(m[1]!) as { passingSchemas: number[] | null }).passingSchemas : null;
    return passing && passing.length >= 2 ? [e.pointer] : [];
  });
}

export const AJV_IS_WRONG: AjvIsWrong[] = [
  {
    match: /^\/body must match exactly one schema in oneOf/,
    discriminatedBody: true,
    reason:
      "ajv does not read OpenAPI's `discriminator` (its own `discriminator` option refuses a mapping and tags that are not const/enum), so variants that differ only in the tag's value all match and oneOf fails; OpenAPI picks the variant the tag names, as apigen does",
  },
  {
    // Every error is ajv's oneOf that two variants passed, or an error of a variant that failed
    // inside it (ajv lists those too): nothing else about the value is wrong.
    applies: (errors) => {
      const at = overlapPointers(errors);
      return at.length > 0 && errors.every((e) => at.some((p) => under(e.pointer, p)));
    },
    reason:
      "untagged oneOf: apigen accepts a value that some variant accepts (the first, as z.union and the DTO's TypeScript union `A | B` read it); JSON Schema also requires that no other variant accept it. Deliberate: the variants of real specs are open objects whose properties are mostly optional (oas-examples' polymorphism, discriminators, readme-legacy), so ordinary payloads match several and strict exclusivity would reject them, and it would cost a parse of every variant for every valid payload",
  },
  {
    applies: (errors) => errors.every((e) => e.message.startsWith("must NOT have additional properties") && /\/allOf\/\d+\/additionalProperties$/.test(e.schemaPath ?? "")),
    reason:
      "allOf with `additionalProperties: false` in a member: JSON Schema applies each member alone, so a closed member rejects the properties the other members declare and the allOf accepts no value that uses them (oas-3.0-schema-additional-properties calls it 'technically not valid'); apigen closes the merge instead (allOfClosed: every member's properties allowed, any other key rejected), the reading authors mean (json-schema-merge-allof's ignoreAdditionalProperties)",
  },
];

export function ajvIsWrongAbout(d: Disagreement): AjvIsWrong | undefined {
  return AJV_IS_WRONG.find((t) => (!t.discriminatedBody || d.discriminatedBody) && (t.applies ? t.applies(d.ajvErrors) : d.ajvErrors.every((e) => t.match!.test(`${e.pointer} ${e.message}`))));
}
