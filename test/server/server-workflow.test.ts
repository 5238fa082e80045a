/**
 * The server output across regenerations, through the real binary: scaffolds (handlers, security,
 * main) are written once and then belong to the user; generated per-tag files of operations the
 * spec dropped disappear; a handler that no longer fits the contract fails tsc, naming the
 * operation; template overrides and whole custom packs through --templates.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { NEST_COMPILER_OPTIONS } from "./conformance/harness.js";

const PROJECT = path.join(SCRATCH, "server-workflow");
const SPEC = path.join(PROJECT, "openapi.yaml");
const OUT = path.join(PROJECT, "api");
const cli = (...args: string[]) => runCli(args, { cwd: PROJECT });
const generate = (...extra: string[]) => cli("generate", "openapi.yaml", "--out", "api", "--server", "nest", "--format", "none", "--no-lint", ...extra);
const read = (file: string) => readFileSync(path.join(OUT, file), "utf8");
const editSpec = (edit: (text: string) => string) => writeFileSync(SPEC, edit(readFileSync(SPEC, "utf8")));

beforeAll(() => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), SPEC);
});

describe("scaffolds and regeneration", () => {
  let implemented: string;

  it("the first run writes handler scaffolds per tag that answer 501 and compile", () => {
    const result = generate();
    expect(result.status, result.stderr).toBe(0);
    for (const file of ["handlers/orders.ts", "handlers/products.ts", "security.ts", "main.ts", "nest/products.controller.gen.ts"]) expect(existsSync(path.join(OUT, file)), file).toBe(true);
    expect(read("handlers/orders.ts")).toContain('throw notImplemented("getOrder")');
    expect(read("handlers/orders.ts").split("\n")[0]).toMatch(/^\/\/ Scaffolded by apigen .* never overwrites it\.$/);
    expect(typecheck(OUT, ["**/*.ts"], NEST_COMPILER_OPTIONS)).toBe("");
  });

  it("a user's edit of a scaffold survives a regeneration after a spec change", () => {
    implemented = read("handlers/orders.ts").replace('throw notImplemented("getOrderInvoice");', 'throw new Error("invoices are not ours"); // mine');
    writeFileSync(path.join(OUT, "handlers/orders.ts"), implemented);
    editSpec((t) => t.replace("summary: Get an order\n", "summary: Fetch one order\n"));
    const result = generate();
    expect(result.status, result.stderr).toBe(0);
    expect(read("handlers/orders.ts")).toBe(implemented);
    expect(read("server/contract.gen.ts")).toContain("Fetch one order");
    expect(typecheck(OUT, ["**/*.ts"], NEST_COMPILER_OPTIONS)).toBe("");
  });

  it("operations the spec drops lose their generated files and their untouched scaffold; a new tag gets its scaffold", () => {
    // Drop every products operation (/products, /products/{productId}, /categories) and add a reports tag.
    editSpec((t) => t.replace(/\n {2}\/products:[\s\S]*?\ncomponents:/, `\n  /reports/daily:\n    get:\n      operationId: getDailyReport\n      tags: [reports]\n      responses:\n        "200": { description: The report. }\n\ncomponents:`));
    const result = generate();
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(OUT, "nest/products.controller.gen.ts"))).toBe(false);
    // Never edited, so still apigen's bytes: it goes with its tag instead of failing tsc on imports that are gone.
    expect(existsSync(path.join(OUT, "handlers/products.ts"))).toBe(false);
    expect(result.stderr).toBe("");
    expect(read("server/handlers.gen.ts")).not.toContain("productsHandlers");
    expect(read("handlers/reports.ts")).toContain('throw notImplemented("getDailyReport")');
    expect(existsSync(path.join(OUT, "nest/reports.controller.gen.ts"))).toBe(true);
  });

  it("a handler file that lacks a new operation fails tsc, naming the operation", () => {
    editSpec((t) => t.replace("\n  /customers:", `\n  /orders/{orderId}/cancel:\n    post:\n      operationId: cancelOrder\n      tags: [orders]\n      parameters:\n        - $ref: "#/components/parameters/OrderId"\n      responses:\n        "204": { description: Cancelled. }\n\n  /customers:`));
    expect(generate().status).toBe(0);
    expect(read("handlers/orders.ts")).toBe(implemented);
    const errors = typecheck(OUT, ["**/*.ts"], NEST_COMPILER_OPTIONS);
    expect(errors).toMatch(/handlers\/orders\.ts.*cancelOrder/);
  });

  it("a handler whose answer no longer matches the contract fails tsc, naming the operation", () => {
    writeFileSync(path.join(OUT, "handlers/reports.ts"), read("handlers/reports.ts").replace('throw notImplemented("getDailyReport");', "return { status: 201 };"));
    expect(typecheck(OUT, ["**/*.ts"], NEST_COMPILER_OPTIONS)).toMatch(/handlers\/reports\.ts.*GetDailyReport/);
  });

  it("an edited scaffold whose tag left the spec stays, with a warning that names it, and is no longer tracked", () => {
    const edited = read("handlers/reports.ts");
    editSpec((t) => t.replace(/\n {2}\/reports\/daily:[\s\S]*?\n\ncomponents:/, "\n\ncomponents:"));
    const result = generate();
    expect(result.status, result.stderr).toBe(0);
    expect(read("handlers/reports.ts")).toBe(edited);
    expect(result.stderr).toMatch(/warning: handlers\/reports\.ts is a scaffold for operations the spec no longer has; it was edited, so it stays/);
    const manifest = JSON.parse(read(".apigen-manifest.json")) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).not.toContain("handlers/reports.ts");
    // Said once: the next run does not track it, so it does not warn again.
    editSpec((t) => t.replace("summary: Fetch one order\n", "summary: Read one order\n"));
    expect(generate().stderr).toBe("");
  });

  it("skipScaffolds: a project with its own main.ts opts out of it; a deleted scaffold is then not recreated; a typo is named", () => {
    const config = (skip: string[]) =>
      writeFileSync(path.join(PROJECT, "apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "api", server: "nest", format: "none", lint: false, skipScaffolds: skip }] }));
    rmSync(path.join(OUT, "main.ts"));
    config(["main.ts"]);
    const skipped = cli("generate");
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(existsSync(path.join(OUT, "main.ts"))).toBe(false);
    expect(cli("generate").stdout).toContain("up to date");
    // Their own main.ts at that path is theirs: not a conflict, not tracked.
    writeFileSync(path.join(OUT, "main.ts"), "// ours\n");
    expect(cli("generate", "--force").status).toBe(0);
    expect(read("main.ts")).toBe("// ours\n");
    expect(cli("check").status).toBe(0);

    config(["main.ts", "handler/*.ts"]);
    const typo = cli("generate");
    expect(typo.status).toBe(0);
    expect(typo.stderr).toMatch(/warning: skipScaffolds lists "handler\/\*\.ts", which matches no scaffold of this output \(its scaffolds: handlers\/customers\.ts, handlers\/orders\.ts, handlers\/system\.ts, main\.ts, security\.ts\)/);
    rmSync(path.join(PROJECT, "apigen.config.json"));
  });
});

