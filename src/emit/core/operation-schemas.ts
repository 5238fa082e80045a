import type { Operation, Parameter, ParameterLocation } from "../../ir/operation.js";
import type { SchemaNode } from "../../ir/schema.js";
import type { ResolvedNames } from "../../resolve/resolve-names.js";
import { commentText, jsonLiteral, stringLiteral, valuePropertyKey } from "../escape.js";
import type { PrintContext } from "../print-context.js";
import { printPropertyLine, printType } from "../print-type.js";
import { printZod } from "../print-zod.js";
import { printZodAnnotation } from "../print-zod-annotation.js";

/** One generated type + zod schema pair for a part of an operation (its query, a body, a response). */
export interface OperationDeclaration {
  type: string;
  schema: string;
  /** Type expression and zod expression for the same shape. */
  typeExpression: string;
  zodExpression: string;
  /** The schema's declared type (see print-zod-annotation.ts), naming the type as `M.<type>`. */
  zodAnnotation: string;
  doc: string;
}

/** Parameters, bodies and responses of one operation, as declarations the core templates print. */
export function operationDeclarations(op: Operation, ctx: PrintContext, names: ResolvedNames): OperationDeclaration[] {
  const opNames = names.operations.get(op.pointer)!;
  const out: OperationDeclaration[] = [];
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const pair = opNames.params[location];
    if (!pair) continue;
    const params = op.parameters.filter((p) => p.in === location);
    out.push({
      ...pair,
      typeExpression: printParamsType(params, ctx),
      zodExpression: printParamsZod(params, ctx),
      zodAnnotation: `z.ZodType<M.${pair.type}>`,
      doc: `/** ${location} parameters of ${opNames.value} */\n`,
    });
  }
  op.requestBody?.content.forEach((media, i) => {
    out.push(declaration(opNames.bodies[i]!, media.schema, ctx, "write", `request body of ${opNames.value} (${media.contentType})`));
  });
  op.responses.forEach((response, r) => {
    response.content.forEach((media, m) => {
      const names = opNames.responses[r]![m]!;
      out.push(declaration(names, media.schema, ctx, "read", `${response.status} response of ${opNames.value} (${media.contentType})`));
      if (media.stream && names.item) out.push(declaration(names.item, media.stream.item, ctx, "read", `each item of the ${response.status} response stream of ${opNames.value} (${media.contentType})`));
    });
  });
  return out;
}

function declaration(pair: { type: string; schema: string }, schema: SchemaNode, ctx: PrintContext, mode: "read" | "write", what: string): OperationDeclaration {
  return {
    type: pair.type,
    schema: pair.schema,
    typeExpression: printType(schema, ctx, mode),
    zodExpression: printZod(schema, ctx, mode),
    zodAnnotation: printZodAnnotation(schema, ctx, mode, `M.${pair.type}`),
    doc: `/** ${commentText(what)} */\n`,
  };
}

/**
 * The parameters of one location as an object type keyed by wire name. Unlike a body, a
 * parameter is never left out for being readOnly: it is always sent. models.gen.ts prints the
 * `write` view (as the server has parsed them); the client its `input` view.
 */
export function printParamsType(params: Parameter[], ctx: PrintContext, mode: "write" | "input" = "write", indent = ""): string {
  const lines = params.map((p) =>
    printPropertyLine({ name: p.name, required: p.required, schema: { ...p.schema, description: p.description ?? p.schema.description } }, ctx, mode, `${indent}  `),
  );
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/**
 * Like printZod for an object, but each value first goes through the wire coercion its type
 * needs (numbers and booleans arrive as strings; arrays as repeated or delimited values).
 * Unknown parameters are tolerated: the object is not strict.
 */
function printParamsZod(params: Parameter[], ctx: PrintContext): string {
  const lines = params.map((p) => {
    let value = withCoercion(p, printZod(p.schema, ctx, "write", "  "), ctx);
    // A default stands in for an absent optional parameter only: a required one stays required
    // (OpenAPI: `default` is what the server uses when the parameter is not sent; a required one is always sent).
    if (!p.required && p.schema.default !== undefined && ctx.hasUsableDefault(p.schema)) value += `.default(${jsonLiteral(p.schema.default)})`;
    else if (!p.required) value += ".optional()";
    return `  ${valuePropertyKey(p.name)}: ${value},`;
  });
  return `z.object({\n${lines.join("\n")}\n})`;
}

const DELIMITERS: Record<string, string> = { form: ",", simple: ",", spaceDelimited: " ", pipeDelimited: "|" };

function withCoercion(p: Parameter, zod: string, ctx: PrintContext): string {
  if (p.contentType !== undefined) return zod; // serialised as a whole (e.g. JSON); nothing to coerce
  const target = ctx.target(p.schema);
  const scalar = scalarCoercion(target, ctx);
  if (scalar) return `z.preprocess(${ctx.uses.use(scalar)}, ${zod})`;
  if (target.kind === "array") {
    const coercion = scalarCoercion(ctx.target(target.items), ctx);
    const item = coercion && ctx.uses.use(coercion);
    // Exploded form arrays repeat the key; otherwise the values share one delimited string.
    const delimiter = p.explode && (p.in === "query" || p.in === "cookie") ? "null" : stringLiteral(DELIMITERS[p.style] ?? ",");
    return `z.preprocess(${ctx.uses.use("fromWireArray")}(${delimiter}${item ? `, ${item}` : ""}), ${zod})`;
  }
  return zod;
}

function scalarCoercion(node: SchemaNode, ctx: PrintContext): string | undefined {
  const target = ctx.target(node);
  if (target.kind === "number" || target.kind === "integer") return "fromWireNumber";
  if (target.kind === "boolean") return "fromWireBoolean";
  if (target.kind === "enum" && target.values.every((v) => typeof v === "number")) return "fromWireNumber";
  if (target.kind === "enum" && target.values.every((v) => typeof v === "boolean")) return "fromWireBoolean";
  return undefined;
}

export type { ParameterLocation };
