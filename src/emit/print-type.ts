import { defaultVariant, type ObjectNode, type ObjectProperty, type SchemaNode, type UnionNode } from "../ir/schema.js";
import { jsonLiteralType, stringLiteral, typePropertyKey } from "./escape.js";
import { schemaJsDoc } from "./jsdoc.js";
import type { Mode, PrintContext } from "./print-context.js";

/** Name of the helper type in models.gen.ts for objects with both properties and typed extra keys. */
export const WITH_ADDITIONAL = "WithAdditionalProperties";

/**
 * Prints a schema node as a TypeScript type expression. One case per IR kind; recursion
 * happens here, never in templates. `indent` is the indentation of the line the type starts on.
 */
export function printType(node: SchemaNode, ctx: PrintContext, mode: Mode, indent = ""): string {
  const base = printBareType(node, ctx, mode, indent);
  return node.nullable && node.kind !== "null" && node.kind !== "unknown" ? `${wrapUnion(base)} | null` : base;
}

function printBareType(node: SchemaNode, ctx: PrintContext, mode: Mode, indent: string): string {
  switch (node.kind) {
    case "string":
      return node.binary ? "Blob" : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "unknown":
      return "unknown";
    case "never":
      return "never";
    case "enum":
      return node.values.map((v) => (typeof v === "string" ? stringLiteral(v) : String(v))).join(" | ");
    case "const":
      return jsonLiteralType(node.value);
    case "ref": {
      const names = ctx.componentNames(node.target);
      return ctx.typeRef(mode === "write" ? names.writeType : mode === "input" ? names.inputType : names.type);
    }
    case "array":
      return arrayType(printType(node.items, ctx, mode, indent));
    case "tuple": {
      const items = node.prefixItems.map((item) => printType(item, ctx, mode, indent));
      if (node.rest !== false) items.push(`...${arrayType(printType(node.rest, ctx, mode, indent))}`);
      return `[${items.join(", ")}]`;
    }
    case "union":
      return printUnion(node, ctx, mode, indent);
    case "intersection":
      if (node.members.length === 0) return "unknown";
      return node.members.map((m) => wrapUnion(printType(m, ctx, mode, indent))).join(" & ");
    case "object":
      return printObject(node, ctx, mode, indent);
  }
}

/** A union of already printed type expressions, each once, in their order (body types of several media types). */
export function unionOf(types: readonly string[]): string {
  return [...new Set(types)].join(" | ");
}

function printUnion(node: UnionNode, ctx: PrintContext, mode: Mode, indent: string): string {
  if (node.variants.length === 0) return "never";
  const parts = node.variants.flatMap((variant) => {
    const printed = wrapUnion(printType(variant, ctx, mode, indent));
    const tags = discriminatorTags(node, variant, ctx);
    // A discriminator value narrows its variant, so `switch (x.type)` works on the result.
    return tags.length === 0 ? [printed] : tags.map((tag) => `({ ${tag} } & ${printed})`);
  });
  // 3.2 defaultMapping: a payload whose tag no mapping names is the default schema's.
  const fallback = defaultVariant(node);
  if (fallback !== undefined) parts.push(wrapUnion(printType(fallback, ctx, mode, indent)));
  return parts.join(" | ");
}

/** `petType: "cat"` entries for the discriminator values that select this variant. */
function discriminatorTags(node: UnionNode, variant: SchemaNode, ctx: PrintContext): string[] {
  if (!node.discriminator) return [];
  const name = node.discriminator.propertyName;
  const key = `${typePropertyKey(name)}${ctx.requiresProperty(variant, name) ? "" : "?"}`;
  return ctx.discriminatorValues(node, variant).map((value) => `${key}: ${stringLiteral(value)}`);
}

function printObject(node: ObjectNode, ctx: PrintContext, mode: Mode, indent: string): string {
  const inner = indent + "  ";
  const properties = node.properties.filter((p) => !ctx.omitted(p.schema, mode));
  const extra = node.additionalProperties;
  if (properties.length === 0) {
    if (extra === false) return "Record<string, never>";
    const value = typeof extra === "object" ? printType(extra, ctx, mode, indent) : "unknown";
    return `{ [key: string]: ${value} }`;
  }
  const lines = properties.map((p) => printPropertyLine(p, ctx, mode, inner));
  if (extra === true) lines.push(`${inner}[key: string]: unknown;`);
  const literal = `{\n${lines.join("\n")}\n${indent}}`;
  if (typeof extra === "object") return `${ctx.typeRef(ctx.uses.use(WITH_ADDITIONAL))}<${literal}, ${printType(extra, ctx, mode, indent)}>`;
  return literal;
}

/** One property of an object type, with its doc comment: `name: Type;` or `name?: Type | undefined;`. */
export function printPropertyLine(p: ObjectProperty, ctx: PrintContext, mode: Mode, indent: string): string {
  // In a parsed request a usable default makes the value always present; zod's inferred type agrees.
  const present = p.required || (mode === "write" && ctx.hasUsableDefault(p.schema));
  const type = printType(p.schema, ctx, mode, indent);
  // zod infers an optional key as `k?: T | undefined`; saying so keeps the DTO identical to it
  // under exactOptionalPropertyTypes too (and lets such a project pass `undefined` explicitly).
  const optional = present || type === "unknown" ? type : `${type} | undefined`;
  return `${schemaJsDoc(p.schema, indent)}${indent}${typePropertyKey(p.name)}${present ? "" : "?"}: ${optional};`;
}

function arrayType(item: string): string {
  return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
}

/** Parenthesises a union or function type so it can sit inside `&`, `[]` or another union member. */
export function wrapUnion(type: string): string {
  return needsParens(type) ? `(${type})` : type;
}

function needsParens(type: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < type.length; i++) {
    const ch = type[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{" || ch === "(" || ch === "<" || ch === "[") depth++;
    else if (ch === "}" || ch === ")" || ch === ">" || ch === "]") depth--;
    else if (depth === 0 && (ch === "|" || ch === "&")) return true;
  }
  return false;
}
