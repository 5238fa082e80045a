/** The `lint` section of apigen.config is strict: unknown rule ids and keys are rejected by name. */
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/config-schema.js";

const job = (lint: unknown) => ({ jobs: [{ input: "a.yaml", output: "out", lint }] });

describe("lint config schema", () => {
  it("accepts the documented shape", () => {
    const result = ConfigSchema.safeParse(
      job({ rules: { "no-verbs-in-paths": "error", "unused-components": "off" }, ignorePaths: ["/internal/"], words: { verbs: ["frobnicate"], nonVerbs: ["merge"] }, maxPathDepth: 4, failOn: "error" }),
    );
    expect(result.success).toBe(true);
  });

  it("rejects an unknown rule id, naming it", () => {
    const result = ConfigSchema.safeParse(job({ rules: { "no-verb-in-paths": "error" } }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["jobs", 0, "lint", "rules", "no-verb-in-paths"]);
    expect(result.error!.issues[0]!.message).toContain('unknown lint rule "no-verb-in-paths"');
  });

  it("rejects a bad severity and an unknown key", () => {
    expect(ConfigSchema.safeParse(job({ rules: { "no-verbs-in-paths": "warning" } })).success).toBe(false);
    const unknown = ConfigSchema.safeParse(job({ rule: {} }));
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.code).toBe("unrecognized_keys");
  });
});
