import { type ArrayNode, defaultVariant, type NumberNode, type ObjectNode, type ObjectProperty, type SchemaNode, type StringNode, type UnionNode } from "../ir/schema.js";
import { jsonLiteral, jsonLiteralType, stringLiteral, valuePropertyKey } from "./escape.js";
import type { Mode, PrintContext } from "./print-context.js";
import type { SymbolUses } from "./symbol-uses.js";

type ZodMode = Exclude<Mode, "input">;

/**
 * Every constraint check stops at its first failure (zod's `abort: true`, as the shared constant
 * `abortOnFail` of runtime/zod-helpers.ts): a value reports the first constraint it breaks, and
 * zod's containers can stop at it. A server validates a large body in a first pass that ends at
 * the first failure (templates/server/runtime/validate.ts): without aborting checks, 1 MiB of
 * numbers under their minimum made 150,000 issues, half a second of work, before anything could
 * stop it. One constant, not a literal per call: 22,000 literals on GitHub's spec added 21% to
 * the checker's types and 340 KB to the file.
 */
const ABORT = "abortOnFail";

/** zod 4 constructors for string formats whose rules match the OpenAPI/JSON Schema meaning. */
const STRING_FORMATS: Record<string, (abort: string) => string> = {
  "date-time": () => "z.iso.datetime({ offset: true, abort: true })",
  date: (abort) => `z.iso.date(${abort})`,
  time: (abort) => `z.iso.time(${abort})`,
  email: (abort) => `z.email(${abort})`,
  // JSON Schema's uuid is any 8-4-4-4-12 hex string; z.uuid() also demands RFC 9562 version bits.
  uuid: (abort) => `z.guid(${abort})`,
  uri: (abort) => `z.url(${abort})`,
  url: (abort) => `z.url(${abort})`,
  ipv4: (abort) => `z.ipv4(${abort})`,
  ipv6: (abort) => `z.ipv6(${abort})`,
  byte: (abort) => `z.base64(${abort})`,
};

/** Runtime helpers (templates/core/runtime/zod-helpers.ts) a printed schema may call. */
export const ZOD_HELPERS = ["abortOnFail", "allOfClosed", "hasUniqueItems", "isJsonEqual", "oneOfObjects", "oneOfTagged", "requiredSets", "specPattern", "withOwnKeysOnly"] as const;

/** Keys every plain object inherits; a schema declaring one needs withOwnKeysOnly (see the helper). */
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Prints a schema node as a zod 4 expression whose `z.infer` is exactly the type that
 * printType gives for the same node and mode (the type-level tests hold both to that).
 */
export function printZod(node: SchemaNode, ctx: PrintContext, mode: Exclude<Mode, "input">, indent = ""): string {
  const base = printBareZod(node, ctx, mode, indent);
  return node.nullable && node.kind !== "null" && node.kind !== "unknown" ? `${base}.nullable()` : base;
}

