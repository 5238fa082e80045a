import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadSpec } from "../../src/load/load-spec.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import { moduleNamesOf } from "../../src/emit/template-names.js";
import { resolveNames, typeSchemaPairs as pairsOf } from "../../src/resolve/resolve-names.js";
import { equalityLine, equalityPrelude, proofOfSchemas } from "../../scripts/type-equality.mjs";

/** Every (type, zod schema) pair the generator promises to keep identical, from its own name table. */
export async function typeSchemaPairs(spec: string): Promise<{ type: string; schema: string }[]> {
  const loaded = await loadSpec(spec);
  if (!loaded.spec) throw new Error(`fixture does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const { api } = normalizeDocument(loaded.spec);
  return pairsOf(resolveNames(api, {}, moduleNamesOf(undefined)));
}

/**
 * Writes `type-equality.ts` and `schemas.proof.ts` into a generated folder: one compile-time
 * assertion per pair that `z.infer` of the schema, inferred from its zod calls (the proof view)
 * and as declared (schemas.gen.ts), is identical to `X` (not merely assignable). See
 * scripts/type-equality.mjs.
 */
export async function writeTypeEqualityCheck(spec: string, outDir: string): Promise<number> {
  const pairs = await typeSchemaPairs(spec);
  writeFileSync(path.join(outDir, "schemas.proof.ts"), proofOfSchemas(readFileSync(path.join(outDir, "schemas.gen.ts"), "utf8")));
  const lines = [...equalityPrelude("./models.gen.js", "./schemas.gen.js", "./schemas.proof.js"), ...pairs.map((p, i) => equalityLine(`Check${i}`, p))];
  writeFileSync(path.join(outDir, "type-equality.ts"), lines.join("\n") + "\n");
  return pairs.length;
}
