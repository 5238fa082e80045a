import type { JsonValue, SchemaNode } from "../ir/schema.js";
import type { PrintContext } from "./print-context.js";

/**
 * Whether a JSON value has the shape a node's TypeScript type demands (kinds, enum members,
 * required properties; not constraints like minLength). Used to keep spec defaults that do not
 * fit their own schema out of the generated `.default(...)`, where they would not compile.
 */
export function conformsTo(value: JsonValue, node: SchemaNode, ctx: PrintContext, depth = 0): boolean {
  if (depth > 32) return true;
  if (value === null) return node.nullable || node.kind === "null" || node.kind === "unknown" || (node.kind === "ref" && conformsTo(value, ctx.target(node), ctx, depth + 1));
  switch (node.kind) {
    case "unknown":
      return true;
    case "never":
    case "null":
      return false;
    case "string":
      return typeof value === "string" && !node.binary;
    case "number":
    case "integer":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "enum":
      return node.values.includes(value as string);
    case "const":
      return JSON.stringify(value) === JSON.stringify(node.value);
    case "ref":
      return conformsTo(value, ctx.component(node.target).schema, ctx, depth + 1);
    case "array":
      return Array.isArray(value) && value.every((v) => conformsTo(v, node.items, ctx, depth + 1));
    case "tuple":
      return Array.isArray(value) && node.prefixItems.every((item, i) => value[i] !== undefined && conformsTo(value[i]!, item, ctx, depth + 1));
    case "union":
      return node.variants.some((v) => conformsTo(value, v, ctx, depth + 1));
    case "intersection":
      return node.members.every((m) => conformsTo(value, m, ctx, depth + 1));
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return false;
      const record = value as Record<string, JsonValue>;
      return node.properties.every((p) => {
        const has = Object.prototype.hasOwnProperty.call(record, p.name);
        if (!has) return !p.required || p.schema.default !== undefined;
        return conformsTo(record[p.name]!, p.schema, ctx, depth + 1);
      });
    }
  }
}
