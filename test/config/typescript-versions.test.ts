/**
 * `init` then `generate` in a fresh app whose TypeScript is 5.9, 7 (native: no JS API) or absent.
 * The app lives outside the repo, so nothing resolves from the repo's node_modules: the app's
 * own `typescript` (a link to the repo's 5.9 or to the `tsc7` alias) is the only one it has.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const ROOT = mkdtempSync(path.join(os.tmpdir(), "apigen-ts-versions-"));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const SPEC = `openapi: 3.1.0
info: { title: Pets, version: 1.0.0 }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { type: string } }
`;

const TYPESCRIPTS = {
  "5.9": path.join(REPO, "node_modules", "typescript"),
  "7": path.join(REPO, "node_modules", "tsc7"),
  none: undefined,
} as const;

function app(name: string, typescript: string | undefined): string {
  const dir = path.join(ROOT, name);
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  writeFileSync(path.join(dir, "openapi.yaml"), SPEC);
  if (typescript) symlinkSync(typescript, path.join(dir, "node_modules", "typescript"), "dir");
  return dir;
}

describe("init then generate, whatever TypeScript the app has", () => {
  for (const [version, typescript] of Object.entries(TYPESCRIPTS)) {
    it(`TypeScript ${version}`, () => {
      const dir = app(`ts-${version}`, typescript);
      const init = runCli(["init", "--yes"], { cwd: dir });
      expect(init.status, init.stderr).toBe(0);
      // A project with TypeScript gets a .ts config, one without it an .mjs config.
      const config = typescript ? "apigen.config.ts" : "apigen.config.mjs";
      expect(existsSync(path.join(dir, config))).toBe(true);
      const generate = runCli(["generate"], { cwd: dir });
      expect(generate.status, generate.stderr).toBe(0);
      expect(readFileSync(path.join(dir, "src", "api", "models.gen.ts"), "utf8")).toContain("ListPets");
    });
  }

  it("a TypeScript config with type-only syntax loads without any TypeScript installed", () => {
    const dir = app("ts-syntax", undefined);
    writeFileSync(
      path.join(dir, "apigen.config.ts"),
      `import { defineConfig, type ApigenConfig } from "apigen";
interface Paths { spec: string; out: string }
const paths: Paths = { spec: "openapi.yaml", out: "generated" };
const config = { jobs: [{ input: paths.spec, output: paths.out, client: true as boolean }] } satisfies ApigenConfig;
export default defineConfig(config);
`,
    );
    const generate = runCli(["generate"], { cwd: dir });
    expect(generate.status, generate.stderr).toBe(0);
    expect(existsSync(path.join(dir, "generated", "client.gen.ts"))).toBe(true);
    // Nothing is left beside the config (no transpiled copy, no cache).
    expect(readdirSync(dir).sort()).toEqual(["apigen.config.ts", "generated", "node_modules", "openapi.yaml", "package.json"]);
  });

  it("a config that throws or does not parse is a usage error naming the file, not a stack trace", () => {
    const dir = app("ts-broken", undefined);
    writeFileSync(path.join(dir, "apigen.config.ts"), `export default { jobs: [ { input: "openapi.yaml", output: "x" } ;\n`);
    const result = runCli(["generate"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^apigen: cannot read apigen\.config\.ts: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

