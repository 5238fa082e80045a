import type { ApiDocument } from "../ir/document.js";
import type { Operation, ParameterLocation } from "../ir/operation.js";
import { camelCase, NameAllocator, pascalCase, takenTypeNames, typeName } from "./identifiers.js";
import { componentsUsedInRequests, componentsWithDefaults, componentsWithReadWriteSplit } from "./read-write.js";

export interface ComponentNames {
  /** The response-side (read) type, or the only type when the schema has no read/write split. */
  type: string;
  schema: string;
  /** Request-side (write) names; equal to the read names when there is no split. */
  writeType: string;
  writeSchema: string;
  split: boolean;
  /**
   * Whether a request (an operation's parameters or body) can carry this component, so that its
   * write and input views are emitted. Their names are allocated either way: a spec that starts
   * using a component in a request must not rename anything else.
   */
  inRequests: boolean;
  /** What a client sends (defaulted properties optional); equal to writeType when nothing is defaulted. */
  inputType: string;
  /** For enum components: the runtime list of values, e.g. `OrderStatusValues`. */
  values?: string;
}

/** A generated type and its zod schema, e.g. `CreateOrderBody` / `CreateOrderBodySchema`. */
export interface TypeAndSchema {
  type: string;
  schema: string;
  /** A streamed body's item (`XResponse200Item`), beside the body's own pair. */
  item?: TypeAndSchema;
}

export interface OperationNames {
  /** camelCase value name, e.g. `createOrder`. */
  value: string;
  /** PascalCase type prefix, e.g. `CreateOrder`. */
  type: string;
  /** One per parameter location the operation uses. */
  params: Partial<Record<ParameterLocation, TypeAndSchema>>;
  /** Aligned with `requestBody.content`. */
  bodies: TypeAndSchema[];
  /** Aligned with `responses`, then with each response's `content`. */
  responses: TypeAndSchema[][];
  /** Names in client.gen.ts (its own module, so its own namespace). */
  client: { spec: string; input: string; response: string; error: string };
}

export interface ResolvedNames {
  components: Map<string, ComponentNames>;
  /** By operation pointer (operationIds may repeat in a broken spec; pointers do not). */
  operations: Map<string, OperationNames>;
}

/**
 * Decides every generated name before anything is emitted, in spec order, so the same spec
 * always gives the same names and templates never invent one.
 */
/** Suffixes of derived names, configurable (`naming` in apigen.config). */
export interface NamingOptions {
  /** zod schema of type X: `X` + this. Default `Schema`. */
  schemaSuffix?: string;
  /** Request (write) view of X. Default `Write`. */
  writeSuffix?: string;
  /** A client's view of X. Default `Input`. */
  inputSuffix?: string;
  /** Runtime list of an enum's values. Default `Values`. */
  valuesSuffix?: string;
}

/**
 * The names the generated files take for themselves, read from their templates by the emit stage
 * (emit/template-names.ts): spec-derived names keep clear of them.
 */
export interface ModuleNames {
  /** models.gen.ts, schemas.gen.ts and problem.gen.ts, which import component types by name. */
  core?: readonly string[];
  /** client.gen.ts: what it declares, imports and re-exports besides the per-operation names. */
  client?: readonly string[];
}