function printBareZod(node: SchemaNode, ctx: PrintContext, mode: ZodMode, indent: string): string {
  switch (node.kind) {
    case "string":
      return printString(node, ctx);
    case "number":
    case "integer":
      return printNumber(node, ctx);
    case "boolean":
      return "z.boolean()";
    case "null":
      return "z.null()";
    case "unknown":
      return "z.unknown()";
    case "never":
      return "z.never()";
    case "enum":
      if (node.values.every((v) => typeof v === "string")) {
        return node.values.length === 1 ? `z.literal(${stringLiteral(node.values[0] as string)})` : `z.enum([${node.values.map((v) => stringLiteral(v as string)).join(", ")}])`;
      }
      return literalUnion(node.values.map((v) => `z.literal(${typeof v === "string" ? stringLiteral(v) : String(v)})`));
    case "const":
      if (node.value === null) return "z.null()";
      if (typeof node.value !== "object") return `z.literal(${jsonLiteral(node.value)})`;
      return `z.custom<${jsonLiteralType(node.value)}>((value) => ${ctx.uses.use("isJsonEqual")}(value, ${jsonLiteral(node.value)}))`;
    case "ref": {
      const names = ctx.componentNames(node.target);
      return mode === "write" ? names.writeSchema : names.schema;
    }
    case "array":
      return printArray(node, ctx, mode, indent);
    case "tuple": {
      const items = node.prefixItems.map((item) => printZod(item, ctx, mode, indent));
      const rest = node.rest === false ? "" : `, ${printZod(node.rest, ctx, mode, indent)}`;
      return `z.tuple([${items.join(", ")}]${rest})`;
    }
    case "union":
      return printUnion(node, ctx, mode, indent);
    case "intersection": {
      if (node.members.length === 0) return "z.unknown()";
      const merged = node.members.map((m) => printZod(m, ctx, mode, indent)).reduce((left, right) => `z.intersection(${left}, ${right})`);
      const known = closedMergeKeys(node, ctx, mode);
      return known ? `${ctx.uses.use("allOfClosed")}([${known.map(stringLiteral).join(", ")}], ${merged})` : merged;
    }
    case "object":
      // Pooled objects are printed at indent "" and indented where they land (core/shared-objects.ts).
      return ctx.objectPool ? ctx.objectPool.token(printObject(node, ctx, mode, "")) : printObject(node, ctx, mode, indent);
  }
}

function printString(node: StringNode, ctx: PrintContext): string {
  if (node.binary) return "z.instanceof(Blob)";
  const abort = () => ctx.uses.use(ABORT);
  const format = node.format === undefined ? undefined : STRING_FORMATS[node.format];
  let out = format ? format(abort()) : "z.string()";
  if (node.minLength !== undefined) out += `.min(${node.minLength}, ${abort()})`;
  if (node.maxLength !== undefined) out += `.max(${node.maxLength}, ${abort()})`;
  // specPattern: a RegExp whose test() stays linear in the input (templates/core/runtime/spec-pattern.ts).
  if (node.pattern !== undefined) out += `.regex(${ctx.uses.use("specPattern")}(${stringLiteral(node.pattern)}${node.patternUnicode === true ? ', "u"' : ""}), ${abort()})`;
  return out;
}

function printNumber(node: NumberNode, ctx: PrintContext): string {
  const abort = () => ctx.uses.use(ABORT);
  let out = node.kind === "integer" ? `z.number().int(${abort()})` : "z.number()";
  if (node.minimum !== undefined) out += `.gte(${node.minimum}, ${abort()})`;
  if (node.exclusiveMinimum !== undefined) out += `.gt(${node.exclusiveMinimum}, ${abort()})`;
  if (node.maximum !== undefined) out += `.lte(${node.maximum}, ${abort()})`;
  if (node.exclusiveMaximum !== undefined) out += `.lt(${node.exclusiveMaximum}, ${abort()})`;
  if (node.multipleOf !== undefined) out += `.multipleOf(${node.multipleOf}, ${abort()})`;
  return out;
}

function printArray(node: ArrayNode, ctx: PrintContext, mode: ZodMode, indent: string): string {
  const abort = () => ctx.uses.use(ABORT);
  let out = `z.array(${printZod(node.items, ctx, mode, indent)})`;
  if (node.minItems !== undefined) out += `.min(${node.minItems}, ${abort()})`;
  if (node.maxItems !== undefined) out += `.max(${node.maxItems}, ${abort()})`;
  if (node.uniqueItems) out += `.refine(${ctx.uses.use("hasUniqueItems")}, { message: "items must be unique", abort: true })`;
  return out;
}

