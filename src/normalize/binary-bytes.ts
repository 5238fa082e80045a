/**
 * `format: binary` (3.1: `contentMediaType` without `contentEncoding`) means bytes only where a
 * value travels as bytes: a multipart part (a top-level property of a multipart body, or the
 * items of an array property: one part each) and a raw body (a media type that is neither JSON,
 * text nor a form). In JSON and in parameters the value is text like any other string, so the
 * generated types, zod schemas (client and server) and defaults treat it as a string there.
 * This pass keeps the IR's `binary` flag on the byte places and clears it everywhere else. Nodes
 * are shared through components: a component property that is a multipart part stays bytes in
 * every use of that component (one component, one type).
 */
import type { ApiDocument } from "../ir/document.js";
import { isJsonMediaType, mediaTypeEssence, type MediaType, type Operation } from "../ir/operation.js";
import type { SchemaNode } from "../ir/schema.js";
import { forEachChild } from "../ir/walk.js";

export function keepBinaryOnBytes(api: ApiDocument): void {
  const byId = new Map(api.schemas.map((c) => [c.id, c.schema]));
  const target = (node: SchemaNode): SchemaNode => {
    const seen = new Set<string>();
    while (node.kind === "ref" && !seen.has(node.target) && byId.has(node.target)) {
      seen.add(node.target);
      node = byId.get(node.target)!;
    }
    return node;
  };
  const bytes = new Set<SchemaNode>();
  const markBytes = (node: SchemaNode) => {
    const t = target(node);
    if (t.kind === "string" && t.binary) bytes.add(t);
  };
  /** The parts of a multipart body: its properties (through allOf and oneOf/anyOf), array properties by item. */
  const markParts = (node: SchemaNode, depth: number) => {
    const t = target(node);
    if (depth > 8) return;
    if (t.kind === "intersection") t.members.forEach((m) => markParts(m, depth + 1));
    if (t.kind === "union") t.variants.forEach((v) => markParts(v, depth + 1));
    if (t.kind !== "object") return;
    for (const property of t.properties) {
      const value = target(property.schema);
      markBytes(value);
      if (value.kind === "array") markBytes(value.items);
    }
  };
  const markMedia = (media: MediaType) => {
    const type = mediaTypeEssence(media.contentType);
    if (type === "multipart/form-data" || type === "multipart/mixed") markParts(media.schema, 0);
    else if (!isJsonMediaType(type) && !type.startsWith("text/") && type !== "application/x-www-form-urlencoded") markBytes(media.schema);
  };
  const operations: Operation[] = [...api.operations, ...api.webhooks];
  for (const op of operations) {
    op.requestBody?.content.forEach(markMedia);
    for (const response of op.responses) response.content.forEach(markMedia);
  }

  const visited = new Set<SchemaNode>();
  const clear = (node: SchemaNode) => {
    if (visited.has(node)) return;
    visited.add(node);
    if (node.kind === "string" && node.binary && !bytes.has(node)) delete node.binary;
    forEachChild(node, clear);
  };
  for (const c of api.schemas) clear(c.schema);
  for (const op of operations) {
    for (const p of op.parameters) clear(p.schema);
    op.requestBody?.content.forEach((m) => clear(m.schema));
    for (const response of op.responses) {
      response.content.forEach((m) => clear(m.schema));
      for (const header of response.headers) clear(header.schema);
    }
  }
}
