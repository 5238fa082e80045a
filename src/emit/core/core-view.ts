import type { ApiDocument } from "../../ir/document.js";
import { firstJson, type Response } from "../../ir/operation.js";
import { collectRefs } from "../../ir/walk.js";
import type { ResolvedNames } from "../../resolve/resolve-names.js";
import { orderComponents } from "../component-order.js";
import { stringLiteral, typePropertyKey } from "../escape.js";
import { docBlock, schemaJsDoc } from "../jsdoc.js";
import { PrintContext } from "../print-context.js";
import { printType, WITH_ADDITIONAL } from "../print-type.js";
import { printZod, ZOD_HELPERS } from "../print-zod.js";
import { printZodAnnotation } from "../print-zod-annotation.js";
import { operationDeclarations } from "./operation-schemas.js";
import { ObjectPool } from "./shared-objects.js";

export interface CoreView {
  header: string;
  models: {
    usesWithAdditional: boolean;
    declarations: { doc: string; name: string; type: string }[];
    /** Runtime lists of enum values, for UIs and exhaustive checks without zod. */
    enumValues: { doc: string; name: string; values: string; type: string }[];
  };
  schemas: {
    helperImports: string[];
    usesObjectSchema: boolean;
    /** `shared`: a repeated inline object, declared once and not exported (./shared-objects.ts). */
    declarations: { doc: string; name: string; annotation: string; expression: string; shared?: boolean }[];
  };
  problems: {
    typeImports: string[];
    operations: { doc: string; key: string; problems: string }[];
    componentResponses: { key: string; status: string; contentType: string }[];
  };
}

/**
 * Everything the core templates print, decided here so that templates only lay it out.
 * `shareObjects: false` prints repeated inline objects in place (the tests compare both).
 */
export function buildCoreView(api: ApiDocument, names: ResolvedNames, header: string, options: { shareObjects?: boolean } = {}): CoreView {
  const pool = new ObjectPool();
  const ctx = new PrintContext(api, names, options.shareObjects === false ? {} : { objectPool: pool });
  const models: CoreView["models"]["declarations"] = [];
  const pooled: (CoreView["schemas"]["declarations"][number] & { lazy: boolean })[] = [];
  const enumValues: CoreView["models"]["enumValues"] = [];

  const { ordered, recursive } = orderComponents(api.schemas);
  // Types keep spec order (easier to read); schemas need dependency order.
  for (const c of api.schemas) {
    const n = ctx.componentNames(c.id);
    models.push({ doc: schemaJsDoc(c.schema), name: n.type, type: printType(c.schema, ctx, "read") });
    if (c.schema.kind === "enum" && n.values) {
      const values = c.schema.values.map((v) => (typeof v === "string" ? stringLiteral(v) : String(v))).join(", ");
      enumValues.push({ doc: docBlock([`Every value of {@link ${n.type}}, in spec order.`]), name: n.values, values, type: n.type });
    }
    const deprecated = c.schema.deprecated ? ["@deprecated"] : [];
    // Request-side views only for components a request can carry (see componentsUsedInRequests).
    if (!n.inRequests) continue;
    if (n.split) {
      const doc = docBlock([`${n.type} in a request as received: readOnly properties left out, defaults applied.`, ...deprecated]);
      models.push({ doc, name: n.writeType, type: printType(c.schema, ctx, "write") });
    }
    if (n.inputType !== n.writeType && n.inputType !== n.type) {
      const doc = docBlock([`${n.type} as a client sends it: readOnly properties left out, defaulted ones optional.`, ...deprecated]);
      models.push({ doc, name: n.inputType, type: printType(c.schema, ctx, "input") });
    }
  }
  for (const c of ordered) {
    const n = ctx.componentNames(c.id);
    const variants = n.split && n.inRequests ? ([["read", n.schema, n.type], ["write", n.writeSchema, n.writeType]] as const) : ([["read", n.schema, n.type]] as const);
    for (const [mode, schemaName, typeName] of variants) {
      const expression = printZod(c.schema, ctx, mode);
      // A schema on a cycle refers to itself before it exists: deferred with z.lazy (typed z.ZodType, as z.lazy is).
      if (recursive.has(c.id)) pooled.push({ doc: "", name: schemaName, annotation: `z.ZodType<M.${typeName}>`, expression: `z.lazy(() => ${expression})`, lazy: true });
      else pooled.push({ doc: "", name: schemaName, annotation: printZodAnnotation(c.schema, ctx, mode, `M.${typeName}`), expression, lazy: false });
    }
  }
  for (const op of [...api.operations, ...api.webhooks]) {
    for (const d of operationDeclarations(op, ctx, names)) {
      models.push({ doc: d.doc, name: d.type, type: d.typeExpression });
      pooled.push({ doc: d.doc, name: d.schema, annotation: d.zodAnnotation, expression: d.zodExpression, lazy: false });
    }
  }
  const schemas = withSharedObjects(pool, pooled);

  return {
    header,
    models: { usesWithAdditional: ctx.uses.has(WITH_ADDITIONAL), declarations: models, enumValues },
    schemas: {
      usesObjectSchema: schemas.some((s) => s.annotation.startsWith("ObjectSchema<")),
      helperImports: [...ZOD_HELPERS, "fromWireNumber", "fromWireBoolean", "fromWireArray"].filter((h) => ctx.uses.has(h)).sort(),
      declarations: schemas,
    },
    problems: buildProblemsView(api, ctx),
  };
}

