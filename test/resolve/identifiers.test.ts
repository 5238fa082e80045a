import { describe, expect, it } from "vitest";
import { camelCase, NameAllocator, pascalCase, takenTypeNames, typeName } from "../../src/resolve/identifiers.js";

describe("identifiers from untrusted names", () => {
  it.each([
    ["user-name", "UserName"],
    ["user_name", "UserName"],
    ["1st-place", "_1stPlace"],
    ["ünïcødé", "Ünïcødé"],
    ["a.b", "AB"],
    ["", "Unnamed"],
    ["$ref-ish", "RefIsh"],
    ["getUserByID", "GetUserByID"],
  ])("pascalCase(%j) is %j", (raw, want) => expect(pascalCase(raw)).toBe(want));

  it.each([
    ["get-user", "getUser"],
    ["delete", "delete_"],
    ["123abc", "_123abc"],
    ["class", "class_"],
  ])("camelCase(%j) is %j", (raw, want) => expect(camelCase(raw)).toBe(want));

  it("TypeScript's globals and the names the generated files use themselves get a suffix", () => {
    expect(typeName("Record")).toBe("RecordModel");
    expect(typeName("ProblemDetails")).toBe("ProblemDetails");
    expect(typeName("ProblemDetails", takenTypeNames(["ProblemDetails"]))).toBe("ProblemDetailsModel");
    expect(typeName("Record", takenTypeNames(["ProblemDetails"]))).toBe("RecordModel");
  });

  it("collisions get numeric suffixes in order of arrival", () => {
    const names = new NameAllocator();
    expect([names.allocate("UserName"), names.allocate("UserName"), names.allocate("UserName")]).toEqual(["UserName", "UserName2", "UserName3"]);
  });
});

describe("client module names", () => {
  it("an operation named like a name client.gen.ts declares gets a suffix instead of shadowing it", async () => {
    const { resolveNames } = await import("../../src/resolve/resolve-names.js");
    const { moduleNamesOf } = await import("../../src/emit/template-names.js");
    const op = (operationId: string) => ({
      operationId, operationIdDeclared: true, method: "get" as const, path: `/${operationId}`, tags: [], deprecated: false,
      parameters: [], responses: [], idempotent: false, pointer: `#/paths/~1${operationId}/get`,
    });
    const names = resolveNames({ sourceVersion: "3.1", title: "t", version: "1", servers: [], schemas: [], operations: [op("api"), op("getOrder")], webhooks: [], securitySchemes: [] }, {}, moduleNamesOf(undefined));
    const client = [...names.operations.values()].map((o) => o.client);
    // An operation `api` would name its error type ApiError, which client.gen.ts imports.
    expect(client[0]!.error).toBe("ApiError2");
    expect(client[1]).toEqual({ spec: "getOrderSpec", input: "GetOrderInput", response: "GetOrderResponse", error: "GetOrderError" });
  });
});