describe("--templates for server packs", () => {
  const project = path.join(SCRATCH, "server-templates");
  const run = (...args: string[]) => runCli(args, { cwd: project });

  beforeAll(() => {
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), path.join(project, "openapi.yaml"));
  });

  it("one template of a built-in pack can be replaced", () => {
    mkdirSync(path.join(project, "tpl", "fastify"), { recursive: true });
    const builtIn = readFileSync(path.join(REPO, "templates", "fastify", "app.gen.ts.hbs"), "utf8");
    writeFileSync(path.join(project, "tpl", "fastify", "app.gen.ts.hbs"), `${builtIn}\nexport const routeCount = {{routes.length}};\n`);
    const result = run("generate", "openapi.yaml", "--out", "out", "--server", "fastify", "--templates", "tpl", "--format", "none");
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(path.join(project, "out", "fastify", "app.gen.ts"), "utf8")).toContain("export const routeCount = 14;");
  });

  it("a whole pack of one's own replaces the built-in one", () => {
    const own = path.join(project, "own", "express");
    mkdirSync(path.join(own, "runtime"), { recursive: true });
    writeFileSync(
      path.join(own, "manifest.json"),
      JSON.stringify({
        name: "express",
        kind: "server",
        needs: ["core", "server"],
        templates: [{ template: "routes.hbs", output: "express/routes.gen.ts", render: "once", kind: "generated" }],
        runtime: [{ from: "runtime/", output: "runtime/own/" }],
      }),
    );
    writeFileSync(path.join(own, "routes.hbs"), "{{header}}\nexport const routes = [\n{{#each routes}}\n  [{{method}}, {{specPath}}],\n{{/each}}\n];\n".replace(/\[\{\{method\}\}/, '["{{method}}"'));
    writeFileSync(path.join(own, "runtime", "helper.ts"), "export const own = true;\n");
    const result = run("generate", "openapi.yaml", "--out", "own-out", "--server", "express", "--templates", "own", "--format", "none");
    expect(result.status, result.stderr).toBe(0);
    const routes = readFileSync(path.join(project, "own-out", "express", "routes.gen.ts"), "utf8");
    expect(routes).toContain('["DELETE", "/orders/{orderId}"],');
    // It needs the server part, so the contract is there; it has no hooks, so no route syntax.
    expect(existsSync(path.join(project, "own-out", "server", "contract.gen.ts"))).toBe(true);
    expect(existsSync(path.join(project, "own-out", "express", "app.gen.ts"))).toBe(false);
    expect(readFileSync(path.join(project, "own-out", "runtime", "own", "helper.ts"), "utf8")).toBe("export const own = true;\n");
  });

  it("a pack that names a file outside itself is refused", () => {
    const evil = path.join(project, "evil", "express");
    mkdirSync(evil, { recursive: true });
    writeFileSync(path.join(evil, "manifest.json"), JSON.stringify({ name: "express", templates: [], runtime: [{ from: "../../../../../../etc/hostname", output: "stolen.ts" }] }));
    const result = run("generate", "openapi.yaml", "--out", "evil-out", "--server", "express", "--templates", "evil", "--format", "none");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("outside the pack");
    expect(existsSync(path.join(project, "evil-out", "stolen.ts"))).toBe(false);
  });
});
