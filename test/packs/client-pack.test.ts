/**
 * A client pack of one's own (`--client-pack <folder>`, issue 17's pack API): its hooks extend
 * the client's view (names from apigen's allocator), its templates build on client.gen.ts, the
 * output compiles under tsc --strict, and the code it generates calls a real server.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { sendJson, TestServer } from "../helpers/test-server.js";
import { typecheck } from "../helpers/typecheck.js";

const PROJECT = path.join(SCRATCH, "client-pack");
const OUT = path.join(PROJECT, "out");

const FILES: Record<string, string> = {
  "manifest.json": JSON.stringify({
    name: "query-keys",
    kind: "client",
    needs: ["core", "client"],
    hooks: "hooks.ts",
    templates: [{ template: "keys.gen.ts.hbs", output: "keys/keys.gen.ts", render: "once", kind: "generated" }],
    runtime: [],
  }),
  "hooks.ts": `import type { ClientPackHooks } from "apigen";
export const hooks: ClientPackHooks = {
  extendView(view, tools) {
    // "ordersKeys" is taken: the allocator gives the orders group the next free name.
    const names = tools.names(["Client", "fetchers", "ordersKeys"]);
    return { ...view, groups: view.groups.map((g) => ({ ...g, keysName: names.allocate(\`\${g.key}Keys\`), operations: g.operations.map((o) => ({ ...o, isQuery: o.method === "GET", keyLiteral: tools.stringLiteral(o.key) })) })) };
  },
};
`,
  "keys.gen.ts.hbs": `{{{header}}}
import type { Client } from "../client.gen.js";
{{#each groups}}

/** {{tag}} */
export const {{keysName}} = {
{{#each operations}}
{{#if isQuery}}
  {{key}}: (input: Parameters<Client["{{../key}}"]["{{key}}"]>[0]) => ["{{../key}}", {{keyLiteral}}, input] as const,
{{/if}}
{{/each}}
};
{{/each}}

/** Every query of the client as a fetcher: \`fetchers(client).orders.getOrder(input)\`. */
export function fetchers(client: Client) {
  return {
{{#each groups}}
    {{key}}: {
{{#each operations}}
{{#if isQuery}}
      {{key}}: (input: Parameters<Client["{{../key}}"]["{{key}}"]>[0]) => client.{{../key}}.{{key}}(input),
{{/if}}
{{/each}}
    },
{{/each}}
  };
}
`,
};

const server = new TestServer();

beforeAll(async () => {
  rmSync(PROJECT, { recursive: true, force: true });
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.join(PROJECT, "query-keys"), { recursive: true });
    writeFileSync(path.join(PROJECT, "query-keys", file), text);
  }
  cpSync(path.join(REPO, "examples", "orders-api", "openapi.yaml"), path.join(PROJECT, "openapi.yaml"));
});
afterAll(() => server.stop());

describe("a client pack from a folder", () => {
  it("generates beside the client it needs, with its hooks' names, and compiles", () => {
    const result = runCli(["generate", "openapi.yaml", "--out", "out", "--client-pack", "./query-keys", "--format", "none", "--no-lint"], { cwd: PROJECT });
    expect(result.status, result.stderr).toBe(0);
    const keys = readFileSync(path.join(OUT, "keys", "keys.gen.ts"), "utf8");
    expect(keys).toContain("export const ordersKeys2 = {");
    expect(keys).toContain('getOrder: (input: Parameters<Client["orders"]["getOrder"]>[0]) => ["orders", "getOrder", input] as const,');
    expect(keys).not.toContain("createOrder"); // a POST is no query
    expect(typecheck(OUT)).toBe("");
  });

  it("its code calls a real server through the generated client", async () => {
    const url = await server.start();
    server.respond((req, res) => sendJson(res, 200, { status: "ok", seen: req.url }));
    const { fetchers } = await import(path.join(OUT, "keys", "keys.gen.ts"));
    const { createClient } = await import(path.join(OUT, "client.gen.ts"));
    const health = await fetchers(createClient({ baseUrl: url, retry: false })).system.getHealth({});
    expect(health).toMatchObject({ status: "ok", seen: "/health" });
  });

  it("a server pack given as a client pack is refused, naming the flag", () => {
    const result = runCli(["generate", "openapi.yaml", "--out", "wrong", "--client-pack", path.join(REPO, "templates", "fastify"), "--format", "none"], { cwd: PROJECT });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('a client pack\'s manifest says "kind": "client" (--client-pack takes it)');
  });
});
