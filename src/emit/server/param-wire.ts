/**
 * The `wire` member of an OperationContract: how each parameter of a location travels (style,
 * explode, JSON content) and what its value is made of (scalar kind, array of, object with
 * property kinds), for the server runtime's decoder (templates/server/runtime/params.ts).
 * Emitted only for locations that need it: a scalar, or an exploded form array in the query, is
 * decoded by the params zod schemas' own coercion, so most operations (the bench's hot path
 * among them) carry no descriptor and pay nothing for it.
 */
import type { Operation, Parameter, ParameterLocation } from "../../ir/operation.js";
import type { JsonValue, SchemaNode } from "../../ir/schema.js";
import { jsonLiteral } from "../escape.js";
import type { PrintContext } from "../print-context.js";

type WireShape = "string" | "number" | "boolean" | { items: WireShape } | { properties: Record<string, WireShape>; additional?: WireShape };

const KEYS: Record<ParameterLocation, string> = { path: "path", query: "query", header: "headers", cookie: "cookies" };

/** `wire: { ... }` for the contract literal, or undefined when no location needs decoding. */
export function paramWireLiteral(op: Operation, ctx: PrintContext): string | undefined {
  const parts: string[] = [];
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const params = op.parameters.filter((p) => p.in === location);
    const wires = params.map((p) => ({ p, shape: shapeOf(p.schema, ctx, 0) }));
    if (!wires.some(({ p, shape }) => needsDecoding(p, shape))) continue;
    const entries = wires.map(({ p, shape }) => {
      const wire: Record<string, unknown> = { name: p.name, style: p.style, explode: p.explode, shape };
      if (p.contentType !== undefined) wire.json = true;
      return jsonLiteral(wire as JsonValue);
    });
    parts.push(`${KEYS[location]}: [${entries.join(", ")}]`);
  }
  return parts.length === 0 ? undefined : `wire: { ${parts.join(", ")} }`;
}

/** Whether the zod schemas' coercion (scalars; repeated-key query arrays) is not enough for a parameter. */
function needsDecoding(p: Parameter, shape: WireShape): boolean {
  if (p.contentType !== undefined) return true;
  if (p.in === "path") return p.style !== "simple" || typeof shape === "object";
  if (typeof shape !== "object") return p.style === "deepObject";
  if ("properties" in shape || typeof shape.items === "object") return true;
  // Arrays: repeated query keys are what the schemas' coercion reads; the rest is split here.
  return !(p.in === "query" && p.explode);
}

/** The wire shape of a schema: how its text is coerced (references followed, unions by their kinds). */
export function shapeOf(node: SchemaNode, ctx: PrintContext, depth: number): WireShape {
  const target = ctx.target(node);
  if (depth > 8) return "string";
  switch (target.kind) {
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "enum":
      if (target.values.every((v) => typeof v === "number")) return "number";
      if (target.values.every((v) => typeof v === "boolean")) return "boolean";
      return "string";
    case "const":
      return typeof target.value === "number" ? "number" : typeof target.value === "boolean" ? "boolean" : "string";
    case "array":
      return { items: shapeOf(target.items, ctx, depth + 1) };
    case "object": {
      const properties: Record<string, WireShape> = Object.create(null) as Record<string, WireShape>;
      for (const property of target.properties) properties[property.name] = shapeOf(property.schema, ctx, depth + 1);
      const extra = target.additionalProperties;
      if (extra === true) return { properties, additional: "string" };
      if (typeof extra === "object") return { properties, additional: shapeOf(extra, ctx, depth + 1) };
      return { properties };
    }
    case "intersection": {
      const properties: Record<string, WireShape> = Object.create(null) as Record<string, WireShape>;
      for (const member of target.members) {
        const shape = shapeOf(member, ctx, depth + 1);
        if (typeof shape === "object" && "properties" in shape) Object.assign(properties, shape.properties);
      }
      return { properties };
    }
    case "union": {
      const shapes = target.variants.filter((v) => ctx.target(v).kind !== "null").map((v) => shapeOf(v, ctx, depth + 1));
      if (shapes.length === 1) return shapes[0]!;
      // Several scalar kinds: numbers are tried first (text that is not one stays text for the union).
      if (shapes.includes("number")) return "number";
      if (shapes.includes("boolean") && shapes.every((s) => s === "boolean" || s === "string")) return "boolean";
      return "string";
    }
    default:
      return "string";
  }
}
