/**
 * Maps JSON pointers in a Swagger 2.0 document converted to OpenAPI 3.0 (by swagger2openapi) back
 * to the node of the original 2.0 document they came from, so that diagnostics raised on the
 * converted document land on the original text.
 *
 * What moves in the conversion, and how it is mapped back:
 * - `#/components/schemas/X` <- `#/definitions/X` (names sanitised the way the converter does)
 * - `#/components/parameters/X` <- `#/parameters/X`; a parameter's `schema/...` <- the parameter's
 *   own `type`, `format`, `items`, ... (2.0 keeps them on the parameter)
 * - `#/components/responses/X` <- `#/responses/X`; `content/{mt}/schema/...` <- `schema/...`,
 *   `headers/H/schema/...` <- `headers/H/...`
 * - `#/components/securitySchemes/X` <- `#/securityDefinitions/X`
 * - operation `parameters/i` <- the original parameter with the same name and location (indices
 *   shift when body and formData parameters leave the list); `requestBody` <- the body
 *   parameter (or the formData parameter named by `properties/NAME`), at operation or path level
 * - `#/components/requestBodies/X` (bodies shared by several operations) <- the first operation
 *   that uses it
 * - `servers` <- `host`, `openapi` <- `swagger`, a schema's `nullable` <- `x-nullable`
 * Anything else keeps its pointer; what no longer exists lands on its nearest existing ancestor
 * (SourceText.positionOf does that).
 */

type Rec = Record<string, unknown>;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"]);

/** swagger2openapi's (oas-kit-common's) name sanitising, reproduced to map names back. */
function sanitise(s: string): string {
  const components = s.replace("[]", "Array").split("/");
  components[0] = components[0]!.replace(/[^A-Za-z0-9_\-.]+|\s+/gm, "_");
  return components.join("/");
}

function sanitiseAll(s: string): string {
  return sanitise(s.split("/").join("_"));
}

function record(value: unknown): Rec | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Rec) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function inverse(names: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [original, converted] of names) if (!out.has(converted)) out.set(converted, original);
  return out;
}

export class Swagger2PointerMap {
  private readonly original: Rec;
  private readonly converted: Rec;
  private readonly schemaNames: Map<string, string>;
  private readonly parameterNames: Map<string, string>;
  private readonly responseNames: Map<string, string>;
  private readonly securityNames: Map<string, string>;
  private requestBodyUsers: Map<string, [string, string, string]> | undefined;

  constructor(original: Rec, converted: Rec) {
    this.original = original;
    this.converted = converted;
    this.schemaNames = inverse(schemaRenames(Object.keys(record(original.definitions) ?? {})));
    this.parameterNames = inverse(new Map(Object.keys(record(original.parameters) ?? {}).map((k) => [k, sanitise(k)])));
    this.responseNames = inverse(new Map(Object.keys(record(original.responses) ?? {}).map((k) => [k, sanitise(k)])));
    this.securityNames = inverse(new Map(Object.keys(record(original.securityDefinitions) ?? {}).map((k) => [k, sanitise(k)])));
  }

  /** The tokens of the original node a converted pointer's node came from (or of its nearest ancestor). */
  toOriginal(tokens: readonly string[]): string[] {
    const out = this.map(tokens);
    // 2.0 said `x-nullable`; the converter made it `nullable`.
    const last = out.length - 1;
    if (out[last] === "nullable" && out[last - 1] !== "properties") out[last] = "x-nullable";
    return out;
  }

  private map(tokens: readonly string[]): string[] {
    const [head, ...rest] = tokens;
    switch (head) {
      case undefined:
        return [];
      case "openapi":
        return ["swagger"];
      case "servers":
        return this.original.host !== undefined ? ["host"] : this.original.basePath !== undefined ? ["basePath"] : [];
      case "components":
        return this.component(rest);
      case "paths":
      case "x-ms-paths":
        return this.pathItem(head, rest);
      default:
        return [...tokens];
    }
  }

  private component([kind, name, ...rest]: string[]): string[] {
    if (kind === undefined || name === undefined) return [];
    switch (kind) {
      case "schemas":
        return ["definitions", this.schemaNames.get(name) ?? name, ...rest];
      case "parameters":
        return ["parameters", this.parameterNames.get(name) ?? name, ...parameterRest(rest)];
      case "responses":
        return ["responses", this.responseNames.get(name) ?? name, ...responseRest(rest)];
      case "securitySchemes":
        return ["securityDefinitions", this.securityNames.get(name) ?? name, ...securityRest(rest)];
      case "requestBodies": {
        const user = this.requestBodyUser(name);
        return user ? this.requestBody(user[0], user[1], user[2], rest) : [];
      }
      default:
        return [];
    }
  }

  private pathItem(container: string, [path, second, ...rest]: string[]): string[] {
    if (path === undefined) return [container];
    const base = [container, path];
    if (second === undefined) return base;
    const originalItem = record(record(this.original[container])?.[path]);
    const convertedItem = record(record(this.converted[container])?.[path]);
    if (second === "parameters") {
      return [...base, "parameters", ...this.parameterInList(originalItem?.parameters, convertedItem?.parameters, rest)];
    }
    if (!HTTP_METHODS.has(second)) return [...base, second, ...rest];
    const [third, ...inner] = rest;
    const op = [...base, second];
    switch (third) {
      case "parameters":
        return [...op, "parameters", ...this.parameterInList(record(originalItem?.[second])?.parameters, record(convertedItem?.[second])?.parameters, inner)];
      case "requestBody":
        return this.requestBody(container, path, second, inner);
      case "responses": {
        const [code, ...r] = inner;
        return code === undefined ? [...op, "responses"] : [...op, "responses", code, ...responseRest(r)];
      }
      case "servers":
        return [...op, "schemes"];
      default:
        return [...op, ...rest];
    }
  }

