/**
 * apigen in a team's workflow, through the real binary in a project folder inside the repo:
 * init -> generate -> check -> change the spec -> check fails -> generate -> check passes; stale
 * files removed, hand edits protected, foreign folders refused, the no-change fast path, and
 * watch mode regenerating on two edits.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const PROJECT = path.join(SCRATCH, "workflow");
const SPEC = path.join(PROJECT, "openapi.yaml");
const cli = (...args: string[]) => runCli(args, { cwd: PROJECT });
const out = (file: string) => path.join(PROJECT, "src", "api", file);

beforeAll(() => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), SPEC);
});

describe("init, generate, check", () => {
  it("init writes a config for the spec it finds and prints the next command", () => {
    const result = cli("init", "--yes");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("npx apigen generate");
    expect(readFileSync(path.join(PROJECT, "apigen.config.ts"), "utf8")).toContain('"openapi.yaml"');
    expect(cli("init", "--yes").status).toBe(2); // never overwrites a config
  });

  it("generate runs the config's job; check is then clean", () => {
    const generated = cli("generate");
    expect(generated.status, generated.stderr).toBe(0);
    expect(existsSync(out("client.gen.ts"))).toBe(true);
    expect(cli("check").status).toBe(0);
  });

  it("a second run with nothing changed does no work", () => {
    const again = cli("generate");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("up to date");
  });

  it("another build of apigen (same version, changed templates) is not 'up to date'", () => {
    // A copy of apigen inside the repo (so that it resolves node_modules), one template changed.
    const copy = path.join(SCRATCH, "workflow-apigen-copy");
    rmSync(copy, { recursive: true, force: true });
    for (const part of ["bin", "dist", "templates", "package.json"]) cpSync(path.join(REPO, part), path.join(copy, part), { recursive: true });
    const copied = (...args: string[]) => spawnSync(process.execPath, [path.join(copy, "bin", "apigen.js"), ...args], { cwd: PROJECT, encoding: "utf8" });
    expect(copied("generate").stdout).toContain("up to date"); // the same build: nothing to do
    const problems = path.join(copy, "templates", "core", "runtime", "problem-details.ts");
    writeFileSync(problems, `${readFileSync(problems, "utf8")}\n// a newer apigen\n`);
    const after = copied("generate");
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).not.toContain("up to date");
    expect(readFileSync(out("runtime/problem-details.ts"), "utf8")).toContain("// a newer apigen");
    expect(cli("generate").status).toBe(0); // the repo's own build again: back to its output
    expect(readFileSync(out("runtime/problem-details.ts"), "utf8")).not.toContain("// a newer apigen");
  });

  it("after a spec change, check fails with a diff; generate brings it up to date", () => {
    writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace("title: Orders API", "title: Orders API v2").replace(/summary: Get an order/, "summary: Fetch one order"));
    const stale = cli("check");
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/^M src\/api\/client\.gen\.ts$/m);
    expect(stale.stdout).toMatch(/^\+.*Fetch one order/m);
    expect(cli("generate").status).toBe(0);
    expect(cli("check").status).toBe(0);
  });

  it("generated files the new run no longer produces are removed", () => {
    const config = path.join(PROJECT, "apigen.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace("client: true", "client: false"));
    const result = cli("generate");
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(out("client.gen.ts"))).toBe(false);
    expect(existsSync(out("runtime/client/core.ts"))).toBe(false);
    expect(existsSync(out("models.gen.ts"))).toBe(true);
  });

  it("a hand-edited generated file stops the run (kept as edited) until --force", () => {
    writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace("title: Orders API v2", "title: Orders API v3"));
    const edited = readFileSync(out("models.gen.ts"), "utf8") + "\nexport type Mine = 1;\n";
    writeFileSync(out("models.gen.ts"), edited);
    const refused = cli("generate");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("models.gen.ts");
    expect(readFileSync(out("models.gen.ts"), "utf8")).toBe(edited);
    const forced = cli("generate", "--force");
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out("models.gen.ts"), "utf8")).not.toContain("Mine");
  });

  it("a folder with files and no manifest is refused unless --force", () => {
    const foreign = path.join(PROJECT, "foreign");
    mkdirSync(foreign, { recursive: true });
    writeFileSync(path.join(foreign, "notes.txt"), "mine");
    const refused = cli("generate", "openapi.yaml", "--out", "foreign", "--format", "none");
    expect(refused.status).toBe(1);
    expect(existsSync(path.join(foreign, "models.gen.ts"))).toBe(false);
    expect(cli("generate", "openapi.yaml", "--out", "foreign", "--format", "none", "--force").status).toBe(0);
    expect(readFileSync(path.join(foreign, "notes.txt"), "utf8")).toBe("mine");
  });

  it("an invalid config is a usage error that names the bad key", () => {
    writeFileSync(path.join(PROJECT, "bad.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "x", clinet: true }] }));
    const result = cli("generate", "--config", "bad.json");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown key "clinet"');
  });
});

describe("watch", () => {
  it("regenerates once per edit of the spec, and keeps going", async () => {
    const child = spawn(process.execPath, [BIN, "generate", "openapi.yaml", "--out", "watched", "--format", "none", "--watch"], { cwd: PROJECT });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const runs = () => (output.match(/apigen: wrote \d+ file/g) ?? []).length;
    const until = async (predicate: () => boolean, what: string) => {
      for (const started = Date.now(); !predicate(); ) {
        if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => runs() === 1 && output.includes("watching"), "the first run");
      writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace("Orders API v3", "Orders API v4"));
      await until(() => runs() === 2, "a run after the first edit");
      writeFileSync(SPEC, readFileSync(SPEC, "utf8").replace("Orders API v4", "Orders API v5"));
      await until(() => runs() === 3, "a run after the second edit");
      await new Promise((r) => setTimeout(r, 500));
      expect(runs()).toBe(3);
    } finally {
      child.kill("SIGINT");
    }
  });
});

/** `apigen <args> --watch` in `cwd`, with its combined output and a bounded wait for it. */
function startWatch(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args, "--watch"], { cwd });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const until = async (predicate: (output: string) => boolean, what: string) => {
    for (const started = Date.now(); !predicate(output); ) {
      if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { until, output: () => output, stop: () => child.kill("SIGINT") };
}

describe("watch: what it watches and which settings it uses", () => {
  const project = path.join(SCRATCH, "workflow-watch");
  const file = (name: string) => path.join(project, name);
  const writes = (output: string) => (output.match(/apigen: wrote \d+ file/g) ?? []).length;

  beforeAll(() => {
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    writeFileSync(
      file("openapi.yaml"),
      `openapi: 3.1.0
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
              schema: { $ref: "./pet.yaml" }
`,
    );
    writeFileSync(file("pet.yaml"), "type: object\nproperties:\n  name: { type: string }\n");
  });

  it("a watch started on an up-to-date output still watches the $ref'd files", async () => {
    expect(runCli(["generate", "openapi.yaml", "--out", "out", "--format", "none"], { cwd: project }).status).toBe(0);
    const watch = startWatch(["generate", "openapi.yaml", "--out", "out", "--format", "none"], project);
    try {
      await watch.until((o) => o.includes("up to date") && o.includes("watching 2 file(s)"), "the up-to-date first run watching the spec and pet.yaml");
      writeFileSync(file("pet.yaml"), "type: object\nproperties:\n  name: { type: string }\n  tag: { type: string }\n");
      await watch.until((o) => writes(o) === 1, "a run after the $ref'd file changed");
      expect(readFileSync(file("out/models.gen.ts"), "utf8")).toMatch(/tag\?: string/);
      // And after a run that finds nothing changed (a touch of the spec), pet.yaml is still watched.
      writeFileSync(file("openapi.yaml"), readFileSync(file("openapi.yaml"), "utf8"));
      await watch.until((o) => (o.match(/up to date/g) ?? []).length === 2, "a no-change run");
      writeFileSync(file("pet.yaml"), "type: object\nproperties:\n  name: { type: string }\n  age: { type: integer }\n");
      await watch.until((o) => writes(o) === 2, "a run after the second edit of the $ref'd file");
      expect(readFileSync(file("out/models.gen.ts"), "utf8")).toMatch(/age\?: number/);
    } finally {
      watch.stop();
    }
  });

  it("a config changed mid-watch takes effect: a new output folder and the client", async () => {
    writeFileSync(file("apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "from-config", format: "none" }] }));
    const watch = startWatch(["generate"], project);
    try {
      await watch.until((o) => writes(o) === 1 && o.includes("watching"), "the first run");
      expect(existsSync(file("from-config/client.gen.ts"))).toBe(false);
      writeFileSync(file("apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "moved", client: true, format: "none" }] }));
      await watch.until((o) => writes(o) === 2, "a run after the config changed");
      expect(existsSync(file("moved/client.gen.ts"))).toBe(true);
      // A config that no longer validates is reported, and the watch goes on.
      writeFileSync(file("apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", outptu: "x" }] }));
      await watch.until((o) => o.includes('unknown key "outptu"'), "the config error");
      writeFileSync(file("apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "moved", client: true, format: "none" }] }));
      await watch.until((o) => /up to date/.test(o.slice(o.indexOf("outptu"))), "a run with the repaired config");
    } finally {
      watch.stop();
    }
  });
});

describe("config: template overrides and naming", () => {
  const project = path.join(SCRATCH, "workflow-overrides");

  it("a template override replaces the built-in template, counts as an input, and naming suffixes apply", () => {
    rmSync(project, { recursive: true, force: true });
    mkdirSync(path.join(project, "apigen-templates", "core"), { recursive: true });
    cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), path.join(project, "openapi.yaml"));
    const builtIn = readFileSync(path.join(REPO, "templates", "core", "problem.gen.ts.hbs"), "utf8");
    const override = path.join(project, "apigen-templates", "core", "problem.gen.ts.hbs");
    writeFileSync(override, `${builtIn}\nexport const teamMarker = "ours";\n`);
    writeFileSync(
      path.join(project, "apigen.config.json"),
      JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "api", templates: "apigen-templates", naming: { schemaSuffix: "Zod", writeSuffix: "Request" }, format: "none" }] }),
    );
    const run = (...args: string[]) => runCli(args, { cwd: project });
    expect(run("generate").status).toBe(0);
    expect(readFileSync(path.join(project, "api", "problem.gen.ts"), "utf8")).toContain('teamMarker = "ours"');
    const schemas = readFileSync(path.join(project, "api", "schemas.gen.ts"), "utf8");
    expect(schemas).toContain("export const OrderZod: ObjectSchema<M.Order");
    expect(schemas).toContain("export const OrderRequestZod: ObjectSchema<M.OrderRequest");
    // Editing the override makes the output stale, like editing the spec.
    writeFileSync(override, `${builtIn}\nexport const teamMarker = "changed";\n`);
    expect(run("check").status).toBe(1);
    expect(run("generate").stdout).not.toContain("up to date");
    expect(readFileSync(path.join(project, "api", "problem.gen.ts"), "utf8")).toContain('teamMarker = "changed"');
  });
});