function printUnion(node: UnionNode, ctx: PrintContext, mode: ZodMode, indent: string): string {
  if (node.variants.length === 0) return "z.never()";
  const options: string[] = [];
  const values: (string | null)[] = [];
  let tagOptional = false;
  for (const variant of node.variants) {
    const printed = printZod(variant, ctx, mode, indent);
    const tags = ctx.discriminatorValues(node, variant);
    if (tags.length === 0) {
      options.push(printed);
      values.push(null);
      continue;
    }
    const name = node.discriminator!.propertyName;
    const required = ctx.requiresProperty(variant, name);
    if (!required) tagOptional = true;
    // The tag object is strict: a zod intersection rejects a key only when both sides do, so a
    // stripping tag object let a strict variant's extra keys through.
    for (const value of tags) {
      options.push(`z.intersection(z.strictObject({ ${valuePropertyKey(name)}: z.literal(${stringLiteral(value)})${required ? "" : ".optional()"} }), ${printed})`);
      values.push(value);
    }
  }
  // 3.2 defaultMapping: an untagged option, which oneOfTagged tries for an unknown or absent tag.
  const fallback = defaultVariant(node);
  if (fallback !== undefined) {
    options.push(printZod(fallback, ctx, mode, indent));
    values.push(null);
  }
  if (values.every((v) => v === null)) return objectUnion(node, options, ctx, mode) ?? literalUnion(options);
  // The tag selects the variant (see oneOfTagged): precise errors, and one parse per payload.
  const flags = tagOptional ? ", true" : "";
  return `${ctx.uses.use("oneOfTagged")}(${stringLiteral(node.discriminator!.propertyName)}, [${options.join(", ")}], [${values.map((v) => (v === null ? "null" : stringLiteral(v))).join(", ")}]${flags})`;
}

/**
 * A union of object variants without discriminator, as oneOfObjects (zod-unions.ts): each
 * variant's required properties (as the parsed schema requires them) and, for a strict variant,
 * the properties it knows. Undefined when some variant is not a non-nullable object.
 */
function objectUnion(node: UnionNode, options: string[], ctx: PrintContext, mode: ZodMode): string | undefined {
  if (options.length < 2) return undefined;
  const targets = node.variants.map((v) => (v.nullable ? undefined : ctx.target(v)));
  if (!targets.every((t): t is ObjectNode => t !== undefined && t.kind === "object" && !t.nullable)) return undefined;
  const list = (names: string[]) => `[${names.map(stringLiteral).join(", ")}]`;
  // zod lets a required property of unknown type be absent, so it does not count here either.
  const present = (p: ObjectProperty) => p.required && ctx.target(p.schema).kind !== "unknown" && !ctx.omitted(p.schema, mode) && !(mode === "write" && ctx.hasUsableDefault(p.schema));
  const required = targets.map((t) => list(t.properties.filter(present).map((p) => p.name)));
  const known = targets.map((t) => (t.additionalProperties === false ? list(t.properties.filter((p) => !ctx.omitted(p.schema, mode)).map((p) => p.name)) : "null"));
  return `${ctx.uses.use("oneOfObjects")}([${options.join(", ")}], [${required.join(", ")}], [${known.join(", ")}])`;
}

/**
 * The properties an allOf merge allows when it is closed: some member forbids extra properties
 * (`additionalProperties: false`) and no member allows them. Undefined when the merge is open, or
 * when a member is not an object (a union, a primitive) whose keys could be listed.
 */
function closedMergeKeys(node: SchemaNode, ctx: PrintContext, mode: ZodMode): string[] | undefined {
  const keys = new Set<string>();
  let closed = false;
  let open = false;
  const visit = (member: SchemaNode, depth: number): boolean => {
    const target = ctx.target(member);
    if (depth > 16) return false;
    if (target.kind === "intersection") return target.members.every((m) => visit(m, depth + 1));
    if (target.kind !== "object") return false;
    for (const p of target.properties) if (!ctx.omitted(p.schema, mode)) keys.add(p.name);
    if (target.additionalProperties === false) closed = true;
    else if (target.additionalProperties !== "unspecified") open = true;
    return true;
  };
  if (node.kind !== "intersection" || !node.members.every((m) => visit(m, 0))) return undefined;
  // Every member strict already rejects the right keys (an intersection rejects what all reject).
  const allStrict = node.members.every((m) => strictObject(ctx.target(m)));
  return closed && !open && !allStrict ? [...keys].sort() : undefined;
}

