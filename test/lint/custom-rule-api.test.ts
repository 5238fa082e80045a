/** The typed custom-rule API from the package entry (`import { defineConfig, type LintRule } from "apigen"`), in process. */
import { describe, expect, it } from "vitest";
import { defineConfig, type LintRule } from "../../src/index.js";
import { ConfigSchema } from "../../src/config/config-schema.js";
import { lintFile } from "../../src/lint/run-lint.js";
import { lintFixture } from "./helpers.js";

/** Uses the IR, the document and locate, and both ways of reporting. */
const noXInternal: LintRule = {
  id: "acme-no-internal-servers",
  severity: "error",
  description: "Servers are public hosts",
  help: "Remove internal servers from the published spec.",
  check(ctx) {
    const servers = Array.isArray(ctx.document.servers) ? ctx.document.servers : [];
    servers.forEach((s, i) => {
      if (/internal/.test(s.url)) ctx.report(`#/servers/${i}/url`, `server ${s.url} is internal`);
    });
    expect(ctx.locate("#/servers/0/url")?.line).toBe(4);
    return ctx.api.operations.length === 0 ? [{ pointer: "#/paths", message: "the spec has no operations" }] : [];
  },
};

describe("custom rule API", () => {
  it("defineConfig accepts a typed rule, the schema keeps its function, and lintFile runs it", async () => {
    const config = defineConfig({ jobs: [{ input: "x.yaml", output: "out", lint: { custom: [noXInternal], rules: { "acme-no-internal-servers": "warn" } } }] });
    const parsed = ConfigSchema.parse(config);
    const lint = parsed.jobs[0]!.lint;
    expect(lint !== false && lint?.custom?.[0]?.check).toBe(noXInternal.check);
    const findings = await lintFile(lintFixture("https-servers.yaml"), { custom: [{ ...noXInternal, check: (ctx) => noXInternal.check({ ...ctx, document: { ...ctx.document, servers: [{ url: "https://internal.example.com" }] } }) }] });
    expect(findings.findings.filter((f) => f.ruleId === "acme-no-internal-servers").map((f) => [f.severity, f.message])).toEqual([
      ["error", "server https://internal.example.com is internal"],
      ["error", "the spec has no operations"],
    ]);
  });

  it("a custom id is accepted in lint.rules; an unknown one is still rejected", () => {
    const job = (lint: unknown) => ({ jobs: [{ input: "a.yaml", output: "out", lint }] });
    expect(ConfigSchema.safeParse(job({ custom: [noXInternal], rules: { "acme-no-internal-servers": "off" } })).success).toBe(true);
    const unknown = ConfigSchema.safeParse(job({ custom: [noXInternal], rules: { "acme-no-internal-server": "off" } }));
    expect(unknown.error?.issues[0]?.message).toContain('unknown lint rule "acme-no-internal-server"');
  });
});
