import type { ApiDocument } from "../ir/document.js";
import type { SchemaNode } from "../ir/schema.js";
import { collectRefs, forEachChild } from "../ir/walk.js";
import { appendTo } from "../multimap.js";

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

/**
 * Components a request can carry: reached through $refs from some operation's (or webhook's)
 * parameters or request body. Only these need their write and input views emitted; a component
 * that only ever appears in responses has no request-side view anyone could use, and on GitHub's
 * spec those unused views were a third of the generated code (332 of 336 write schemas).
 */
export function componentsUsedInRequests(api: ApiDocument): Set<string> {
  const used = new Set<string>();
  const queue: string[] = [];
  const reach = (node: SchemaNode) => {
    for (const id of collectRefs(node)) {
      if (used.has(id)) continue;
      used.add(id);
      queue.push(id);
    }
  };
  for (const op of [...api.operations, ...api.webhooks]) {
    for (const p of op.parameters) reach(p.schema);
    for (const media of op.requestBody?.content ?? []) reach(media.schema);
  }
  const byId = new Map(api.schemas.map((c) => [c.id, c.schema]));
  while (queue.length > 0) {
    const schema = byId.get(queue.pop()!);
    if (schema) reach(schema);
  }
  return used;
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
      if (node.kind === "ref") appendTo(dependents, node.target, component.id);
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
