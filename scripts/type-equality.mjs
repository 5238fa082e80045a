// The type-level check both the fixture tests (test/helpers/type-equality.ts) and the corpus
// (scripts/corpus.mjs) write into generated folders: z.infer of each schema is identical to its
// DTO type, optional keys included (identity alone does not tell `k?: unknown` from `k: unknown`).
//
// schemas.gen.ts is `// @ts-nocheck` and declares each schema's type (src/emit/print-zod-annotation.ts),
// so users' tsc never infers from the zod calls. The proof therefore runs on two views of it:
// - schemas.proof.ts (proofOfSchemas): the same file, checked, declarations removed, so tsc
//   infers each schema from its zod calls: that inferred type must be identical to the DTO type;
// - schemas.gen.ts as users get it: the declared type must be identical to the DTO type too, and
//   the inferred schema assignable to the declared one (the zod API users see is the real one).

/** A declaration as the generator prints it, before or after Prettier (which may break the type over lines): `export const XSchema: <declared type> = `. */
const DECLARED = /^export const (\w+):\s*(ObjectSchema<\s*M\.\w+(?:,\s*z\.core\.\$strict)?,?\s*>|z\.ZodType<\s*M\.\w+,?\s*>|typeof \w+)\s*=\s*/gm;

/**
 * schemas.gen.ts as the proof needs it: checked (no @ts-nocheck), and without the declared
 * types, except on z.lazy schemas (recursive ones), whose type zod cannot infer.
 */
export function proofOfSchemas(text) {
  const checked = text.replace(/^\/\/ @ts-nocheck/m, "// checked: the proof view of schemas.gen.ts");
  if (checked === text) throw new Error("schemas.gen.ts has no @ts-nocheck line: the proof view would not differ from it");
  const lazy = (text, end) => /^z\s*\.lazy\(/.test(text.slice(end));
  const proof = checked.replace(DECLARED, (line, name, declared, offset) => (lazy(checked, offset + line.length) ? line : `export const ${name} = `));
  // A declared type of a form DECLARED does not know would stay, and its pair prove nothing.
  for (const left of proof.matchAll(/^export const (\w+):[^=]*=\s*/gm)) {
    if (!lazy(proof, left.index + left[0].length)) throw new Error(`schemas.gen.ts declares ${left[1]} in a form the proof view does not strip: ${left[0]}`);
  }
  // Imports only the declarations used go too (noUnusedLocals would report them).
  const body = (text) => text.replace(/^import .*$/gm, "");
  let result = proof;
  if (!/\bM\./.test(body(result))) result = result.replace(/^import type \* as M from .*\n/m, "");
  if (!/\bObjectSchema\b/.test(body(result))) result = result.replace(/^import type \{ ObjectSchema \} from .*\n/m, "");
  return result;
}

/** Lines that declare the helpers; `models`, `schemas` and `proof` are the module paths to import. */
export function equalityPrelude(models, schemas, proof) {
  return [
    'import type { z } from "zod";',
    `import type * as M from ${JSON.stringify(models)};`,
    `import type * as S from ${JSON.stringify(schemas)};`,
    `import type * as P from ${JSON.stringify(proof)};`,
    "type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;",
    "type OptionalKeys<T> = T extends object ? { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T] : never;",
    "type Same<A, B> = Equals<A, B> extends true ? Equals<OptionalKeys<A>, OptionalKeys<B>> : false;",
    "type Assert<T extends true> = T;",
    "type Assignable<A, B> = [A] extends [B] ? true : false;",
  ];
}

/** The assertions for one pair: inferred and declared types identical to the DTO type, the inferred schema assignable to the declared one. */
export function equalityLine(label, pair) {
  return [
    `export type ${label} = Assert<Same<z.infer<typeof P.${pair.schema}>, M.${pair.type}>>;`,
    `export type ${label}_declared = Assert<Same<z.infer<typeof S.${pair.schema}>, M.${pair.type}>>;`,
    `export type ${label}_assignable = Assert<Assignable<typeof P.${pair.schema}, typeof S.${pair.schema}>>;`,
  ].join("\n");
}
