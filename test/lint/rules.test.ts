/** Every rule fires on its fixture with the exact finding (id, pointer, line), and stays silent on clean.yaml (issue 6). */
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/lint/registry.js";
import { RULE_IDS } from "../../src/lint/rule-ids.js";
import { lintFixtureFile } from "./helpers.js";

/** rule id -> the findings of that rule on test/fixtures/lint/<rule id>.yaml: [pointer, line] (a path or component name: the key's line, issue 16). */
const EXPECTED: Record<string, [string, number][]> = {
  "valid-yaml": [["", 7]],
  "resolvable-refs": [["#/paths/~1orders/get/responses/404/$ref", 9]],
  "no-verbs-in-paths": [["#/paths/~1orders~1{orderId}~1cancel", 4]],
  "plural-collections": [["#/paths/~1order~1{orderId}", 4]],
  "kebab-case-paths": [["#/paths/~1lineItems", 4]],
  "consistent-path-casing": [["#/paths/~1gpg_keys", 8]],
  "path-nesting-depth": [["#/paths/~1a~1{a}~1b~1{b}~1c~1{c}~1d", 4]],
  "no-integer-path-ids": [["#/paths/~1orders~1{orderId}~1notes~1{noteNumber}/get/parameters/0", 8]],
  "single-versioning-scheme": [["#/paths/~1orders/get/parameters/0", 9]],
  "operation-id-required": [["#/paths/~1orders/get", 6]],
  "operation-id-unique": [["#/paths/~1customers/get/operationId", 11]],
  "no-get-request-body": [["#/paths/~1orders/get/requestBody", 8]],
  "no-delete-request-body": [["#/paths/~1orders/delete/requestBody", 8]],
  "create-returns-201": [["#/paths/~1orders/post/responses/200", 10]],
  "created-has-location": [["#/paths/~1orders/post/responses/201", 8]],
  "delete-status-code": [["#/paths/~1orders~1{orderId}/delete/responses", 9]],
  "error-responses-documented": [["#/paths/~1orders/get/responses", 8]],
  "problem-json-errors": [
    ["#/paths/~1orders/get/responses/404", 10],
    ["#/paths/~1orders/get/responses/500", 12],
  ],
  "consistent-error-shape": [["#/paths/~1a/get/responses/409", 11]],
  "secured-operation-documents-401": [["#/paths/~1orders/get/responses", 9]],
  "secured-operation-documents-403": [["#/paths/~1orders/get/responses", 9]],
  "no-oauth2-implicit-password": [
    ["#/components/securitySchemes/oauth/flows/implicit", 10],
    ["#/components/securitySchemes/oauth/flows/password", 11],
  ],
  "no-api-key-in-query": [["#/components/securitySchemes/key/in", 7]],
  "https-servers": [["#/servers/0/url", 4]],
  "list-paginated": [["#/paths/~1orders/get", 6]],
  "bounded-limit": [["#/paths/~1orders/get/parameters/0", 8]],
  "query-param-casing": [["#/paths/~1orders/get/parameters/2", 10]],
  "idempotency-key-on-create": [["#/paths/~1orders/post", 6]],
  "deprecated-has-sunset": [["#/paths/~1orders/get/deprecated", 7]],
  "rate-limit-documented": [["#/paths/~1orders/get/responses", 10]],
  "stream-item-schema": [["#/paths/~1events/get/responses/200/content/text~1event-stream", 12]],
  "stream-marked": [["#/paths/~1events/get/responses/200/content/text~1event-stream", 12]],
  "examples-valid": [
    ["#/paths/~1orders/post/requestBody/content/application~1json/examples/bad", 12],
    ["#/components/schemas/Order/properties/total/example", 23],
  ],
  "unused-components": [["#/components/schemas/Orphan", 14]],
  "unused-lint-ignore": [
    ["#/paths/~1orders~1{orderId}~1cancel/post/x-apigen-lint-ignore/1", 7],
    ["#/paths/~1orders~1{orderId}~1cancel/post/x-apigen-lint-ignore/2", 7],
  ],
};

describe("lint rules", () => {
  it("the rule-id list (read by the config schema) and the registry agree, and every rule has a fixture", () => {
    expect(RULES.map((r) => r.id)).toEqual(RULE_IDS);
    expect(Object.keys(EXPECTED).sort()).toEqual([...RULE_IDS].sort());
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(["error", "warn", "info", "off"]).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.help.length).toBeGreaterThan(10);
    }
  });

  it("clean.yaml triggers no rule at all", async () => {
    expect(await lintFixtureFile("clean.yaml")).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))("%s fires exactly where its fixture breaks it", async (ruleId, expected) => {
    const findings = (await lintFixtureFile(`${ruleId}.yaml`)).filter((f) => f.ruleId === ruleId);
    expect(findings.map((f) => [f.pointer, f.position?.line])).toEqual(expected);
    const rule = RULES.find((r) => r.id === ruleId)!;
    for (const f of findings) {
      expect(f.severity).toBe(rule.severity);
      expect(f.help).toBe(rule.help);
      expect(f.position?.file).toBe(`test/fixtures/lint/${ruleId}.yaml`);
    }
  });

  it("the judgement rules stay silent on nouns that look like verbs or singulars (search, codes_of_conduct, .well-known, version prefixes)", async () => {
    expect((await lintFixtureFile("no-verbs-in-paths.yaml")).filter((f) => f.ruleId === "no-verbs-in-paths" && f.message.includes("search"))).toEqual([]);
    expect((await lintFixtureFile("plural-collections.yaml")).filter((f) => f.ruleId === "plural-collections" && f.message.includes("codes_of_conduct"))).toEqual([]);
    expect((await lintFixtureFile("kebab-case-paths.yaml")).filter((f) => f.ruleId === "kebab-case-paths" && f.message.includes("well-known"))).toEqual([]);
    expect((await lintFixtureFile("path-nesting-depth.yaml")).filter((f) => f.ruleId === "path-nesting-depth" && f.message.includes("/v1/"))).toEqual([]);
  });

  it("a finding inside a $ref'd file is located in that file", async () => {
    const findings = await lintFixtureFile("multi/openapi.yaml");
    const example = findings.find((f) => f.ruleId === "examples-valid");
    expect(example?.position).toEqual({ file: "test/fixtures/lint/multi/responses.yaml", line: 9, column: 16 });
    expect(findings.find((f) => f.ruleId === "problem-json-errors")?.position).toEqual({ file: "test/fixtures/lint/multi/openapi.yaml", line: 9, column: 16 });
  });
});

