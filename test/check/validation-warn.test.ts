/**
 * Issue 16, `--validation warn` (config `validation: "warn"`): structural errors with one obvious
 * reading (check/recoverable.ts, README "Invalid documents") become warnings at the same code,
 * pointer and position, saying how they were read, and the output is generated as read; errors
 * with no obvious reading still stop the run. The default stays strict.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load-config.js";
import { buildOutput, generate } from "../../src/generate.js";
import { SCRATCH } from "../helpers/paths.js";
import { diagnose, structureFixture } from "./diagnose.js";

const RECOVERED_3_0 = [
  ["12:11", "#/paths/~1things~1{id}/post/parameters/0", "a required path parameter (a path parameter always is)"],
  ["18:19", "#/paths/~1things~1{id}/post/parameters/1/schema", "no schema: any value (`unknown`)"],
  ["22:21", "#/paths/~1things~1{id}/post/requestBody/content/application~1json/schema", "no schema: any value (`unknown`)"],
  ["25:11", "#/paths/~1things~1{id}/post/responses/200", "a response with no description"],
  ["33:17", "#/components/schemas/Thing/required", "no required properties"],
  ["36:17", "#/components/schemas/Thing/properties/gone/type", 'the null type (`type: "null"`): `null`, or a nullable variant in anyOf/oneOf'],
  ["40:21", "#/components/schemas/Thing/properties/label/anyOf/1/type", 'the null type (`type: "null"`): `null`, or a nullable variant in anyOf/oneOf'],
  ["42:17", "#/components/schemas/Thing/properties/both/type", "a union of those types, as OpenAPI 3.1 reads a list of types"],
];

describe("validation: strict (default) and warn", () => {
  it("strict: every recoverable mistake is an error at its place, whose help names --validation warn", async () => {
    const { ok, lines, diagnostics } = await diagnose("recoverable-3.0.yaml");
    expect(ok).toBe(false);
    expect(lines).toEqual(RECOVERED_3_0.map(([at, pointer]) => `${at} error APIGEN_INVALID_DOCUMENT ${pointer}`));
    for (const d of diagnostics) expect(d.help).toContain("With --validation warn, apigen reads it as");
  });

  it("warn: the same diagnostics, as warnings saying how each was read, and the output is generated", async () => {
    const { ok, lines, diagnostics } = await diagnose("recoverable-3.0.yaml", "warn");
    expect(ok).toBe(true);
    expect(lines).toEqual(RECOVERED_3_0.map(([at, pointer]) => `${at} warning APIGEN_INVALID_DOCUMENT ${pointer}`));
    expect(diagnostics.map((d) => d.message.split("; read as ")[1])).toEqual(RECOVERED_3_0.map(([, , reading]) => reading));
  });

  it("warn: the output is what the readings say", async () => {
    const out = path.join(SCRATCH, "check", "warn-output");
    rmSync(out, { recursive: true, force: true });
    const result = await generate({ spec: structureFixture("recoverable-3.0.yaml"), out, format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", force: false, validation: "warn" });
    expect(result.ok).toBe(true);
    const models = readFileSync(path.join(out, "models.gen.ts"), "utf8");
    expect(models).toMatch(/export type Thing = \{\s+gone\?: null \| undefined;\s+label\?: string \| null \| undefined;\s+both\?: string \| null \| undefined;\s+\};/);
    expect(models).toContain("export type CreateThingBody = unknown;");
    expect(models).toMatch(/export type CreateThingPathParams = \{[^}]*\bid: string;/);
    expect(models).toMatch(/export type CreateThingHeaders = \{[^}]*\btrace\?: unknown;/);
  });

  it("warn: mistakes with no obvious reading still stop the run; the recoverable one beside them is a warning", async () => {
    const { ok, lines } = await diagnose("unrecoverable-3.0.yaml", "warn");
    expect(ok).toBe(false);
    expect(lines).toEqual([
      "12:11 warning APIGEN_INVALID_DOCUMENT #/paths/~1things/get/responses/200",
      // `type: null` beside `properties`: "null" or "no type"? No one reading.
      "18:27 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/responses/200/content/application~1json/schema/properties/ambiguous/type",
      "23:27 error APIGEN_INVALID_DOCUMENT #/paths/~1things/get/responses/200/content/application~1json/schema/properties/typo/type",
    ]);
  });

  it("warn in 3.1: `type: null`, found by the normaliser (the 3.1 schema does not check schemas), is read as the null type", async () => {
    const strict = await diagnose("recoverable-3.1.yaml");
    expect(strict.ok).toBe(false);
    expect(strict.lines).toEqual(["20:27 error APIGEN_INVALID_SCHEMA #/paths/~1things/get/responses/200/content/application~1json/schema/properties/gone/type"]);
    const warn = await diagnose("recoverable-3.1.yaml", "warn");
    expect(warn.ok).toBe(true);
    expect(warn.lines).toEqual(["20:27 warning APIGEN_INVALID_SCHEMA #/paths/~1things/get/responses/200/content/application~1json/schema/properties/gone/type"]);
  });

  it("the mode is part of the options hash: switching to warn reruns instead of reporting \"nothing changed\"", async () => {
    const out = path.join(SCRATCH, "check", "warn-hash");
    rmSync(out, { recursive: true, force: true });
    const options = { spec: structureFixture("recoverable-3.1.yaml"), out, format: { mode: "none" as const, prettierMaxBytes: 0 }, command: "apigen generate", force: false };
    expect((await generate({ ...options, validation: "warn" })).ok).toBe(true);
    expect((await generate({ ...options, validation: "warn" })).upToDate).toBe(true);
    const strict = await generate(options);
    expect(strict.upToDate).toBeUndefined();
    expect(strict.ok).toBe(false);
  });

  it("config: `validation` is \"strict\" or \"warn\" per job", async () => {
    const dir = path.join(SCRATCH, "check", "config");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "apigen.config.json");
    writeFileSync(file, JSON.stringify({ jobs: [{ input: "a.yaml", output: "out", validation: "warn" }] }));
    expect((await loadConfig(file)).config.jobs[0]!.validation).toBe("warn");
    writeFileSync(file, JSON.stringify({ jobs: [{ input: "a.yaml", output: "out", validation: "lenient" }] }));
    await expect(loadConfig(file)).rejects.toThrow(ConfigError);
  });

  it("warn: many recovered mistakes cannot push an unrecovered one past the cap of 25", async () => {
    const dir = path.join(SCRATCH, "check", "cap");
    mkdirSync(dir, { recursive: true });
    const spec = path.join(dir, "many.yaml");
    const schemas = Array.from({ length: 30 }, (_, i) => `    S${i}:\n      type: object\n      required: []\n`).join("");
    writeFileSync(spec, `openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\npaths: {}\ncomponents:\n  schemas:\n${schemas}    Last:\n      type: objekt\n`);
    const run = (validation?: "warn") => buildOutput({ spec, out: path.join(dir, "out"), format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", validation });
    const strict = await run();
    expect(strict.diagnostics.filter((d) => d.code === "APIGEN_INVALID_DOCUMENT").map((d) => d.severity)).toEqual(Array(25).fill("error"));
    const warn = await run("warn");
    expect(warn.ok).toBe(false);
    expect(warn.diagnostics.filter((d) => d.severity === "warning")).toHaveLength(25);
    expect(warn.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer)).toEqual(["#/components/schemas/Last/type"]);
  });
});
