/** The `apigen generate` command end to end through the real binary: exit codes, diagnostics, nothing half-written. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const bad = (name: string) => path.join("test", "fixtures", "bad", name);

describe("apigen generate on bad input", () => {
  it.each([
    { file: "malformed.yaml", code: "APIGEN_PARSE_ERROR", at: "malformed.yaml:7:10" },
    { file: "dangling-ref.yaml", code: "APIGEN_REF_NOT_FOUND", at: "dangling-ref.yaml:22:" },
    { file: "dangling-external-ref.yaml", code: "APIGEN_REF_NOT_FOUND", at: "dangling-external-ref.yaml:15:" },
    { file: "invalid-schema.yaml", code: "APIGEN_INVALID_DOCUMENT", at: "invalid-schema.yaml:" },
    { file: "not-openapi.yaml", code: "APIGEN_NOT_OPENAPI", at: "not-openapi.yaml:" },
  ])("$file: exit 1, $code at file:line:col, no stack trace, nothing written", ({ file, code, at }) => {
    const out = path.join(SCRATCH, "cli-bad", file);
    rmSync(out, { recursive: true, force: true });
    const result = runCli(["generate", bad(file), "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(code);
    expect(result.stderr).toMatch(new RegExp(`${at.replace(/\./g, "\\.")}\\d*:?\\d* error`));
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no JavaScript stack frames
    expect(existsSync(out)).toBe(false);
  });

  it("structural errors and schema errors are reported together", () => {
    const result = runCli(["generate", bad("invalid-schema.yaml"), "--out", path.join(SCRATCH, "cli-invalid")]);
    expect(result.stderr).toContain('invalid-schema.yaml:11:11 error APIGEN_INVALID_DOCUMENT: /paths/~1things/get/responses/200 is missing the required property "description"');
    expect(result.stderr).toContain("invalid-schema.yaml:18:13 error APIGEN_INVALID_SCHEMA: `type` must be");
    expect(result.stderr).toContain("2 error(s)");
  });

  it("a missing spec file is exit 1 with a clear message", () => {
    const result = runCli(["generate", "nope/missing.yaml", "--out", path.join(SCRATCH, "cli-missing")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no such file: nope/missing.yaml");
  });

  it("bad usage is exit 2", () => {
    expect(runCli(["generate"]).status).toBe(2);
    expect(runCli(["frobnicate"]).status).toBe(2);
    expect(runCli(["generate", bad("malformed.yaml"), "--out", "x", "--format", "ugly"]).status).toBe(2);
  });
});

describe("lint inside generate", () => {
  const dir = path.join(SCRATCH, "cli-lint-summary");
  // 300 operations share one error response that is not problem+json: 300 findings.
  const spec = ["openapi: 3.1.0", "info: { title: T, version: 1.0.0 }", "paths:"];
  for (let i = 0; i < 300; i++) {
    spec.push(`  /things${i}:`, "    get:", `      operationId: getThings${i}`, "      responses:", '        "200": { description: ok }', '        "400": { $ref: "#/components/responses/Bad" }');
  }
  spec.push("components:", "  responses:", "    Bad:", "      description: bad", "      content:", "        application/json:", "          schema: { type: object }");

  it("prints one summary line, not the findings; --no-lint and lint: false turn it off; --json keeps them", () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.yaml"), spec.join("\n") + "\n");
    const result = runCli(["generate", "openapi.yaml", "--out", "out", "--format", "none"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^apigen: lint: \d[\d,]* warnings? in openapi\.yaml; `apigen lint openapi\.yaml` lists them/);

    const json = runCli(["--json", "generate", "openapi.yaml", "--out", "out", "--format", "none", "--force"], { cwd: dir });
    expect(JSON.parse(json.stdout).jobs[0].diagnostics.some((d: { code: string }) => d.code.startsWith("lint/"))).toBe(true);

    const off = runCli(["generate", "openapi.yaml", "--out", "out", "--format", "none", "--no-lint"], { cwd: dir });
    expect(off.status).toBe(0);
    expect(off.stderr).toBe("");
    writeFileSync(path.join(dir, "apigen.config.json"), JSON.stringify({ jobs: [{ input: "openapi.yaml", output: "out2", format: "none", lint: false }] }));
    const config = runCli(["generate"], { cwd: dir });
    expect(config.status).toBe(0);
    expect(config.stderr).toBe("");
    // apigen lint still lints a job whose generate does not.
    expect(runCli(["lint", "--format", "json"], { cwd: dir }).stdout).toContain("problem-json-errors");
  });
});

describe("the input size limit", () => {
  const dir = path.join(SCRATCH, "cli-size-limit");
  const spec = path.join(dir, "openapi.yaml");
  const padded = "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\npaths: {}\n" + `# ${"x".repeat(3000)}\n`;

  it("is raised with --max-input-bytes or maxInputBytes in the config, which the refusal names", () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(spec, padded);
    const refused = runCli(["generate", "openapi.yaml", "--out", "out", "--max-input-bytes", "2KB"], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("APIGEN_INPUT_TOO_LARGE");
    expect(refused.stderr).toMatch(/over the limit of 2 KB/);
    expect(refused.stderr).toContain("--max-input-bytes");
    expect(runCli(["generate", "openapi.yaml", "--out", "out", "--max-input-bytes", "4KB"], { cwd: dir }).status).toBe(0);

    writeFileSync(path.join(dir, "apigen.config.json"), JSON.stringify({ maxInputBytes: "2KB", jobs: [{ input: "openapi.yaml", output: "out2" }] }));
    expect(runCli(["generate"], { cwd: dir }).stderr).toMatch(/over the limit of 2 KB/);
    expect(runCli(["lint"], { cwd: dir }).stderr).toMatch(/over the limit of 2 KB/);
    expect(runCli(["generate", "--max-input-bytes", "1MB"], { cwd: dir }).status).toBe(0); // the flag wins
  });

  it("a size that is not one is a usage error", () => {
    const result = runCli(["generate", "openapi.yaml", "--out", "out", "--max-input-bytes", "lots"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--max-input-bytes takes a size");
    writeFileSync(path.join(dir, "apigen.config.json"), JSON.stringify({ maxInputBytes: "huge", jobs: [{ input: "openapi.yaml", output: "out2" }] }));
    const config = runCli(["generate"], { cwd: dir });
    expect(config.status).toBe(2);
    expect(config.stderr).toContain("maxInputBytes");
  });
});

describe("apigen generate on good input", () => {
  const spec = path.join(FIXTURES, "specs", "3.1", "objects.yaml");

  it("reads the spec from stdin with -", () => {
    const out = path.join(SCRATCH, "cli-stdin");
    rmSync(out, { recursive: true, force: true });
    const result = runCli(["generate", "-", "--out", out, "--format", "none"], { input: readFileSync(spec, "utf8") });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(path.join(out, "models.gen.ts"), "utf8")).toContain("export type");
  });

  it("warns, with the place, of a path no request can reach (`#` or `?` in its template), and generates", () => {
    const dir = path.join(SCRATCH, "cli-unroutable");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const paths = ["/items#top", "/search?q={q}", "/files/{name}"];
    const spec = ["openapi: 3.1.0", "info: { title: T, version: '1', license: { name: MIT, identifier: MIT } }", "paths:"];
    for (const [i, p] of paths.entries()) spec.push(`  ${p}:`, "    get:", `      operationId: op${i}`, ...(p.includes("{") ? ["      parameters: [{ name: " + (p.includes("{q}") ? "q" : "name") + ", in: path, required: true, schema: { type: string } }]"] : []), "      responses: { '200': { description: ok } }");
    writeFileSync(path.join(dir, "openapi.yaml"), `${spec.join("\n")}\n`);
    const result = runCli(["generate", "openapi.yaml", "--out", "out", "--format", "none", "--no-lint"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.includes("APIGEN_PATH_NOT_ROUTABLE"));
    expect(warnings).toEqual([
      'openapi.yaml:5:5 warning APIGEN_PATH_NOT_ROUTABLE: path "/items#top" contains "#" (in a URL it starts a fragment, which clients never send): no request can reach this path as written',
      'openapi.yaml:9:5 warning APIGEN_PATH_NOT_ROUTABLE: path "/search?q={q}" contains "?" (in a URL it starts the query string): no request can reach this path as written',
    ]);
  });

  it("generates GET and HEAD without a request body the spec declares for them, with a warning at its place", () => {
    const dir = path.join(SCRATCH, "cli-get-body");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const spec = [
      "openapi: 3.1.0",
      "info: { title: T, version: '1', license: { name: MIT, identifier: MIT } }",
      "paths:",
      "  /search:",
      "    get:",
      "      operationId: search",
      "      requestBody: { content: { application/json: { schema: { type: object, properties: { q: { type: string } } } } } }",
      "      responses: { '200': { description: ok } }",
      "    post:",
      "      operationId: searchByPost",
      "      requestBody: { content: { application/json: { schema: { type: object, properties: { q: { type: string } } } } } }",
      "      responses: { '200': { description: ok } }",
    ];
    writeFileSync(path.join(dir, "openapi.yaml"), `${spec.join("\n")}\n`);
    const result = runCli(["generate", "openapi.yaml", "--out", "out", "--format", "none", "--no-lint", "--client", "--server", "express"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.includes("APIGEN_GET_REQUEST_BODY"))).toEqual([
      "openapi.yaml:7:20 warning APIGEN_GET_REQUEST_BODY: GET /search declares a request body, which a GET request cannot carry (fetch refuses to send it): generated without it",
    ]);
    // The client's input and the server's handler have no body for GET; the POST keeps its own.
    const client = readFileSync(path.join(dir, "out", "client.gen.ts"), "utf8");
    expect(client).toMatch(/const searchSpec: OperationSpec = \{ id: "search", method: "GET", path: "\/search", params: \[\], responses/);
    expect(client).toMatch(/const searchByPostSpec: OperationSpec = \{[^}]*requestMediaTypes: \["application\/json"\]/);
    const contract = readFileSync(path.join(dir, "out", "server", "contract.gen.ts"), "utf8");
    const contractOf = (name: string) => contract.slice(contract.indexOf(`export const ${name}Contract`)).split("\n};")[0];
    expect(contractOf("search")).not.toContain("body:");
    expect(contractOf("searchByPost")).toContain('body: { required: false, contentTypes: ["application/json"]');
  });

  it("never overwrites a file it did not write, unless --force", () => {
    const out = path.join(SCRATCH, "cli-conflict");
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "models.gen.ts"), "// mine\n");
    const refused = runCli(["generate", spec, "--out", out, "--format", "none"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("models.gen.ts");
    expect(readFileSync(path.join(out, "models.gen.ts"), "utf8")).toBe("// mine\n");
    expect(runCli(["generate", spec, "--out", out, "--format", "none", "--force"]).status).toBe(0);
    expect(readFileSync(path.join(out, "models.gen.ts"), "utf8")).not.toBe("// mine\n");
    // Its own files it rewrites freely on the next run.
    expect(runCli(["generate", spec, "--out", out]).status).toBe(0);
  });
});

describe("apigen generate --validation warn (issue 16)", () => {
  // Directus ships `schema: null` in one request body (line 788 of its openapi.json).
  const directus = path.join("node_modules", "@directus", "specs", "dist", "openapi.json");
  const diagnostic = `${directus}:788:25 %s APIGEN_INVALID_DOCUMENT: /paths/~1items~1{collection}/post/requestBody/content/application~1json/schema is null; OpenAPI 3.0 expects object`;

  it("Directus: exit 1 by default, naming the flag; exit 0 with the flag, the error printed as a warning", () => {
    const out = path.join(SCRATCH, "cli-warn-directus");
    rmSync(out, { recursive: true, force: true });
    const strict = runCli(["generate", directus, "--out", out, "--format", "none"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain(diagnostic.replace("%s", "error"));
    expect(strict.stderr).toContain("With --validation warn, apigen reads it as no schema: any value (`unknown`) and generates anyway.");
    expect(strict.stderr).toContain("1 error(s); nothing was written.");
    expect(existsSync(out)).toBe(false);

    const warn = runCli(["generate", directus, "--out", out, "--format", "none", "--validation", "warn"]);
    expect(warn.status, warn.stderr).toBe(0);
    expect(warn.stderr).toContain(`${diagnostic.replace("%s", "warning")}; read as no schema: any value (\`unknown\`)`);
    expect(warn.stderr).not.toMatch(/:\d+:\d+ error /);
    expect(readFileSync(path.join(out, "models.gen.ts"), "utf8")).toMatch(/export type CreateItemBody = unknown;/);
  });

  it("check takes the flag too, and a bad mode is a usage error", () => {
    const out = path.join(SCRATCH, "cli-warn-check");
    rmSync(out, { recursive: true, force: true });
    const spec = path.join("test", "fixtures", "bad", "structure", "recoverable-3.1.yaml");
    expect(runCli(["generate", spec, "--out", out, "--format", "none", "--validation", "warn"]).status).toBe(0);
    expect(runCli(["check", spec, "--out", out, "--format", "none", "--validation", "warn"]).status).toBe(0);
    expect(runCli(["check", spec, "--out", out, "--format", "none"]).status).toBe(1);
    expect(runCli(["generate", spec, "--out", out, "--validation", "lenient"]).status).toBe(2);
  });
});
