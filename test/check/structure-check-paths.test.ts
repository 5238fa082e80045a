/**
 * The structural check skips the validator's own $ref walk (0.6 s on GitHub's spec) and runs its
 * JSON-schema check alone, except on documents where that walk can say something the loader has
 * not (a `$id` or `$anchor` defined twice). Checked here against the library's whole `validate`,
 * the independent answer: on every spec fixture, good and bad, and on GitHub's spec, both give
 * the same errors (the walk's "Can't resolve" aside, which the loader reports with positions and
 * the check drops). And through the CLI, on a spec big enough for the worker thread that starts
 * before the spec is read: its findings, also when the spec never loads.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { structuralDiagnostics, structuralErrors, type StructuralErrors } from "../../src/check/validate-structure.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const GITHUB = path.join(REPO, "node_modules/@octokit/openapi/generated/api.github.com.json");

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return specFiles(file);
    return /\.(ya?ml|json)$/.test(name) ? [file] : [];
  });
}

/** The library's own answer, with its $ref walk's "Can't resolve" read as no error (the check drops it too). */
async function libraryErrors(document: unknown): Promise<StructuralErrors> {
  const result = await new Validator({ allErrors: true }).validate(document as Record<string, unknown>);
  if (result.valid) return undefined;
  if (typeof result.errors === "string" && /^Can't resolve/.test(result.errors)) return undefined;
  return (result.errors as StructuralErrors) ?? [];
}

describe("the structural check without the validator's $ref walk", () => {
  it("gives the library's errors on every spec fixture and on GitHub's spec", async () => {
    const files = [...specFiles(FIXTURES), GITHUB];
    let compared = 0;
    let invalid = 0;
    for (const file of files) {
      const loaded = await loadSpec(file);
      if (!loaded.spec) continue;
      const ours = await structuralErrors(loaded.spec.document, loaded.spec.version);
      expect(ours, path.relative(REPO, file)).toEqual(await libraryErrors(loaded.spec.document));
      compared++;
      if (ours !== undefined) invalid++;
    }
    // The comparison covered the fixtures that load, the structurally broken ones among them.
    expect(compared).toBeGreaterThan(60);
    expect(invalid).toBeGreaterThan(5);
  }, 120_000);

  it("still refuses a `$id` defined twice (the walk runs where such keys are)", async () => {
    const document = {
      openapi: "3.1.0",
      info: { title: "ids", version: "1" },
      paths: {},
      components: { schemas: { A: { $id: "https://example.com/thing", type: "string" }, B: { $id: "https://example.com/thing", type: "number" } } },
    };
    const errors = await structuralErrors(document, "3.1");
    expect(errors).toMatch(/defined more than once/);
    expect(errors).toEqual(await libraryErrors(document));
  });
});

describe("the structure check's worker, started before the spec is read (CLI, a spec over 512 KB)", () => {
  const dir = path.join(SCRATCH, "structure-worker");
  mkdirSync(dir, { recursive: true });

  it("reports a structural mistake in a big spec at its place", () => {
    const spec = JSON.parse(readFileSync(GITHUB, "utf8")) as { info: { version: unknown } };
    spec.info.version = 12;
    const file = path.join(dir, "github-broken.json");
    writeFileSync(file, JSON.stringify(spec, null, 2));
    expect(statSync(file).size).toBeGreaterThan(512 * 1024);
    const result = runCli(["lint", file]);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/github-broken\.json:4:16 error APIGEN_INVALID_DOCUMENT: \/info\/version is 12/);
  });

  it("reports the syntax error of a big spec that does not parse (the worker started for it is let go)", () => {
    const file = path.join(dir, "github-truncated.json");
    const text = readFileSync(GITHUB, "utf8");
    writeFileSync(file, text.slice(0, text.length / 2));
    const result = runCli(["lint", file]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/\d+:\d+ +error +valid-yaml +not valid JSON/);
  });
});
