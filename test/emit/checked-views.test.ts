/**
 * The files apigen marks `// @ts-nocheck` are compiled checked in apigen's own tests through
 * their views (scripts/checked-views.mjs). This holds the mechanism to what it promises: every
 * marked file but schemas.gen.ts gets a view, the runtime's carry the marker render.ts writes,
 * and a fault in a marked file, which users' tsc no longer reports, fails the type check.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RUNTIME_MARKER, writeCheckedViews } from "../../scripts/checked-views.mjs";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const OUT = path.join(SCRATCH, "checked-views");
const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => f.split(path.sep).join("/"));
const marked = (file: string) => /^\/\/ @ts-nocheck\b/m.test(readFileSync(path.join(OUT, file), "utf8").split("\n", 4).join("\n"));

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  const result = runCli(["generate", path.join(REPO, "examples", "orders-api", "openapi.yaml"), "--out", OUT, "--client", "--server", "fastify", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
});

describe("checked views of the @ts-nocheck files", () => {
  it("every marked file but schemas.gen.ts gets one; the runtime's only when asked", () => {
    const generated = files(OUT).filter((f) => !f.endsWith(".checked.ts"));
    const expected = generated.filter((f) => marked(f) && f !== "schemas.gen.ts").map((f) => f.replace(/\.ts$/, ".checked.ts"));
    expect(expected).toContain("server/contract.gen.checked.ts");
    expect(expected).toContain("models.gen.checked.ts");
    expect(writeCheckedViews(OUT)).toEqual([...expected].sort());
    const runtime = generated.filter((f) => f.startsWith("runtime/"));
    expect(runtime.length).toBeGreaterThan(10);
    for (const f of runtime) expect(readFileSync(path.join(OUT, f), "utf8").startsWith(RUNTIME_MARKER), f).toBe(true);
    const withoutRuntime = writeCheckedViews(OUT, { runtime: false });
    expect(withoutRuntime).toEqual(expected.filter((f) => !f.startsWith("runtime/")).sort());
    // Views of files no longer asked for are removed, not left to go stale.
    expect(files(OUT).filter((f) => f.endsWith(".checked.ts")).sort()).toEqual(withoutRuntime);
  });

  it("a fault in a marked file fails the type check through its view", () => {
    const contract = path.join(OUT, "server", "contract.gen.ts");
    const original = readFileSync(contract, "utf8");
    try {
      writeFileSync(contract, original.replace('method: "GET"', 'method: "FETCH"'));
      expect(typecheck(OUT)).toMatch(/contract\.gen\.checked\.ts.*TS2322/);
    } finally {
      writeFileSync(contract, original);
    }
    expect(typecheck(OUT)).toBe("");
  }, 60_000);
});
