import type { ApiDocument } from "../ir/document.js";
import type { SchemaNode } from "../ir/schema.js";
import { forEachChild } from "../ir/walk.js";

/**
 * Which components need separate request (write) and response (read) variants: those whose
 * tree, through nested $refs, has a readOnly or writeOnly property. The rest get one type.
 */
export function componentsWithReadWriteSplit(api: ApiDocument): Set<string> {
  const topReadOnly = new Set(api.schemas.filter((c) => c.schema.readOnly || c.schema.writeOnly).map((c) => c.id));
  const direct = new Set<string>();
  const dependents = new Map<string, string[]>();
  for (const component of api.schemas) {
    visit(component.schema, (node) => {
      if (node.kind === "object" && node.properties.some((p) => isReadOrWriteOnly(p.schema, topReadOnly))) direct.add(component.id);
      if (node.kind === "ref") {
        const list = dependents.get(node.target) ?? [];
        list.push(component.id);
        dependents.set(node.target, list);
      }
    });
  }
  // Propagate from the schemas that differ themselves to everything that reaches them.
  return propagate(direct, dependents);
}

/** A property is readOnly/writeOnly by its own schema or by the component its $ref names. */
export function isReadOrWriteOnly(schema: SchemaNode, topLevelFlagged: Set<string>): boolean {
  return Boolean(schema.readOnly || schema.writeOnly || (schema.kind === "ref" && topLevelFlagged.has(schema.target)));
}

function visit(node: SchemaNode, fn: (node: SchemaNode) => void): void {
  fn(node);
  forEachChild(node, (child) => visit(child, fn));
}

/**
 * Components whose request-side view has a property with a default, directly or through nested
 * $refs: a client may leave those out, so they get a separate `Input` type.
 */
export function componentsWithDefaults(api: ApiDocument): Set<string> {
  const direct = new Set<string>();
  const dependents = new Map<string, string[]>();
  for (const component of api.schemas) {
    visit(component.schema, (node) => {
      if (node.kind === "object" && node.properties.some((p) => p.schema.default !== undefined && !p.schema.readOnly)) direct.add(component.id);
      if (node.kind === "ref") dependents.set(node.target, [...(dependents.get(node.target) ?? []), component.id]);
    });
  }
  return propagate(direct, dependents);
}

function propagate(direct: Set<string>, dependents: Map<string, string[]>): Set<string> {
  const reached = new Set(direct);
  const queue = [...direct];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const parent of dependents.get(id) ?? []) {
      if (!reached.has(parent)) {
        reached.add(parent);
        queue.push(parent);
      }
    }
  }
  return reached;
}