/** The declarations with their pooled objects resolved, each shared one declared before its first use. */
function withSharedObjects(pool: ObjectPool, pooled: (CoreView["schemas"]["declarations"][number] & { lazy: boolean })[]): CoreView["schemas"]["declarations"] {
  const { expressions, shared } = pool.resolve(pooled.map((d) => ({ text: d.expression, lazy: d.lazy })));
  const out: CoreView["schemas"]["declarations"] = [];
  let next = 0;
  pooled.forEach(({ lazy: _lazy, ...d }, index) => {
    for (; next < shared.length && shared[next]!.before === index; next++) {
      const s = shared[next]!;
      out.push({ doc: `/** An inline object the spec repeats (${s.uses} places), built once. */\n`, name: s.name, annotation: "", expression: s.expression, shared: true });
    }
    out.push({ ...d, expression: expressions[index]! });
  });
  return out;
}

function buildProblemsView(api: ApiDocument, ctx: PrintContext): CoreView["problems"] {
  const typeImports = new Set<string>();
  const operations: CoreView["problems"]["operations"] = [];
  const componentResponses = new Map<string, { statuses: Set<string>; contentType: string }>();
  for (const op of [...api.operations, ...api.webhooks]) {
    const errors = op.responses.filter(isErrorResponse);
    if (errors.length === 0) continue;
    const entries = errors.map((r) => {
      const media = firstJson(r.content);
      if (media) for (const id of collectRefs(media.schema)) typeImports.add(ctx.componentNames(id).type);
      const key = /^\d+$/.test(r.status) ? r.status : stringLiteral(r.status);
      if (r.componentRef && media) {
        const entry = componentResponses.get(r.componentRef) ?? { statuses: new Set(), contentType: media.contentType };
        entry.statuses.add(r.status);
        componentResponses.set(r.componentRef, entry);
      }
      return `${key}: ${media ? printType(media.schema, ctx, "read", "    ") : "undefined"}`;
    });
    const names = ctx.names.operations.get(op.pointer)!;
    operations.push({ doc: "", key: typePropertyKey(names.value), problems: `{ ${entries.join("; ")} }` });
  }
  return {
    typeImports: [...typeImports].sort(),
    operations,
    componentResponses: [...componentResponses.entries()].map(([ref, entry]) => ({
      key: stringLiteral(ref.split("/").pop()!.replace(/~1/g, "/").replace(/~0/g, "~")),
      status: entry.statuses.size === 1 ? stringLiteral([...entry.statuses][0]!) : "undefined",
      contentType: stringLiteral(entry.contentType),
    })),
  };
}

function isErrorResponse(r: Response): boolean {
  return r.status === "default" || /^[45]/.test(r.status);
}
