import { describe, expect, it } from "vitest";
import { isProblemDetails, problem, ProblemDetailsSchema, ProblemError } from "../../templates/core/runtime/problem-details.js";

describe("core runtime: RFC 9457 problem details", () => {
  it("problem() builds a ProblemError whose status and body agree", () => {
    const err = problem(404, { title: "Not Found", code: "ORDER_NOT_FOUND" });
    expect(err).toBeInstanceOf(ProblemError);
    expect(err.status).toBe(404);
    expect(err.problem).toEqual({ type: "about:blank", title: "Not Found", code: "ORDER_NOT_FOUND", status: 404 });
    expect(err.message).toBe("Not Found");
  });

  it("the schema accepts extension members and validates the known ones", () => {
    expect(ProblemDetailsSchema.parse({ status: 400, errors: [{ pointer: "/body/email", message: "bad" }], trace: 1 })).toMatchObject({ trace: 1 });
    expect(isProblemDetails({ status: "400" })).toBe(false);
    expect(isProblemDetails({ errors: [{ pointer: 1 }] })).toBe(false);
    expect(isProblemDetails({})).toBe(true);
  });
});
