/**
 * `apigen pack new`: the scaffold a pack author starts from. Its own test passes as written (run
 * here the way its README says, with vitest in a child process); the conformance suites run the
 * same scaffold beside the built-in packs (NEW_PACK in test/server/conformance/harness.ts).
 * The command refuses to overwrite anything and refuses names that cannot be folder names.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const WORK = path.join(SCRATCH, "new-pack");
const PACK = path.join(WORK, "koa-like");

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  // A project of the author's own: its vitest config, so vitest does not take this repo's (it looks upwards).
  mkdirSync(WORK, { recursive: true });
  writeFileSync(path.join(WORK, "vitest.config.mjs"), "export default {};\n");
  // apigen as the author's project has it installed (the scaffold's test imports apigen/testing).
  mkdirSync(path.join(WORK, "node_modules"), { recursive: true });
  symlinkSync(REPO, path.join(WORK, "node_modules", "apigen"), "dir");
});

describe("apigen pack new", () => {
  it("writes a pack with its name filled in and says how to use it", () => {
    const result = runCli(["pack", "new", "koa-like", "--dir", WORK]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("wrote 9 files");
    expect(result.stdout).toContain("--server");
    const manifest = JSON.parse(readFileSync(path.join(PACK, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "koa-like", kind: "server", needs: ["core", "server"], hooks: "hooks.ts", boot: "boot.ts" });
    expect(manifest.templates[0].output).toBe("koa-like/app.gen.ts");
    for (const file of ["hooks.ts", "boot.ts", "README.md", "app.gen.ts.hbs", "main.ts.hbs", "runtime/router.ts", "test/pack.test.ts", "package.json"]) {
      expect(readFileSync(path.join(PACK, file), "utf8"), file).not.toContain("__PACK__");
    }
  });

  it("its own test passes, as its README runs it", () => {
    const vitest = path.join(REPO, "node_modules", "vitest", "vitest.mjs");
    const result = spawnSync(process.execPath, [vitest, "run", "test"], { cwd: PACK, encoding: "utf8", env: { ...process.env, APIGEN_BIN: BIN, FORCE_COLOR: "0" }, timeout: 180_000 });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/Tests\s+3 passed/);
    expect(existsSync(path.join(PACK, ".test-output"))).toBe(false); // it cleans up after itself
  });

  it("never overwrites a folder, and refuses names that are no folder names", () => {
    const again = runCli(["pack", "new", "koa-like", "--dir", WORK]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("exists already");
    for (const name of ["Koa", "../escape", "a b", ""]) {
      const result = runCli(["pack", "new", name, "--dir", WORK]);
      expect(result.status, name).toBe(2);
      expect(result.stderr, name).toContain("lower-case letters, digits and dashes");
    }
    expect(existsSync(path.join(SCRATCH, "escape"))).toBe(false);
  });
});