function strictObject(node: SchemaNode): boolean {
  return node.kind === "object" && node.additionalProperties === false;
}

function literalUnion(options: string[]): string {
  return options.length === 1 ? options[0]! : `z.union([${options.join(", ")}])`;
}

/**
 * Which zod object printObject makes of `node`: a plain `z.object` ("strip"), a `z.strictObject`
 * ("strict"), or something else ("other": a record, a catchall, a preprocess for inherited keys).
 * The declared type of a schema (print-zod-annotation.ts) follows from it.
 */
export function objectForm(node: ObjectNode, ctx: PrintContext, mode: ZodMode): "strip" | "strict" | "other" {
  const properties = node.properties.filter((p) => !ctx.omitted(p.schema, mode));
  if (properties.length === 0 || properties.some((p) => INHERITED_KEYS.has(p.name))) return "other";
  if (node.additionalProperties === false) return "strict";
  return node.additionalProperties === "unspecified" ? "strip" : "other";
}

/** An object node as zod; which constructor it picks is objectForm's answer (keep the two in step). */
function printObject(node: ObjectNode, ctx: PrintContext, mode: ZodMode, indent: string): string {
  const inner = indent + "  ";
  const properties = node.properties.filter((p) => !ctx.omitted(p.schema, mode));
  const extra = node.additionalProperties;
  if (properties.length === 0) {
    if (extra === false) return "z.strictObject({})";
    const value = typeof extra === "object" ? printZod(extra, ctx, mode, indent) : "z.unknown()";
    return `z.record(z.string(), ${value})${node.requiredAlternatives ? requiredAlternativesCheck(node.requiredAlternatives, ctx.uses) : ""}`;
  }
  const lines = properties.map((p) => {
    let value = printZod(p.schema, ctx, mode, inner);
    // Defaults are applied where a request is received; a response keeps what the server sent.
    // A required property is required with or without a default (JSON Schema: `default` fills nothing in).
    if (mode === "write" && !p.required && p.schema.default !== undefined && ctx.hasUsableDefault(p.schema)) value += `.default(${jsonLiteral(p.schema.default)})`;
    else if (!p.required) value += ".optional()";
    return `${inner}${valuePropertyKey(p.name)}: ${value},`;
  });
  const shape = `{\n${lines.join("\n")}\n${indent}}`;
  let object = `z.object(${shape})`;
  if (extra === false) object = `z.strictObject(${shape})`;
  else if (extra === true) object = `z.object(${shape}).catchall(z.unknown())`;
  else if (typeof extra === "object") object = `z.object(${shape}).catchall(${printZod(extra, ctx, mode, indent)})`;
  const checked = node.requiredAlternatives ? `${object}${requiredAlternativesCheck(node.requiredAlternatives, ctx.uses)}` : object;
  return properties.some((p) => INHERITED_KEYS.has(p.name)) ? `z.preprocess(${ctx.uses.use("withOwnKeysOnly")}, ${checked})` : checked;
}

/** `oneOf`/`anyOf` of bare `required` lists (ObjectNode.requiredAlternatives) as a refinement of the object (runtime/zod-helpers.ts requiredSets). */
function requiredAlternativesCheck(alt: NonNullable<ObjectNode["requiredAlternatives"]>, uses: SymbolUses): string {
  const names = alt.sets.map((set) => set.join(" + ")).join(" | ");
  const message = `${alt.exactlyOne ? "exactly one" : "at least one"} of these sets of properties must be present: ${names}`;
  return `.refine(${uses.use("requiredSets")}(${jsonLiteral(alt.sets)}, ${alt.exactlyOne}), { message: ${stringLiteral(message)}, abort: true })`;
}
