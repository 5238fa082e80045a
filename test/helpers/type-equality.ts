import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadSpec } from "../../src/load/load-spec.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import { resolveNames } from "../../src/resolve/resolve-names.js";
import { equalityLine, equalityPrelude } from "../../scripts/type-equality.mjs";

/** Every (type, zod schema) pair the generator promises to keep identical, from its own name table. */
export async function typeSchemaPairs(spec: string): Promise<{ type: string; schema: string }[]> {
  const loaded = await loadSpec(spec);
  if (!loaded.spec) throw new Error(`fixture does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const { api } = normalizeDocument(loaded.spec);
  const names = resolveNames(api);
  const pairs: { type: string; schema: string }[] = [];
  for (const n of names.components.values()) {
    pairs.push({ type: n.type, schema: n.schema });
    if (n.split) pairs.push({ type: n.writeType, schema: n.writeSchema });
  }
  for (const op of names.operations.values()) {
    pairs.push(...Object.values(op.params), ...op.bodies, ...op.responses.flat());
  }
  return pairs;
}

/**
 * Writes `type-equality.ts` into a generated folder: one compile-time assertion per pair that
 * `z.infer<typeof XSchema>` and `X` are identical types (not merely assignable).
 */
export async function writeTypeEqualityCheck(spec: string, outDir: string): Promise<number> {
  const pairs = await typeSchemaPairs(spec);
  const lines = [...equalityPrelude("./models.gen.js", "./schemas.gen.js"), ...pairs.map((p, i) => equalityLine(`Check${i}`, p))];
  writeFileSync(path.join(outDir, "type-equality.ts"), lines.join("\n") + "\n");
  return pairs.length;
}
