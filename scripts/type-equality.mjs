// The type-level check both the fixture tests (test/helpers/type-equality.ts) and the corpus
// (scripts/corpus.mjs) write into generated folders: z.infer of each schema is identical to its
// DTO type, optional keys included (identity alone does not tell `k?: unknown` from `k: unknown`).

/** Lines that declare the helpers; `models` and `schemas` are the module paths to import. */
export function equalityPrelude(models, schemas) {
  return [
    'import type { z } from "zod";',
    `import type * as M from ${JSON.stringify(models)};`,
    `import type * as S from ${JSON.stringify(schemas)};`,
    "type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;",
    "type OptionalKeys<T> = T extends object ? { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T] : never;",
    "type Same<A, B> = Equals<A, B> extends true ? Equals<OptionalKeys<A>, OptionalKeys<B>> : false;",
    "type Assert<T extends true> = T;",
  ];
}

/** One assertion: `export type <label> = Assert<Same<z.infer<typeof S.<schema>>, M.<type>>>;` */
export function equalityLine(label, pair) {
  return `export type ${label} = Assert<Same<z.infer<typeof S.${pair.schema}>, M.${pair.type}>>;`;
}