describe("lint config", () => {
  it("severities are overridden per rule, and off turns a rule off", async () => {
    const findings = await lintFixtureFile("no-verbs-in-paths.yaml", { rules: { "no-verbs-in-paths": "error", "error-responses-documented": "off" } });
    expect(findings.find((f) => f.ruleId === "no-verbs-in-paths")?.severity).toBe("error");
    expect(findings.some((f) => f.ruleId === "error-responses-documented")).toBe(false);
  });

  it("ignorePaths drops findings under a prefix or a glob", async () => {
    expect((await lintFixtureFile("no-verbs-in-paths.yaml", { ignorePaths: ["/orders/"] })).filter((f) => f.pointer.includes("~1orders~1"))).toEqual([]);
    expect((await lintFixtureFile("no-verbs-in-paths.yaml", { ignorePaths: ["/orders/*/cancel"] })).filter((f) => f.pointer.includes("cancel"))).toEqual([]);
  });

  it("words extend the lists: a listed non-verb is silent, a listed verb fires", async () => {
    expect((await lintFixtureFile("no-verbs-in-paths.yaml", { words: { nonVerbs: ["cancel"] } })).filter((f) => f.ruleId === "no-verbs-in-paths")).toEqual([]);
    const more = await lintFixtureFile("no-verbs-in-paths.yaml", { words: { verbs: ["search"] }, rules: {} });
    expect(more.filter((f) => f.ruleId === "no-verbs-in-paths")).toHaveLength(1); // search is a built-in non-verb, which wins
    const plural = await lintFixtureFile("plural-collections.yaml", { words: { plurals: ["order"] } });
    expect(plural.filter((f) => f.ruleId === "plural-collections")).toEqual([]);
  });

  it("maxPathDepth moves the nesting limit", async () => {
    expect((await lintFixtureFile("path-nesting-depth.yaml", { maxPathDepth: 4 })).filter((f) => f.ruleId === "path-nesting-depth")).toEqual([]);
  });

  it("x-apigen-lint-ignore on an operation silences its findings, including path-level ones", async () => {
    const findings = await lintFixtureFile("unused-lint-ignore.yaml");
    expect(findings.some((f) => f.ruleId === "no-verbs-in-paths")).toBe(false);
  });
});

/** Each false positive (or miss) reported in issue 16, on its own fixture in test/fixtures/lint/false-positives. */
describe("judgement rules: issue 16 false positives", () => {
  const CREATE = ["create-returns-201", "idempotency-key-on-create", "plural-collections"];
  const rules = async (name: string, ids: string[]) =>
    (await lintFixtureFile(`false-positives/${name}`)).filter((f) => ids.includes(f.ruleId)).map((f) => [f.ruleId, f.pointer]);

  it("a segment ending in a digit (vimeo_oauth1) is not a plural collection, so a POST to it is no create", async () => {
    expect(await rules("digit-suffix-segment.yaml", CREATE)).toEqual([]);
  });

  it("login_links is a noun compound, not the verb login (which /login still is)", async () => {
    expect(await rules("noun-compound-segment.yaml", ["no-verbs-in-paths"])).toEqual([["no-verbs-in-paths", "#/paths/~1login"]]);
  });

  it("a POST named get... (scheduled-changes-conflicts) and a POST to 1-clicks/kubernetes are not creates", async () => {
    expect(await rules("query-posts.yaml", CREATE)).toEqual([]);
  });

  it("POST /user named createUser answering 200 is a create; a set-adding POST still is not", async () => {
    expect(await rules("create-singular-200.yaml", CREATE)).toEqual([
      ["idempotency-key-on-create", "#/paths/~1user/post"],
      ["create-returns-201", "#/paths/~1user/post/responses/200"],
    ]);
  });

  it("a text/plain error body differs from the JSON error shape", async () => {
    expect(await rules("text-plain-error.yaml", ["problem-json-errors", "consistent-error-shape"])).toEqual([
      ["consistent-error-shape", "#/paths/~1a/get/responses/500"],
      ["problem-json-errors", "#/paths/~1a/get/responses/500"],
    ]);
  });
});
