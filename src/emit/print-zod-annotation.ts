import type { SchemaNode } from "../ir/schema.js";
import type { Mode, PrintContext } from "./print-context.js";
import { objectForm } from "./print-zod.js";

/**
 * The declared type of an exported schema (`export const PetSchema: <this> = z.object(...)`).
 *
 * schemas.gen.ts is marked `// @ts-nocheck`: its initializers are not type-checked where users
 * compile it, and every export states its type, so the checker never infers one. Inferring
 * them was nearly all of what the generated code cost `tsc` (GitHub's spec: 13 s of tsc 7 on the
 * schemas, 0.7 s with declared types). apigen's own tests check every initializer against its
 * declaration and prove `z.infer` of both identical to the DTO type (test/helpers/type-equality.ts).
 *
 * - an object printed as `z.object` or `z.strictObject` (print-zod.ts objectForm): `ObjectSchema<T>` (runtime/zod-helpers.ts), a
 *   `z.ZodObject` whose shape is derived from the type, so `.shape`, `.extend`, `.pick` and
 *   `.partial` keep working;
 * - a reference to another component's schema: that schema's own declared type;
 * - anything else: `z.ZodType<T>`.
 * `T` is the DTO type the schema pairs with; every name printed here is an identifier.
 */
export function printZodAnnotation(node: SchemaNode, ctx: PrintContext, mode: Exclude<Mode, "input">, typeName: string): string {
  if (node.nullable && node.kind !== "null" && node.kind !== "unknown") return `z.ZodType<${typeName}>`;
  if (node.kind === "ref") {
    const names = ctx.componentNames(node.target);
    return `typeof ${mode === "write" ? names.writeSchema : names.schema}`;
  }
  if (node.kind === "object") {
    const form = objectForm(node, ctx, mode);
    if (form === "strict") return `ObjectSchema<${typeName}, z.core.$strict>`;
    if (form === "strip") return `ObjectSchema<${typeName}>`;
  }
  return `z.ZodType<${typeName}>`;
}