  /** `i/...` in a converted parameter list -> `j/...` in the original one. */
  private parameterInList(originalList: unknown, convertedList: unknown, [index, ...rest]: string[]): string[] {
    if (index === undefined) return [];
    const converted = record(list(convertedList)[Number(index)]);
    if (!converted) return [];
    const originals = list(originalList).map(record);
    let j = -1;
    if (typeof converted.$ref === "string") {
      const name = converted.$ref.replace(/^#\/components\/parameters\//, "");
      j = originals.findIndex((p) => typeof p?.$ref === "string" && sanitise(p.$ref.replace(/^#\/parameters\//, "")) === name);
    } else {
      j = originals.findIndex((p) => p !== undefined && typeof p.$ref !== "string" && p.name === converted.name && p.in === converted.in);
    }
    return j < 0 ? [] : [String(j), ...parameterRest(rest)];
  }

  /** A request body's tokens -> the body or formData parameter it was made from. */
  private requestBody(container: string, path: string, method: string, [first, , third, ...rest]: string[]): string[] {
    const item = record(record(this.original[container])?.[path]);
    const op = record(item?.[method]);
    const candidates: { param: Rec; at: string[] }[] = [];
    const collect = (params: unknown, at: string[]) => {
      list(params).forEach((entry, i) => {
        const param = record(entry);
        if (!param) return;
        if (typeof param.$ref === "string" && param.$ref.startsWith("#/parameters/")) {
          const name = param.$ref.slice("#/parameters/".length);
          const target = record(record(this.original.parameters)?.[name]);
          if (target) candidates.push({ param: target, at: ["parameters", name] });
        } else {
          candidates.push({ param, at: [...at, String(i)] });
        }
      });
    };
    collect(op?.parameters, [container, path, method, "parameters"]);
    collect(item?.parameters, [container, path, "parameters"]);
    const body = candidates.find((c) => c.param.in === "body");
    const form = candidates.filter((c) => c.param.in === "formData");
    const fallback = [container, path, method];
    if (body) {
      if (first === "content" && third === "schema") return [...body.at, "schema", ...rest];
      if (first === "description" || first === "required") return [...body.at, first];
      return body.at;
    }
    if (form.length > 0) {
      if (first === "content" && third === "schema" && rest[0] === "properties" && rest[1] !== undefined) {
        const named = form.find((c) => c.param.name === rest[1]);
        if (named) return [...named.at, ...rest.slice(2)];
      }
      return form[0]!.at;
    }
    return fallback;
  }

  /** The operation that uses a shared `#/components/requestBodies/NAME`. */
  private requestBodyUser(name: string): [string, string, string] | undefined {
    if (!this.requestBodyUsers) {
      this.requestBodyUsers = new Map();
      for (const container of ["paths", "x-ms-paths"]) {
        for (const [path, item] of Object.entries(record(this.converted[container]) ?? {})) {
          for (const [method, op] of Object.entries(record(item) ?? {})) {
            const ref = record(record(op)?.requestBody)?.$ref;
            if (typeof ref !== "string" || !ref.startsWith("#/components/requestBodies/")) continue;
            const used = ref.slice("#/components/requestBodies/".length);
            if (!this.requestBodyUsers.has(used)) this.requestBodyUsers.set(used, [container, path, method]);
          }
        }
      }
    }
    return this.requestBodyUsers.get(name);
  }
}

/** The converter renames definitions whose names are not valid 3.0 component names. */
function schemaRenames(names: string[]): Map<string, string> {
  const present = new Set(names);
  const renamed = new Map<string, string>();
  for (const name of names) {
    const clean = sanitiseAll(name);
    let suffix = "";
    if (clean !== name) {
      while (present.has(clean + suffix)) suffix = suffix ? String(Number(suffix) + 1) : "2";
      present.add(clean + suffix);
      present.delete(name);
    }
    renamed.set(name, clean + suffix);
  }
  return renamed;
}

/** A non-body parameter: 3.0 `schema/...` is the 2.0 parameter itself (type, items, enum...). */
function parameterRest(rest: string[]): string[] {
  const [first, ...inner] = rest;
  if (first === "schema") return inner;
  if (first === "example") return ["x-example"];
  if (first === "examples") return [];
  return rest;
}

function responseRest(rest: string[]): string[] {
  const [first, second, third, ...inner] = rest;
  if (first === "content") {
    if (third === "schema") return ["schema", ...inner];
    if (third === "examples" && second !== undefined) return ["examples", second];
    return [];
  }
  if (first === "headers" && second !== undefined) {
    if (third === "schema") return ["headers", second, ...inner];
    return third === undefined ? ["headers", second] : ["headers", second, third, ...inner];
  }
  return rest;
}

function securityRest(rest: string[]): string[] {
  const [first, , third, ...inner] = rest;
  if (first === "flows") return third === undefined ? ["flow"] : [third, ...inner];
  if (first === "scheme") return ["type"];
  return rest;
}
