/**
 * A finding on a shared component (a `$ref`'d response or parameter) is reported once, at the
 * component, with the number of operations that use it (issue 16: 300 identical
 * problem-json-errors for one shared response).
 */
import { describe, expect, it } from "vitest";
import { lintFixtureFile } from "./helpers.js";

describe("findings on shared components", () => {
  it("one finding at a response used by four operations, naming the count", async () => {
    const findings = (await lintFixtureFile("shared-components.yaml")).filter((f) => f.ruleId === "problem-json-errors");
    expect(findings.map((f) => [f.pointer, f.position?.line, f.message])).toEqual([
      [
        "#/components/responses/NotFound",
        40,
        "this error response is application/json, not application/problem+json (shared: used by 4 operations: GET /orders, POST /orders, GET /orders/{orderId} and 1 more)",
      ],
    ]);
  });

  it("x-apigen-lint-ignore on the shared response silences it at its uses (and counts as used)", async () => {
    const findings = await lintFixtureFile("shared-components.yaml");
    expect(findings.filter((f) => f.pointer.includes("409") || f.pointer.includes("Conflict"))).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "unused-lint-ignore")).toEqual([]);
  });

  it("a shared path parameter gives one finding at the component", async () => {
    const findings = (await lintFixtureFile("shared-components.yaml")).filter((f) => f.ruleId === "no-integer-path-ids");
    expect(findings.map((f) => [f.pointer, f.position?.line])).toEqual([["#/components/parameters/OrderId", 34]]);
    expect(findings[0]!.message).toBe('path parameter "orderId" is an integer id (shared: used by 2 operations: GET /orders/{orderId}, DELETE /orders/{orderId})');
  });
});
