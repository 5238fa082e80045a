/**
 * A server pack of one's own, given to `--server` as a folder (issue 17's pack API), through the
 * real binary: its hooks shape the view (route syntax, names from apigen's allocator, literals
 * from apigen's escaping), its templates and runtime land in the output, which compiles with the
 * server part it needs; its files are inputs of the run (an edit regenerates); every way a pack
 * can be wrong is a usage error (exit 2) that names it, with nothing written.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";

const PROJECT = path.join(SCRATCH, "folder-pack");
const PACK = path.join(PROJECT, "packs", "route-list");
const run = (...args: string[]) => runCli(args, { cwd: PROJECT });
const generate = (out: string, server: string, ...extra: string[]) => run("generate", "openapi.yaml", "--out", out, "--server", server, "--format", "none", "--no-lint", ...extra);

const MANIFEST = {
  name: "route-list",
  description: "A route table of every operation, for a router of one's own",
  kind: "server",
  needs: ["core", "server"],
  hooks: "hooks.ts",
  templates: [
    { template: "routes.gen.ts.hbs", output: "list/routes.gen.ts", render: "once", kind: "generated" },
    { template: "tag.gen.ts.hbs", output: "list/[file].gen.ts", render: "perTag", kind: "generated" },
  ],
  runtime: [{ from: "runtime/table.ts", output: "runtime/list/table.ts" }],
};

const HOOKS = `import type { ServerPackHooks } from "apigen";

export const hooks: ServerPackHooks = {
  routePath: (parts) => parts.map((part) => ("literal" in part ? part.literal : \`<\${part.key}>\`)).join(""),
  extendView(view, tools) {
    // OrdersRoutes is taken: the allocator hands out the next free name.
    const names = tools.names(["RouteTable", "table", "OrdersRoutes"]);
    return { ...view, banner: tools.stringLiteral(\`\${view.routes.length} routes "quoted"\`), tags: view.tags.map((tag) => ({ ...tag, constName: names.allocate(\`\${tag.pascalName}Routes\`) })) };
  },
};
`;

const ROUTES = `{{header}}
import type { RouteTable } from "../runtime/list/table.js";
import * as C from "../server/contract.gen.js";

export const banner = {{banner}};

export const table: RouteTable = [
{{#each routes}}
  { method: {{methodLiteral}}, path: {{routePath}}, contract: C.{{contractName}} },
{{/each}}
];
`;

const TAG = `{{header}}
export const {{tag.constName}} = [{{#each tag.routes}}{{keyLiteral}}, {{/each}}] as const;
`;

const TABLE = "export type RouteTable = readonly { method: string; path: string; contract: { id: string; path: string } }[];\n";

function writePack(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

beforeAll(() => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), path.join(PROJECT, "openapi.yaml"));
  writePack(PACK, { "manifest.json": JSON.stringify(MANIFEST, null, 2), "hooks.ts": HOOKS, "routes.gen.ts.hbs": ROUTES, "tag.gen.ts.hbs": TAG, "runtime/table.ts": TABLE });
});

describe("a server pack from a folder", () => {
  it("renders with its hooks' view, beside the server part it needs, and the whole output compiles", async () => {
    const result = generate("out", "./packs/route-list");
    expect(result.status, result.stderr).toBe(0);
    const out = path.join(PROJECT, "out");
    const routes = readFileSync(path.join(out, "list", "routes.gen.ts"), "utf8");
    expect(routes).toContain('{ method: "GET", path: "/orders/<orderId>", contract: C.getOrderContract },');
    expect(routes).toContain('export const banner = "14 routes \\"quoted\\"";');
    expect(readFileSync(path.join(out, "list", "orders.gen.ts"), "utf8")).toContain("export const OrdersRoutes2 = [");
    expect(readFileSync(path.join(out, "list", "products.gen.ts"), "utf8")).toContain("export const ProductsRoutes = [");
    // The pack's runtime is the user's code: copied as written, checked by the user's tsc.
    expect(readFileSync(path.join(out, "runtime", "list", "table.ts"), "utf8")).toBe(TABLE);
    for (const file of ["server/contract.gen.ts", "handlers/orders.ts", "security.ts", "models.gen.ts"]) expect(existsSync(path.join(out, file)), file).toBe(true);
    expect(typecheck(out)).toBe("");
    const { table } = await import(path.join(out, "list", "routes.gen.ts"));
    expect(table).toHaveLength(14);
    for (const row of table) expect(row.path).toBe(row.contract.path.replace(/\{([^}]+)\}/g, "<$1>"));
  });

  it("its files are inputs: nothing to do when unchanged, an edited template regenerates", () => {
    expect(generate("out", "./packs/route-list").stdout).toContain("up to date");
    writeFileSync(path.join(PACK, "routes.gen.ts.hbs"), `${ROUTES}export const edited = true;\n`);
    const again = generate("out", "./packs/route-list");
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(path.join(PROJECT, "out", "list", "routes.gen.ts"), "utf8")).toContain("export const edited = true;");
    writeFileSync(path.join(PACK, "routes.gen.ts.hbs"), ROUTES);
  });

  it("in a config, the pack's path is relative to the config file", () => {
    writePack(path.join(PROJECT, "conf"), { "apigen.config.json": JSON.stringify({ jobs: [{ input: "../openapi.yaml", output: "../config-out", server: "../packs/route-list", format: "none", lint: false }] }) });
    const result = run("generate", "-c", "conf/apigen.config.json");
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(PROJECT, "config-out", "list", "routes.gen.ts"))).toBe(true);
  });
});

describe("a wrong pack is a usage error that names it, and nothing is written", () => {
  const broken = (name: string, files: Record<string, string>, manifest: object = MANIFEST) => {
    const dir = path.join(PROJECT, "broken", name);
    rmSync(dir, { recursive: true, force: true });
    writePack(dir, { "manifest.json": JSON.stringify(manifest), "hooks.ts": HOOKS, "routes.gen.ts.hbs": ROUTES, "tag.gen.ts.hbs": TAG, "runtime/table.ts": TABLE, ...files });
    return `./broken/${name}`;
  };

  it.each([
    ["an unknown built-in name", () => "koa", 'unknown server pack "koa": the built-in ones are express, fastify, hono, nest'],
    ["a folder that does not exist", () => "./packs/nothing-here", "no such folder"],
    ["a folder without a manifest", () => (mkdirSync(path.join(PROJECT, "empty"), { recursive: true }), "./empty"), "no manifest.json in it"],
    ["a manifest that is not JSON", () => broken("not-json", { "manifest.json": "{ name: " }), "manifest.json"],
    ["a manifest without kind server", () => broken("no-kind", {}, { ...MANIFEST, kind: undefined }), 'a server pack\'s manifest says "kind": "server"'],
    ["a part it cannot need", () => broken("bad-need", {}, { ...MANIFEST, needs: ["core", "database"] }), 'needs lists parts among core, server, client; not ["database"]'],
    ["hooks outside the pack", () => broken("hooks-outside", {}, { ...MANIFEST, hooks: "../../openapi.yaml" }), "is outside the pack"],
    ["hooks that do not parse", () => broken("hooks-syntax", { "hooks.ts": "export const hooks = {{;\n" }), "cannot load hooks.ts"],
    ["hooks without a hooks export", () => broken("hooks-none", { "hooks.ts": "export const other = 1;\n" }), "exports no `hooks` object"],
    ["a hook that throws", () => broken("hooks-throw", { "hooks.ts": 'export const hooks = { extendView() { throw new Error("boom"); } };\n' }), "hooks.extendView failed: boom"],
    ["a hook that returns no view", () => broken("hooks-nothing", { "hooks.ts": "export const hooks = { extendView() {} };\n" }), "hooks.extendView returned undefined"],
    ["a template that names what the view lacks", () => broken("template-field", { "tag.gen.ts.hbs": "{{tag.nothing}}\n" }), "tag.gen.ts.hbs:"],
  ])("%s", (_name, server, message) => {
    const out = `out-${_name.replace(/\W+/g, "-")}`;
    const result = generate(out, server());
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(PROJECT, out))).toBe(false);
  });
});
