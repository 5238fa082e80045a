/**
 * Untrusted spec text (comment closers, quotes, backticks, `${`, newlines, `__proto__`,
 * regex-breaking patterns) reaches the output as data: the generated module compiles (golden
 * test) and, loaded for real, carries exactly the strings the spec wrote.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const SPEC = path.join(FIXTURES, "specs", "3.1", "hostile.yaml");
const OUT = path.join(SCRATCH, "hostile");
type Schemas = Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
let schemas: Schemas;
const raw = parse(readFileSync(SPEC, "utf8")) as { components: { schemas: Record<string, any> } };

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", SPEC, "--out", OUT]);
  expect(result.status, result.stderr).toBe(0);
  expect(typecheck(OUT)).toBe("");
  schemas = (await import(path.join(OUT, "schemas.gen.ts"))) as Schemas;
});

describe("hostile spec text", () => {
  it("every enum value of the spec is accepted verbatim, and nothing else", () => {
    const values: string[] = raw.components.schemas.HostileEnum.enum;
    for (const value of values) expect(schemas.HostileEnumSchema!.safeParse(value).success, JSON.stringify(value)).toBe(true);
    expect(schemas.HostileEnumSchema!.safeParse("${injected").success).toBe(false);
  });

  it("patterns keep their meaning (slashes, backslashes, comment closers)", () => {
    const p = schemas.PatternsSchema!;
    expect(p.safeParse({ path: "/users/abc" }).success).toBe(true);
    expect(p.safeParse({ path: "/users/a/b" }).success).toBe(false);
    expect(p.safeParse({ digits: "555-1234" }).success).toBe(true);
    expect(p.safeParse({ digits: "55-1234" }).success).toBe(false);
    expect(p.safeParse({ winPath: "C:\\Users\\bob" }).success).toBe(true);
    expect(p.safeParse({ commentCloser: "aaa/b" }).success).toBe(true);
  });

  it("string defaults with quotes, ${ and */ arrive unchanged (applied when a request is parsed)", () => {
    const everything = schemas.EverythingWriteSchema!.safeParse({});
    expect(everything.success).toBe(true);
    const props = raw.components.schemas.Everything.properties;
    expect((everything.data as Record<string, unknown>).greeting).toBe(props.greeting.default);
  });

  it("declared keys named like Object.prototype members (toString, constructor) validate as data", () => {
    const parsed = schemas.ClassSchema!.safeParse({ class: "a", toString: "b" });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ class: "a", toString: "b" });
    expect(schemas.ClassSchema!.safeParse({ toString: 1 }).success).toBe(false);
  });

  it("a __proto__ key in input never changes a prototype (zod drops it from the output)", () => {
    const parsed = schemas.EverythingSchema!.safeParse(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(parsed.success).toBe(true);
    expect(Object.getPrototypeOf(parsed.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((parsed.data as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a spec file name with a line break cannot break out of the header comment", () => {
    const dir = path.join(SCRATCH, "hostile-name");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const spec = path.join(dir, "api\nexport const pwned = 1;\n.yaml");
    copyFileSync(SPEC, spec);
    const result = runCli(["generate", spec, "--out", path.join(dir, "out"), "--server", "express", "--format", "none"]);
    expect(result.status, result.stderr).toBe(0);
    for (const file of ["models.gen.ts", "server/contract.gen.ts", "main.ts"]) {
      const text = readFileSync(path.join(dir, "out", file), "utf8");
      expect(text, file).not.toMatch(/^export const pwned/m);
      expect(text.split("\n")[0], file).toContain("api\\u000aexport const pwned = 1;\\u000a.yaml");
    }
  });
});
