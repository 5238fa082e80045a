import { describe, expect, it } from "vitest";
import { camelCase, NameAllocator, pascalCase, typeName } from "../../src/resolve/identifiers.js";

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

  it("names the generated files use themselves get a suffix", () => {
    expect(typeName("Record")).toBe("RecordModel");
    expect(typeName("ProblemDetails")).toBe("ProblemDetailsModel");
  });

  it("collisions get numeric suffixes in order of arrival", () => {
    const names = new NameAllocator();
    expect([names.allocate("UserName"), names.allocate("UserName"), names.allocate("UserName")]).toEqual(["UserName", "UserName2", "UserName3"]);
  });
});
