/**
 * What the projection table (projection.ts) reads of a schema through the components its $refs
 * name: the schema a chain of refs leads to, the objects a union variant is made of, the constant
 * values of their required properties (which tell variants apart), and whether a property is
 * writeOnly.
 */
import type { ComponentSchema, ObjectNode, SchemaNode } from "../../ir/schema.js";

/** The spec's components by id. */
export type Components = ReadonlyMap<string, ComponentSchema>;

/** The schema a chain of $refs leads to; it stops at a component already in `seen` (a cycle) or missing. */
export function resolveRefs(components: Components, node: SchemaNode, seen: Set<string>): SchemaNode {
  let current = node;
  while (current.kind === "ref" && !seen.has(current.target)) {
    seen.add(current.target);
    const target = components.get(current.target);
    if (!target) break;
    current = target.schema;
  }
  return current;
}

/** The objects a variant is made of (itself, or an allOf's), for its required and constant properties. */
export function objectsOf(components: Components, node: SchemaNode, seen = new Set<string>()): ObjectNode[] {
  const resolved = resolveRefs(components, node, seen);
  if (resolved.kind === "object") return [resolved];
  if (resolved.kind === "intersection") return resolved.members.flatMap((m) => objectsOf(components, m, seen));
  return [];
}

/** The required properties with a constant value, as alternating names and values. */
export function requiredConstants(components: Components, objects: ObjectNode[]): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  for (const o of objects)
    for (const p of o.properties) {
      if (!p.required) continue;
      const value = constantOf(resolveRefs(components, p.schema, new Set()));
      if (value !== undefined) out.push(p.name, value);
    }
  return out;
}

/** Whether a property's schema is writeOnly, itself or through the component it names. */
export function isWriteOnly(components: Components, schema: SchemaNode): boolean {
  if (schema.writeOnly) return true;
  return schema.kind === "ref" && Boolean(components.get(schema.target)?.schema.writeOnly);
}

/** A required property's constant value (`const`, or an enum of one), which tells union variants apart. */
function constantOf(schema: SchemaNode): string | number | boolean | undefined {
  if (schema.kind === "const" && (typeof schema.value === "string" || typeof schema.value === "number" || typeof schema.value === "boolean")) return schema.value;
  if (schema.kind === "enum" && schema.values.length === 1 && !schema.nullable) return schema.values[0];
  return undefined;
}
