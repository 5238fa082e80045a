/**
 * `--client-package`: the output folder is an npm package. The example spec is generated as
 * `@acme/orders-client`, built with its own tsconfig (the repo's TypeScript), packed with
 * `npm pack`, installed from the tarball into a scratch project, type-checked from there as a
 * consumer, and run against a live server on 127.0.0.1.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { sendJson, TestServer } from "../helpers/test-server.js";

const ROOT = path.join(SCRATCH, "client-package");
const OUT = path.join(ROOT, "orders-client");
const PACKS = path.join(ROOT, "packs");
const APP = path.join(ROOT, "app");
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const SPEC = path.join(REPO, "examples", "orders-api", "openapi.yaml");
const server = new TestServer();
let baseUrl: string;

const order = {
  id: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
  number: "ORD-00000001",
  status: "pending",
  customer_id: "1c6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
  items: [
    {
      id: "2c6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
      product_id: "3c6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
      quantity: 1,
      unit_price: { amount: 0, currency: "EUR" },
      line_total: { amount: 0, currency: "EUR" },
    },
  ],
  shipping_address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" },
  payment_method: { type: "wallet", provider: "paypal" },
  discount_percent: 0,
  total: { amount: 0, currency: "EUR" },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

/** npm, quietly and without touching the network for anything but what it must resolve. */
function npm(args: string[], cwd: string): string {
  const result = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
  expect(result.status, `npm ${args.join(" ")}\n${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout;
}

function tsc(project: string): void {
  const result = spawnSync(process.execPath, [TSC, "-p", project, "--pretty", "false"], { encoding: "utf8" });
  expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
  expect(result.status).toBe(0);
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(PACKS, { recursive: true });
  const result = runCli(["generate", SPEC, "--out", OUT, "--client-package", "@acme/orders-client"]);
  expect(result.status, result.stderr).toBe(0);
  baseUrl = await server.start();
});

afterAll(() => server.stop());

describe("--client-package", () => {
  it("writes a package.json a team can publish", () => {
    const pkg = readJson(path.join(OUT, "package.json"));
    const apigen = readJson(path.join(REPO, "package.json"));
    expect(pkg.name).toBe("@acme/orders-client");
    expect(pkg.version).toBe("1.0.0"); // the spec's info.version
    expect(pkg.type).toBe("module");
    expect(pkg.main).toBe("./dist/client.gen.js");
    expect(pkg.types).toBe("./dist/client.gen.d.ts");
    expect(pkg.exports).toEqual({
      ".": { types: "./dist/client.gen.d.ts", default: "./dist/client.gen.js" },
      "./models": { types: "./dist/models.gen.d.ts", default: "./dist/models.gen.js" },
      "./schemas": { types: "./dist/schemas.gen.d.ts", default: "./dist/schemas.gen.js" },
      "./client-schemas": { types: "./dist/client-schemas.gen.d.ts", default: "./dist/client-schemas.gen.js" },
      "./problem": { types: "./dist/problem.gen.d.ts", default: "./dist/problem.gen.js" },
    });
    expect(pkg.files).toEqual(["dist"]);
    expect(pkg.engines).toEqual({ node: ">=20.19" });
    expect(pkg.scripts.build).toBe("tsc -p tsconfig.json");
    expect(pkg.scripts.prepare).toBe("npm run build");
    // zod: only the schemas need it, so it is an optional peer (same major and minimum as apigen's).
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ zod: `^${apigen.dependencies.zod}` });
    expect(pkg.peerDependenciesMeta).toEqual({ zod: { optional: true } });
    expect(pkg.devDependencies).toEqual({ typescript: "^5.9", zod: `^${apigen.dependencies.zod}` });
    const tsconfig = readJson(path.join(OUT, "tsconfig.json"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, declaration: true, outDir: "dist", module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"] });
    expect(readFileSync(path.join(OUT, ".gitignore"), "utf8").split("\n")).toEqual(expect.arrayContaining(["dist/", "node_modules/"]));
  });

  it("writes a README with install, auth per scheme and a call with its curl line per tag", () => {
    const readme = readFileSync(path.join(OUT, "README.md"), "utf8");
    expect(readme).toMatch(/^# Orders API\n/);
    expect(readme).toContain("npm install @acme/orders-client\n");
    expect(readme).toContain('import { createClient } from "@acme/orders-client";');
    expect(readme).toMatch(/^- `bearerAuth`: .*`Authorization: Bearer <token>`/m);
    expect(readme).toMatch(/^- `apiKeyAuth`: .*`X-API-Key`/m);
    const curls = readme.split("\n").filter((l) => l.startsWith("curl "));
    expect(curls).toEqual([
      "curl -X GET 'https://api.example.com/v1/health'",
      "curl -X GET 'https://api.example.com/v1/orders' -H 'Authorization: Bearer <bearerAuth>'",
      "curl -X GET 'https://api.example.com/v1/customers' -H 'Authorization: Bearer <bearerAuth>'",
      "curl -X GET 'https://api.example.com/v1/products' -H 'Authorization: Bearer <bearerAuth>'",
    ]);
    for (const call of ["api.system.getHealth()", "api.orders.listOrders()", "api.customers.listCustomers()", "api.products.listProducts()"]) expect(readme).toContain(call);
    // What the SDK's users can rely on beyond the calls: error classes, raw, options.
    for (const word of ["`NotFoundError`", "`.raw(...)`", "`totalTimeoutMs`", "`middleware`", "`onUploadProgress`", "`userAgent`"]) expect(readme).toContain(word);
  });

  it("builds, packs, installs from the tarball and calls a live server", async () => {
    tsc(path.join(OUT, "tsconfig.json"));
    // Built already; --ignore-scripts keeps prepare from building again with whatever `tsc` is on PATH.
    const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", PACKS], OUT)) as { filename: string; files: { path: string }[] }[];
    const packedFiles = packed!.files.map((f) => f.path);
    expect(packedFiles).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/client.gen.js", "dist/client.gen.d.ts", "dist/runtime/client/core.js", "dist/schemas.gen.js"]));
    expect(packedFiles.filter((f) => !f.startsWith("dist/") && f !== "package.json" && f !== "README.md")).toEqual([]);
    expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);

    // A consumer project: the tarball has no dependencies (zod is an optional peer), so this needs
    // no registry; zod for the /schemas import below resolves from the repo's node_modules.
    mkdirSync(APP, { recursive: true });
    writeFileSync(path.join(APP, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    npm(["install", path.join(PACKS, packed!.filename), "--prefer-offline"], APP);
    expect(readdirSync(path.join(APP, "node_modules", "@acme", "orders-client"))).toEqual(expect.arrayContaining(["dist", "package.json", "README.md"]));

    // Type-checked as a consumer sees it (exports' `types`, NodeNext), declarations included.
    writeFileSync(
      path.join(APP, "check.ts"),
      [
        'import { ApiError, createClient, type ClientConfig } from "@acme/orders-client";',
        'import type { Order } from "@acme/orders-client/models";',
        'import { OrderSchema } from "@acme/orders-client/schemas";',
        'import { responseSchemas } from "@acme/orders-client/client-schemas";',
        'const config: ClientConfig = { auth: { bearerAuth: async () => "tok" } };',
        "const api = createClient({ ...config, responseSchemas });",
        "export async function get(orderId: string): Promise<Order | number> {",
        "  try { return await api.orders.getOrder({ path: { orderId } }); } catch (e) { if (e instanceof ApiError) return e.status; throw e; }",
        "}",
        "export const parsed: Order | undefined = OrderSchema.safeParse({}).data;",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(APP, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES2022", "DOM"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] }, include: ["check.ts"] }),
    );
    tsc(path.join(APP, "tsconfig.json"));

    writeFileSync(
      path.join(APP, "main.mjs"),
      [
        'import { createClient } from "@acme/orders-client";',
        'import { OrderSchema } from "@acme/orders-client/schemas";',
        'const api = createClient({ baseUrl: process.argv[2], auth: { bearerAuth: () => "tok-pkg" }, retry: false });',
        'const order = await api.orders.getOrder({ path: { orderId: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d" } });',
        "console.log(JSON.stringify({ order, valid: OrderSchema.safeParse(order).success }));",
        "",
      ].join("\n"),
    );
    server.respond((_req, res) => sendJson(res, 200, order, { etag: '"v1"' }));
    // Asynchronous: the server answers from this process while the script runs.
    const { stdout } = await promisify(execFile)(process.execPath, ["main.mjs", baseUrl], { cwd: APP, encoding: "utf8" });
    expect(JSON.parse(stdout)).toEqual({ order, valid: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe("GET");
    expect(server.requests[0]!.url).toBe(`/orders/${order.id}`);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer tok-pkg");
    // The SDK names itself: the package and its version, and the generator's.
    expect(server.requests[0]!.headers["user-agent"]).toBe(`@acme/orders-client/1.0.0 apigen/${readJson(path.join(REPO, "package.json")).version}`);
  });
});

describe("--client-package usage", () => {
  it.each([
    ["Acme-Client", "uppercase"],
    ["@acme/", "@scope/name"],
    ["my client", "URL-safe"],
    [".hidden", "period"],
    ["http", "core module"],
  ])("rejects the package name %j (exit 2)", (name, message) => {
    const result = runCli(["generate", SPEC, "--out", path.join(ROOT, "bad"), "--client-package", name]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not a valid npm package name");
    expect(result.stderr).toContain(message);
  });

  it("rejects a version that is not semver, and a version without a package (exit 2)", () => {
    const bad = runCli(["generate", SPEC, "--out", path.join(ROOT, "bad"), "--client-package", "x", "--client-package-version", "v1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("is not a semantic version");
    const alone = runCli(["generate", SPEC, "--out", path.join(ROOT, "bad"), "--client-package-version", "1.2.3"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("needs --client-package");
  });

  const versionSpec = (version: string) => `openapi: 3.1.0\ninfo: { title: T, version: "${version}" }\npaths: {}\n`;

  it("takes --client-package-version, else the spec's version when it is semver, else 0.0.0", () => {
    const cases: [string, string[], string][] = [
      ["2026-01", [], "0.0.0"],
      ["2.1.0-beta.1", [], "2.1.0-beta.1"],
      ["2026-01", ["--client-package-version", "3.4.5"], "3.4.5"],
    ];
    for (const [i, [specVersion, flags, expected]] of cases.entries()) {
      const out = path.join(ROOT, `version-${i}`);
      const result = runCli(["generate", "-", "--out", out, "--format", "none", "--client-package", "tiny-client", ...flags], { input: versionSpec(specVersion) });
      expect(result.status, result.stderr).toBe(0);
      expect(readJson(path.join(out, "package.json")).version).toBe(expected);
      // The User-Agent the client sends names the same version.
      expect(readFileSync(path.join(out, "client.gen.ts"), "utf8")).toContain(`const userAgent = "tiny-client/${expected} apigen/`);
    }
  });

  it("takes the license from the spec's info.license when it is an SPDX expression, and never guesses", () => {
    const cases: [string, string | undefined][] = [
      ["{ name: Apache 2.0, identifier: Apache-2.0 }", "Apache-2.0"],
      ["{ name: MIT OR Apache-2.0 }", "MIT OR Apache-2.0"],
      ["{ name: Proprietary, url: https://acme.example/terms }", undefined],
      ["{ name: Apache 2.0 }", undefined],
    ];
    for (const [i, [license, expected]] of cases.entries()) {
      const out = path.join(ROOT, `license-${i}`);
      const spec = `openapi: 3.1.0\ninfo: { title: T, version: 1.0.0, license: ${license} }\npaths: {}\n`;
      const result = runCli(["generate", "-", "--out", out, "--format", "none", "--client-package", "tiny-client"], { input: spec });
      expect(result.status, result.stderr).toBe(0);
      expect(readJson(path.join(out, "package.json")).license).toBe(expected);
    }
  });

  it("takes license, repository, publishConfig, author, homepage and keywords from the config, and --client-package keeps them", () => {
    const project = path.join(ROOT, "config-fields");
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, "openapi.yaml"), "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0, license: { name: MIT } }\npaths: {}\n");
    const clientPackage = {
      name: "@acme/t-client",
      license: "UNLICENSED",
      repository: { type: "git", url: "git+https://github.com/acme/t.git", directory: "clients/t" },
      publishConfig: { access: "restricted", registry: "https://npm.acme.example/", provenance: true },
      author: "Acme API team",
      homepage: "https://acme.example/docs",
      keywords: ["acme", "api"],
    };
    writeFileSync(path.join(project, "apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "out", format: "none", lint: false, clientPackage }] }));
    const result = runCli(["generate"], { cwd: project });
    expect(result.status, result.stderr).toBe(0);
    const pkg = readJson(path.join(project, "out", "package.json"));
    const { name, ...fields } = clientPackage;
    expect(pkg).toMatchObject({ name, ...fields });
    // Regenerating is not refused as a hand edit: these fields are apigen's to write.
    expect(runCli(["check"], { cwd: project }).status).toBe(0);
    const renamed = runCli(["generate", "--client-package", "@acme/other-client"], { cwd: project });
    expect(renamed.status, renamed.stderr).toBe(0);
    expect(readJson(path.join(project, "out", "package.json"))).toMatchObject({ name: "@acme/other-client", license: "UNLICENSED", publishConfig: clientPackage.publishConfig });
    writeFileSync(path.join(project, "apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "out", clientPackage: { name: "x", publishConfig: { access: 1 } } }] }));
    const invalid = runCli(["generate"], { cwd: project });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain("clientPackage.publishConfig.access");
  });

  it("keeps hostile spec text inert in README.md: code fences stay closed, prose cannot start markup", () => {
    const ticks = "````";
    const spec = [
      "openapi: 3.1.0",
      `info: { title: "Evil ${ticks} <script>alert(1)</script> [x](javascript:alert(1)) *b*\\n# h", version: "1.0.0" }`,
      "servers: [{ url: \"https://h.example/a b'`c\" }]",
      "security: [{ key: [] }, { bearer: [] }]",
      "paths:",
      `  "/p/{id}/'q${ticks}\\n\`\`\`":`,
      "    get:",
      `      tags: ["t ${ticks}\\n## injected"]`,
      `      summary: "s ${ticks} <img src=x>"`,
      "      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]",
      "      responses: { '200': { description: ok } }",
      "components:",
      "  securitySchemes:",
      "    key: { type: apiKey, in: header, name: \"X-K'ey\\n```\" }",
      `    bearer: { type: http, scheme: bearer, bearerFormat: "JWT ${ticks}\\n# x <b>" }`,
      "",
    ].join("\n");
    const out = path.join(ROOT, "hostile");
    const result = runCli(["generate", "-", "--out", out, "--format", "none", "--client-package", "hostile-client"], { input: spec });
    expect(result.status, result.stderr).toBe(0);
    const readme = readFileSync(path.join(out, "README.md"), "utf8");
    // Walk the fences as CommonMark does: a block closes only at a backtick run at least as long.
    const blocks: string[][] = [];
    const outside: string[] = [];
    let open: { fence: string; lines: string[] } | undefined;
    for (const line of readme.split("\n")) {
      if (open) {
        if (new RegExp(`^${open.fence}\`*\\s*$`).test(line)) {
          blocks.push(open.lines);
          open = undefined;
        } else open.lines.push(line);
        continue;
      }
      const start = /^(`{3,})[a-z]*$/.exec(line);
      if (start) open = { fence: start[1]!, lines: [] };
      else outside.push(line);
    }
    expect(open).toBeUndefined();
    // install, client setup, a call and its curl line for the one tag, build
    expect(blocks).toHaveLength(5);
    const [, , call, curl] = blocks;
    expect(call).toHaveLength(1);
    expect(curl).toHaveLength(1);
    expect(curl![0]).toMatch(/^curl -X GET '[^']*(?:'\\''[^']*)*' -H '[^']*(?:'\\''[^']*)*'$/);
    // The spec's backticks are data: percent-encoded in the URL, and the fence (4) outlasts the header name's run (3).
    expect(readme).toContain(`${ticks}sh\ncurl -X GET 'https://h.example/a%20b'\\''%60c/p/<id>/`);
    const prose = outside.join("\n");
    expect(prose).not.toMatch(/(?<!\\)<(script|img)/);
    expect(prose).not.toMatch(/(?<!\\)\[x/);
    expect(prose).not.toMatch(/^#+ (injected|h)\b/m);
    expect(outside.filter((l) => l.startsWith("#")).map((l) => l.replace(/ .*/, ""))).toEqual(["#", "##", "##", "##", "##", "###", "##", "##"]);
  });
});