export function resolveNames(api: ApiDocument, naming: NamingOptions = {}, moduleNames: ModuleNames = {}): ResolvedNames {
  const suffix = { schema: naming.schemaSuffix ?? "Schema", write: naming.writeSuffix ?? "Write", input: naming.inputSuffix ?? "Input", values: naming.valuesSuffix ?? "Values" };
  const split = componentsWithReadWriteSplit(api);
  const defaulted = componentsWithDefaults(api);
  const inRequests = componentsUsedInRequests(api);
  const types = new NameAllocator();
  const taken = takenTypeNames(moduleNames.core ?? []);
  const components = new Map<string, ComponentNames>();
  // Read names first for every component, so a later `PetWrite` component keeps its own name.
  for (const c of api.schemas) {
    const type = types.allocate(typeName(c.specName, taken));
    // Read and write views differ through readOnly/writeOnly properties or applied defaults.
    components.set(c.id, { type, schema: "", writeType: type, writeSchema: "", split: split.has(c.id) || defaulted.has(c.id), inRequests: inRequests.has(c.id), inputType: type });
  }
  for (const c of api.schemas) {
    const names = components.get(c.id)!;
    if (names.split) names.writeType = types.allocate(`${names.type}${suffix.write}`);
    // A client's view: like the write view, but defaulted properties optional.
    if (!defaulted.has(c.id)) names.inputType = names.writeType;
    else if (split.has(c.id)) names.inputType = types.allocate(`${names.type}${suffix.input}`);
  }
  for (const c of api.schemas) {
    const names = components.get(c.id)!;
    names.schema = types.allocate(`${names.type}${suffix.schema}`);
    names.writeSchema = names.split ? types.allocate(`${names.writeType}${suffix.schema}`) : names.schema;
    if (c.schema.kind === "enum") names.values = types.allocate(`${names.type}${suffix.values}`);
  }

  const values = new NameAllocator();
  // client.gen.ts declares these itself and imports the runtime's names; operations avoid them.
  const clientNames = new NameAllocator(moduleNames.client ?? []);
  const operations = new Map<string, OperationNames>();
  for (const op of [...api.operations, ...api.webhooks]) {
    const base = operationBaseName(op);
    const value = values.allocate(camelCase(base));
    // Operation types are prefixes of several names (CreateOrderBody, ...), so they must not
    // collide with component types either.
    const type = types.allocate(pascalCase(value));
    const client = {
      spec: clientNames.allocate(`${value}Spec`),
      input: clientNames.allocate(`${type}Input`),
      response: clientNames.allocate(`${type}Response`),
      error: clientNames.allocate(`${type}Error`),
    };
    operations.set(op.pointer, { ...operationNames(op, value, type, types, suffix.schema), client });
  }
  return { components, operations };
}

function operationBaseName(op: Operation): string {
  if (op.operationIdDeclared) return op.operationId;
  return op.pointer.startsWith("#/webhooks/") ? `${op.path} ${op.method} webhook` : op.operationId;
}

const LOCATION_SUFFIX: Record<ParameterLocation, string> = { path: "PathParams", query: "Query", header: "Headers", cookie: "Cookies" };

function operationNames(op: Operation, value: string, type: string, types: NameAllocator, schemaSuffix: string): Omit<OperationNames, "client"> {
  const pair = (suffix: string): TypeAndSchema => {
    const t = types.allocate(`${type}${suffix}`);
    return { type: t, schema: types.allocate(`${t}${schemaSuffix}`) };
  };
  const params: OperationNames["params"] = {};
  for (const location of ["path", "query", "header", "cookie"] as const) {
    if (op.parameters.some((p) => p.in === location)) params[location] = pair(LOCATION_SUFFIX[location]);
  }
  const bodyContent = op.requestBody?.content ?? [];
  const bodies = bodyContent.map((m) => pair(bodyContent.length > 1 ? `Body${mediaSuffix(m.contentType)}` : "Body"));
  const responses = op.responses.map((r) =>
    r.content.map((m) => {
      const suffix = `Response${r.status === "default" ? "Default" : r.status}${r.content.length > 1 ? mediaSuffix(m.contentType) : ""}`;
      const body = pair(suffix);
      return m.stream ? { ...body, item: pair(`${suffix}Item`) } : body;
    }),
  );
  return { value, type, params, bodies, responses };
}

/** `application/json` -> `Json`, `multipart/form-data` -> `MultipartFormData`. */
function mediaSuffix(contentType: string): string {
  const [main = "", sub = ""] = contentType.split(";")[0]!.trim().split("/");
  if (main === "application" && sub) return pascalCase(sub);
  return pascalCase(`${main} ${sub}`);
}

/**
 * Every (type, zod schema) pair the output promises to keep identical (`z.infer<typeof S> = T`):
 * components' read views, write views of those in requests, and each operation's parameters, bodies and responses.
 * The type-level tests and the corpus check assert exactly these.
 */
export function typeSchemaPairs(names: ResolvedNames): TypeAndSchema[] {
  const pairs: TypeAndSchema[] = [];
  for (const n of names.components.values()) {
    pairs.push({ type: n.type, schema: n.schema });
    if (n.split && n.inRequests) pairs.push({ type: n.writeType, schema: n.writeSchema });
  }
  const plain = ({ type, schema }: TypeAndSchema): TypeAndSchema => ({ type, schema });
  for (const op of names.operations.values()) {
    pairs.push(...Object.values(op.params), ...op.bodies);
    for (const response of op.responses.flat()) pairs.push(plain(response), ...(response.item ? [response.item] : []));
  }
  return pairs;
}
