/**
 * Golden outputs (with the client and the Fastify server) for the one-feature fixture specs (3.0 and 3.1), plus the checks every
 * generated output must pass: it compiles under tsc --strict, `z.infer` of each schema is
 * identical to its DTO type, and generating twice gives the same bytes.
 * Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change (then review the diff).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { writeTypeEqualityCheck } from "../helpers/type-equality.js";
import { typecheck } from "../helpers/typecheck.js";

const GOLDEN = path.join(REPO, "test", "golden", "outputs");
const OUT = path.join(SCRATCH, "golden");
const GOLDEN_FILES = ["models.gen.ts", "schemas.gen.ts", "problem.gen.ts", "client.gen.ts", "client-schemas.gen.ts", "server/contract.gen.ts"];
/** Route registration is the same few lines for every fixture: one golden copy (the example's) is enough. */
const goldenFilesOf = (name: string) => (name === "example/orders-api" ? [...GOLDEN_FILES, "fastify/app.gen.ts"] : GOLDEN_FILES);

function fixtureSpecs(): { name: string; spec: string }[] {
  const specs: { name: string; spec: string }[] = [];
  for (const version of ["3.0", "3.1", "3.2"]) {
    const dir = path.join(FIXTURES, "specs", version);
    for (const entry of readdirSync(dir).sort()) {
      if (entry.endsWith(".yaml")) specs.push({ name: `${version}/${entry.replace(/\.yaml$/, "")}`, spec: path.join(dir, entry) });
      else if (existsSync(path.join(dir, entry, "openapi.yaml"))) specs.push({ name: `${version}/${entry}`, spec: path.join(dir, entry, "openapi.yaml") });
    }
  }
  specs.push({ name: "example/orders-api", spec: path.join(REPO, "examples", "orders-api", "openapi.yaml") });
  return specs;
}

/**
 * Users' code on the declared object schemas (schemas.gen.ts declares `ObjectSchema<T>`): the zod
 * object API types as it would on the inferred schema. Compiled with the example's output.
 */
const OBJECT_API_USE = `import { z } from "zod";
import type { Order } from "./models.gen.js";
import { OrderSchema } from "./schemas.gen.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Assert<T extends true> = T;

export type ParseGivesOrder = Assert<Equals<ReturnType<typeof OrderSchema.parse>, Order>>;
export type ShapeMember = Assert<Equals<z.infer<typeof OrderSchema.shape.status>, Order["status"]>>;
export const Extended = OrderSchema.extend({ note: z.string() });
export type ExtendedAddsNote = Assert<Equals<z.infer<typeof Extended>["note"], string>>;
export type ExtendedKeepsId = Assert<Equals<z.infer<typeof Extended>["id"], Order["id"]>>;
export const Picked = OrderSchema.pick({ id: true, status: true });
export type PickedKeys = Assert<Equals<keyof z.infer<typeof Picked>, "id" | "status">>;
export const Partial = OrderSchema.partial();
export type PartialId = Assert<Equals<z.infer<typeof Partial>["id"], string | undefined>>;
`;

const specs = fixtureSpecs();
const pairCounts = new Map<string, number>();

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  for (const { name, spec } of specs) {
    const result = runCli(["generate", spec, "--out", path.join(OUT, name), "--client", "--server", "fastify"]);
    if (result.status !== 0) throw new Error(`generate ${name} failed:\n${result.stderr}`);
    pairCounts.set(name, await writeTypeEqualityCheck(spec, path.join(OUT, name)));
  }
  writeFileSync(path.join(OUT, "example/orders-api", "object-api-use.ts"), OBJECT_API_USE);
});

describe("fixture specs", () => {
  it("every generated output compiles under tsc --strict, z.infer of every schema (inferred and declared) is identical to its DTO type, and the object API types", () => {
    expect(typecheck(OUT)).toBe("");
    // The equality files are not empty: each fixture asserts at least one pair.
    for (const { name } of specs) expect(pairCounts.get(name), name).toBeGreaterThan(0);
  });

  it.each(specs)("$name matches its golden output", ({ name }) => {
    for (const file of goldenFilesOf(name)) {
      const actual = readFileSync(path.join(OUT, name, file), "utf8");
      const goldenPath = path.join(GOLDEN, name, file);
      if (process.env.UPDATE_GOLDEN === "1") {
        mkdirSync(path.dirname(goldenPath), { recursive: true });
        writeFileSync(goldenPath, actual);
      }
      expect(actual, `${name}/${file}`).toBe(readFileSync(goldenPath, "utf8"));
    }
  });

  it("generating the same spec twice gives identical bytes", () => {
    const spec = specs.find((s) => s.name === "example/orders-api")!.spec;
    const second = path.join(SCRATCH, "determinism");
    rmSync(second, { recursive: true, force: true });
    expect(runCli(["generate", spec, "--out", second, "--client", "--server", "fastify"]).status).toBe(0);
    for (const file of [...goldenFilesOf("example/orders-api"), "runtime/zod-helpers.ts", "runtime/problem-details.ts", ".apigen-manifest.json"]) {
      expect(readFileSync(path.join(second, file), "utf8"), file).toBe(readFileSync(path.join(OUT, "example/orders-api", file), "utf8"));
    }
  });
});
