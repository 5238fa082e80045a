/**
 * `apigen check` through the real binary: on an unchanged output it answers from the manifest
 * without running the pipeline; it still sees a hand edit, a deleted file and a spec change; and
 * it never writes, not even to finish a run that was killed after its commit point.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../src/emit/render.js";
import { applyOutput } from "../../src/write/apply-output.js";
import { buildManifest, readManifest } from "../../src/write/manifest.js";
import { planOutput } from "../../src/write/plan-output.js";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { readTree } from "../write/helpers.js";

const PROJECT = path.join(SCRATCH, "check-command");
const SPEC = path.join(PROJECT, "openapi.yaml");
const OUT = path.join(PROJECT, "out");
const cli = (...args: string[]) => runCli(args, { cwd: PROJECT });
const GENERATE = ["generate", "openapi.yaml", "--out", "out", "--client", "--format", "none"];
const CHECK = ["check", "openapi.yaml", "--out", "out", "--client", "--format", "none"];

beforeEach(() => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), SPEC);
  const generated = cli(...GENERATE);
  expect(generated.status, generated.stderr).toBe(0);
});

function checkJson(): { status: number | null; report: { ok: boolean; jobs: { upToDate?: boolean; timings: Record<string, number>; stale: { path: string }[]; problems: string[] }[] } } {
  const result = cli("--json", ...CHECK);
  return { status: result.status, report: JSON.parse(result.stdout) };
}

describe("apigen check", () => {
  it("answers an unchanged output from the manifest, without running the pipeline", () => {
    const { status, report } = checkJson();
    expect(status).toBe(0);
    expect(report.jobs[0]!.upToDate).toBe(true);
    expect(report.jobs[0]!.timings).toEqual({}); // no stage ran
  });

  it("still finds a hand edit, a deleted file and a spec change, and writes nothing", () => {
    writeFileSync(path.join(OUT, "models.gen.ts"), readFileSync(path.join(OUT, "models.gen.ts"), "utf8") + "// mine\n");
    unlinkSync(path.join(OUT, "client.gen.ts"));
    writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace(/summary: Get an order/, "summary: Fetch one order"));
    const before = readTree(OUT);
    const { status, report } = checkJson();
    expect(status).toBe(1);
    expect(report.jobs[0]!.stale.map((s) => s.path).sort()).toEqual(["client.gen.ts", "models.gen.ts"]);
    expect(readTree(OUT)).toEqual(before);
    // The spec change alone, once the files are restored, is still seen.
    expect(cli(...GENERATE, "--force").status).toBe(0);
    writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace(/summary: Fetch one order/, "summary: Read one order"));
    expect(checkJson().status).toBe(1);
  });

  it("after a run killed past its commit point, reports the folder as unfinished and leaves the repair to generate", async () => {
    // A run that dies right after its journal is committed (as a SIGKILL there would leave it).
    const manifest = (await readManifest(OUT))!;
    const changed: GeneratedFile[] = manifest.files.map((f) => ({ path: f.path, kind: f.kind, contents: readFileSync(path.join(OUT, f.path), "utf8") }));
    changed.find((f) => f.path === "models.gen.ts")!.contents += "// from the killed run\n";
    const plan = await planOutput(OUT, changed, { force: false });
    const died = new Error("killed at the commit point");
    await expect(applyOutput(OUT, plan, buildManifest(changed, manifest), { onPhase: (phase) => { if (phase === "committed") throw died; } })).rejects.toBe(died);

    const before = readTree(OUT);
    const check = cli(...CHECK);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/interrupted apigen run left .*\.apigen\/ unfinished; run apigen generate/);
    expect(readTree(OUT)).toEqual(before); // the journal is still there: check wrote nothing
    expect(Object.keys(before).some((f) => f.startsWith(".apigen/"))).toBe(true);

    expect(cli(...GENERATE).status).toBe(0);
    expect(Object.keys(readTree(OUT)).some((f) => f.startsWith(".apigen/"))).toBe(false);
  });
});
