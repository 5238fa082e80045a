import type { ApiDocument } from "../../ir/document.js";
import { firstJson, type Response } from "../../ir/operation.js";
import type { ResolvedNames } from "../../resolve/resolve-names.js";
import { orderComponents } from "../component-order.js";
import { stringLiteral, typePropertyKey, valuePropertyKey } from "../escape.js";
import { namedImport, objectMember } from "../../format/print-width.js";
import { isPlainPropertyKey } from "../../resolve/identifiers.js";
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
    /** The types below, and their import laid out (empty when there are none). */
    typeImports: string[];
    typeImport: string;
    /** `member`: the whole `key: { … };` line(s), laid out as Prettier would at two spaces; `problems` its value. */
    operations: { doc: string; key: string; problems: string; member: string }[];
    componentResponses: { key: string; status: string; contentType: string; member: string }[];
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
    problems: buildProblemsView(api, ctx, names),
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

/**
 * problem.gen.ts, printed in Prettier's layout (the template is `preformatted`): each error
 * response is named, never spelled out, so every member is `status: Name` and the layout only
 * depends on line width. A response whose schema is a component is that component's type;
 * any other is the operation's response type in models.gen.ts (`ReposGetResponse404`), the
 * same type by construction (operation-schemas.ts prints both with printType).
 */
function buildProblemsView(api: ApiDocument, ctx: PrintContext, names: ResolvedNames): CoreView["problems"] {
  const typeImports = new Set<string>();
  const operations: CoreView["problems"]["operations"] = [];
  const componentResponses = new Map<string, { statuses: Set<string>; contentType: string }>();
  for (const op of [...api.operations, ...api.webhooks]) {
    const opNames = names.operations.get(op.pointer)!;
    const members: string[] = [];
    op.responses.forEach((r, index) => {
      if (!isErrorResponse(r)) return;
      const media = firstJson(r.content);
      let type = "undefined";
      if (media) {
        // A bare component reference prints as its type's name; anything else is named by the operation.
        const printed = media.schema.kind === "ref" ? printType(media.schema, ctx, "read") : "";
        type = isPlainPropertyKey(printed) ? printed : opNames.responses[index]![r.content.indexOf(media)]!.type;
        typeImports.add(type);
      }
      if (r.componentRef && media) {
        const entry = componentResponses.get(r.componentRef) ?? { statuses: new Set(), contentType: media.contentType };
        entry.statuses.add(r.status);
        componentResponses.set(r.componentRef, entry);
      }
      // A quoted key that is an identifier would lose its quotes to Prettier; digits stay bare.
      members.push(`${/^\d+$/.test(r.status) ? r.status : typePropertyKey(r.status)}: ${type}`);
    });
    if (members.length === 0) continue;
    const key = typePropertyKey(opNames.value);
    const member = objectMember(key, members, "  ", ";", ";");
    operations.push({ doc: "", key, problems: member.slice(key.length + 2, -1), member });
  }
  return {
    typeImports: [...typeImports].sort(),
    typeImport: typeImports.size > 0 ? namedImport([...typeImports].sort(), stringLiteral("./models.gen.js"), { typeOnly: true }) : "",
    operations,
    componentResponses: [...componentResponses.entries()].map(([ref, entry]) => {
      const key = valuePropertyKey(ref.split("/").pop()!.replace(/~1/g, "/").replace(/~0/g, "~"));
      const status = entry.statuses.size === 1 ? stringLiteral([...entry.statuses][0]!) : "undefined";
      const contentType = stringLiteral(entry.contentType);
      return { key, status, contentType, member: objectMember(key, [`status: ${status}`, `contentType: ${contentType}`], "  ", ",", ",") };
    }),
  };
}

function isErrorResponse(r: Response): boolean {
  return r.status === "default" || /^[45]/.test(r.status);
}
