/** The type and zod printers, driven from hand-built IR (no spec parsing involved). */
import { describe, expect, it } from "vitest";
import type { ApiDocument } from "../../src/ir/document.js";
import type { ComponentSchema, SchemaNode } from "../../src/ir/schema.js";
import { PrintContext } from "../../src/emit/print-context.js";
import { printType } from "../../src/emit/print-type.js";
import { printZod } from "../../src/emit/print-zod.js";
import { resolveNames } from "../../src/resolve/resolve-names.js";

const meta = { pointer: "#", nullable: false };
const str = (extra: Partial<SchemaNode> = {}): SchemaNode => ({ ...meta, kind: "string", ...extra }) as SchemaNode;
const ref = (name: string, extra: Partial<SchemaNode> = {}): SchemaNode => ({ ...meta, kind: "ref", target: `#/components/schemas/${name}`, ...extra }) as SchemaNode;
const component = (name: string, schema: SchemaNode): ComponentSchema => ({ id: `#/components/schemas/${name}`, specName: name, schema });

function context(schemas: ComponentSchema[]): PrintContext {
  const api: ApiDocument = { sourceVersion: "3.1", title: "t", version: "1", servers: [], schemas, operations: [], webhooks: [], securitySchemes: [] };
  return new PrintContext(api, resolveNames(api));
}

const pet = component("Pet", {
  ...meta,
  kind: "object",
  additionalProperties: "unspecified",
  properties: [
    { name: "id", required: true, schema: str({ readOnly: true }) },
    { name: "name", required: true, schema: str({ minLength: 1 }) },
    { name: "secret", required: false, schema: str({ writeOnly: true }) },
    { name: "kind", required: false, schema: str({ default: "cat" }) },
  ],
});

describe("printType / printZod from IR", () => {
  const ctx = context([pet, component("Cat", { ...meta, kind: "object", additionalProperties: "unspecified", properties: [] })]);

  it("a required readOnly property is required in responses and absent from requests", () => {
    const doc = '  /** @default "cat" */\n';
    // Responses: defaults are the sender's business, so a defaulted property may be missing.
    expect(printType(pet.schema, ctx, "read")).toBe(`{\n  id: string;\n  name: string;\n${doc}  kind?: string | undefined;\n}`);
    // A parsed request: the default is applied, so it is present.
    expect(printType(pet.schema, ctx, "write")).toBe(`{\n  name: string;\n  secret?: string | undefined;\n${doc}  kind: string;\n}`);
    // What a client sends: it may leave the defaulted property out.
    expect(printType(pet.schema, ctx, "input")).toBe(`{\n  name: string;\n  secret?: string | undefined;\n${doc}  kind?: string | undefined;\n}`);
  });

  it("refs in the client's view name the Input variant where defaults differ", () => {
    expect(printType(ref("Pet"), ctx, "input")).toBe("PetInput");
  });

  it("zod mirrors it, applying the default and constraints", () => {
    expect(printZod(pet.schema, ctx, "write")).toBe('z.object({\n  name: z.string().min(1, abortOnFail),\n  secret: z.string().optional(),\n  kind: z.string().default("cat"),\n})');
    expect(printZod(pet.schema, ctx, "read")).toContain('kind: z.string().optional(),');
  });

  it("refs name the read or write variant", () => {
    expect(printType(ref("Pet"), ctx, "read")).toBe("Pet");
    expect(printType(ref("Pet"), ctx, "write")).toBe("PetWrite");
    expect(printZod(ref("Pet", { nullable: true }), ctx, "write")).toBe("PetWriteSchema.nullable()");
  });

  it("unions inside arrays and intersections are parenthesised", () => {
    const union: SchemaNode = { ...meta, kind: "union", combinator: "oneOf", variants: [str(), { ...meta, kind: "integer" }] };
    expect(printType({ ...meta, kind: "array", items: union }, ctx, "read")).toBe("Array<string | number>");
    expect(printType({ ...meta, kind: "intersection", members: [union, ref("Cat")] }, ctx, "read")).toBe("(string | number) & Cat");
  });

  it("a default that does not fit its schema is not applied", () => {
    const node: SchemaNode = { ...meta, kind: "object", additionalProperties: "unspecified", properties: [{ name: "n", required: false, schema: { ...meta, kind: "integer", default: "ten" } }] };
    expect(printType(node, ctx, "read")).toContain("n?: number | undefined;");
    expect(printZod(node, ctx, "read")).toContain("n: z.number().int(abortOnFail).optional(),");
  });

  it("enums with mixed values become literal unions; string enums a z.enum", () => {
    expect(printType({ ...meta, kind: "enum", values: ["a", 1, true] }, ctx, "read")).toBe('"a" | 1 | true');
    expect(printZod({ ...meta, kind: "enum", values: ["a", 1] }, ctx, "read")).toBe('z.union([z.literal("a"), z.literal(1)])');
    expect(printZod({ ...meta, kind: "enum", values: ["a", "b"] }, ctx, "read")).toBe('z.enum(["a", "b"])');
  });
});
