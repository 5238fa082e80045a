/**
 * Specs and $refs over http(s), against a real server on 127.0.0.1: fetch, status and network
 * errors, the timeout, size limits, redirects, and the remote $ref policy (allowRemoteRefs).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../src/load/load-spec.js";
import { remoteAllowed, parseRemotePrefixes } from "../../src/load/ref-policy.js";
import { BIN, FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";
import { TestServer } from "../helpers/test-server.js";

const MINIMAL = "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\npaths: {}\n";
const WITH_RELATIVE_REF = `${MINIMAL}components:\n  schemas:\n    Pet:\n      $ref: "./schemas/pet.yaml#/Pet"\n`;
const PET = "Pet:\n  type: object\n  properties:\n    name:\n      type: string\n    owner:\n      $ref: \"./owner.yaml\"\n";
const OWNER = "type: object\nproperties:\n  id:\n    type: integer\n";
const where = (d: { position?: { file: string; line: number; column: number } }) => (d.position ? `${d.position.file}:${d.position.line}:${d.position.column}` : "-");

const server = new TestServer();
let base = "";
const routes: Record<string, (res: import("node:http").ServerResponse) => void> = {};
const text = (body: string, status = 200, headers: Record<string, string> = {}) => (res: import("node:http").ServerResponse) => {
  res.writeHead(status, { "content-type": "application/yaml", ...headers });
  res.end(body);
};

beforeAll(async () => {
  base = await server.start();
  Object.assign(routes, {
    "/spec.yaml": text(WITH_RELATIVE_REF),
    "/plain.yaml": text(MINIMAL),
    "/schemas/pet.yaml": text(PET),
    "/schemas/owner.yaml": text(OWNER),
    "/other/pet.yaml": text(PET),
    "/swagger.json": text(readFileSync(path.join(FIXTURES, "specs", "2.0", "petstore.yaml"), "utf8")),
    "/redirect-to-plain": text("", 302, { location: "/plain.yaml" }),
    "/redirect-out": text("", 302, { location: "/other/pet.yaml" }),
    "/stall": () => undefined, // never answers
    "/big": text("x".repeat(5000), 200, { "content-length": "5000" }),
    "/big-chunked": (res: import("node:http").ServerResponse) => {
      res.writeHead(200, { "content-type": "application/yaml" });
      for (let i = 0; i < 10; i++) res.write("# " + "y".repeat(998) + "\n");
      res.end();
    },
    "/bad.yaml": text(`${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "file:///etc/passwd"\n`),
    "/escape.yaml": text(`${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "../other/pet.yaml#/Pet"\n`),
    "/self.yaml": text(`${MINIMAL}components:\n  schemas:\n    A:\n      type: string\n    B:\n      $ref: "self.yaml#/components/schemas/A"\n`),
    "/schemas/redirecting.yaml": text(`${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "../redirect-out#/Pet"\n`),
  });
  server.respond((req, res) => {
    const route = routes[req.url.split("?")[0]!];
    if (route) route(res);
    else text("not here", 404)(res);
  });
});

afterAll(async () => {
  await server.stop();
});

describe("a spec given as an http(s) URL", () => {
  it("is fetched, and diagnostics name the URL", async () => {
    const loaded = await loadSpec(`${base}/plain.yaml`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec!.source.file).toBe(`${base}/plain.yaml`);
    expect(loaded.spec!.files).toEqual([`${base}/plain.yaml`]);
    const refused = await loadSpec(`${base}/spec.yaml`);
    expect(refused.diagnostics.map(where)).toEqual([`${base}/spec.yaml:9:13`]);
  });

  it("follows a redirect", async () => {
    const loaded = await loadSpec(`${base}/redirect-to-plain`);
    expect(loaded.diagnostics).toEqual([]);
  });

  it("a Swagger 2.0 document from a URL is upgraded too", async () => {
    const loaded = await loadSpec(`${base}/swagger.json`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec!.convertedFrom).toBe("2.0");
    expect(loaded.spec!.source.positionOf(["components", "schemas", "Pet"]).file).toBe(`${base}/swagger.json`);
  });

  it.each([
    { name: "404", url: () => `${base}/missing.yaml`, options: {}, code: "APIGEN_INPUT_NOT_READABLE", message: () => `${base}/missing.yaml: HTTP 404 Not Found` },
    { name: "timeout", url: () => `${base}/stall`, options: { timeoutMs: 300 }, code: "APIGEN_INPUT_NOT_READABLE", message: () => `${base}/stall: no answer within 300 ms (timed out)` },
    { name: "content-length over maxBytes", url: () => `${base}/big`, options: { maxBytes: 1000 }, code: "APIGEN_INPUT_TOO_LARGE", message: () => `${base}/big is 4.9 KB, over the limit of 1000 bytes` },
    { name: "chunked body over maxBytes", url: () => `${base}/big-chunked`, options: { maxBytes: 4000 }, code: "APIGEN_INPUT_TOO_LARGE", message: () => `${base}/big-chunked is more than the limit of 3.9 KB` },
  ])("$name -> $code with the URL and the reason", async ({ url, options, code, message }) => {
    const started = performance.now();
    const loaded = await loadSpec(url(), options);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(loaded.diagnostics.map((d) => [d.code, d.message, where(d)])).toEqual([[code, message(), `${url()}:1:1`]]);
  });

  it("a refused connection says so", async () => {
    const closed = new TestServer();
    const closedBase = await closed.start();
    await closed.stop();
    const loaded = await loadSpec(`${closedBase}/spec.yaml`);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["APIGEN_INPUT_NOT_READABLE"]);
    expect(loaded.diagnostics[0]!.message).toMatch(new RegExp(`^${closedBase}/spec.yaml: .*ECONNREFUSED`));
  });
});

describe("remote $refs (allowRemoteRefs)", () => {
  it("relative $refs of a URL spec are refused unless their prefix is allowed", async () => {
    const refused = await loadSpec(`${base}/spec.yaml`);
    expect(refused.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["APIGEN_REF_REFUSED", `remote $ref to ${base}/schemas/pet.yaml refused: remote $refs are not allowed`],
    ]);
    const loaded = await loadSpec(`${base}/spec.yaml`, { allowRemoteRefs: [`${base}/schemas/`] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec!.files).toEqual([`${base}/spec.yaml`, `${base}/schemas/pet.yaml`, `${base}/schemas/owner.yaml`]);
    const doc = loaded.spec!.document as any;
    expect(JSON.stringify(doc)).not.toContain("pet.yaml");
    expect(doc.components.schemas.Pet.properties.name).toEqual({ type: "string" });
  });

  it("a $ref to the spec's own URL needs no permission", async () => {
    const loaded = await loadSpec(`${base}/self.yaml`);
    expect(loaded.diagnostics).toEqual([]);
    expect((loaded.spec!.document as any).components.schemas.B).toEqual({ $ref: "#/components/schemas/A" });
  });

  it("a prefix admits nothing outside it, dot segments and redirects included", async () => {
    const allow = { allowRemoteRefs: [`${base}/schemas/`] };
    const escape = await loadSpec(`${base}/escape.yaml`, allow);
    expect(escape.diagnostics.map((d) => [d.code, where(d)])).toEqual([["APIGEN_REF_REFUSED", `${base}/escape.yaml:9:13`]]);
    const redirect = await loadSpec(`${base}/schemas/redirecting.yaml`, allow);
    expect(redirect.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["APIGEN_REF_REFUSED", `remote $ref to ${base}/redirect-out refused: it is under none of the allowed prefixes (${base}/schemas/)`],
    ]);
  });

  it("a redirect from an allowed prefix to elsewhere is refused", async () => {
    routes["/schemas/hop.yaml"] = text("", 302, { location: "/other/pet.yaml" });
    const spec = `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "${base}/schemas/hop.yaml#/Pet"\n`;
    const loaded = await loadSpec("-", { readStdin: async () => spec, allowRemoteRefs: [`${base}/schemas/`] });
    expect(loaded.diagnostics.map((d) => [d.code, where(d), d.message])).toEqual([
      ["APIGEN_REF_REFUSED", "<stdin>:9:13", `$ref "${base}/schemas/hop.yaml#/Pet": remote $ref to ${base}/other/pet.yaml refused: it is under none of the allowed prefixes (${base}/schemas/)`],
    ]);
  });

  it("a spec from a URL can never $ref local files", async () => {
    const loaded = await loadSpec(`${base}/bad.yaml`, { allowFilesOutside: true, allowRemoteRefs: [`${base}/`] });
    expect(loaded.diagnostics.map((d) => [d.code, where(d), d.message])).toEqual([
      ["APIGEN_REF_REFUSED", `${base}/bad.yaml:9:13`, '$ref "file:///etc/passwd" refused: a spec fetched from a URL cannot $ref local files'],
    ]);
  });

  it("an allowed remote $ref from a local file is fetched; a failing one is reported at the $ref", async () => {
    const spec = (target: string) => `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "${target}"\n`;
    const ok = await loadSpec("-", { readStdin: async () => spec(`${base}/schemas/pet.yaml#/Pet`), allowRemoteRefs: [`${base}/schemas/`] });
    expect(ok.diagnostics).toEqual([]);
    const missing = await loadSpec("-", { readStdin: async () => spec(`${base}/schemas/nope.yaml`), allowRemoteRefs: [`${base}/schemas/`] });
    expect(missing.diagnostics.map((d) => [d.code, where(d), d.message])).toEqual([
      ["APIGEN_REF_NOT_FOUND", "<stdin>:9:13", `$ref "${base}/schemas/nope.yaml": ${base}/schemas/nope.yaml: HTTP 404 Not Found`],
    ]);
    routes["/schemas/slow.yaml"] = () => undefined;
    const slow = await loadSpec("-", { readStdin: async () => spec(`${base}/schemas/slow.yaml`), allowRemoteRefs: [`${base}/schemas/`], timeoutMs: 200 });
    expect(slow.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["APIGEN_REF_NOT_FOUND", `$ref "${base}/schemas/slow.yaml": ${base}/schemas/slow.yaml: no answer within 200 ms (timed out)`],
    ]);
  });

  it.each([
    { given: "https://api.example.com/schemas/pet.yaml", prefix: "https://api.example.com/schemas/", want: true },
    { given: "https://api.example.com/schemas/../secrets.yaml", prefix: "https://api.example.com/schemas/", want: false },
    { given: "https://api.example.com/schemas/%2e%2e/secrets.yaml", prefix: "https://api.example.com/schemas/", want: false },
    { given: "https://api.example.com.evil.test/x.yaml", prefix: "https://api.example.com", want: false },
    { given: "https://api.example.com@evil.test/x.yaml", prefix: "https://api.example.com", want: false },
    { given: "http://api.example.com/x.yaml", prefix: "https://api.example.com", want: false },
    { given: "https://api.example.com:8443/x.yaml", prefix: "https://api.example.com", want: false },
    { given: "https://API.example.com/x.yaml", prefix: "https://api.example.com/", want: true },
  ])("prefix $prefix admits $given: $want", ({ given, prefix, want }) => {
    expect(remoteAllowed(new URL(given), parseRemotePrefixes([prefix]).prefixes)).toBe(want);
  });
});

describe("the CLI with a URL", () => {
  // Asynchronous spawn: the test server answers from this same process.
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("apigen generate <url> writes the output; a 404 is exit 1 with the URL and status, no stack trace", async () => {
    const out = path.join(SCRATCH, "load", "url-cli");
    rmSync(out, { recursive: true, force: true });
    const ok = await run(["generate", `${base}/swagger.json`, "--out", out, "--format", "none"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(path.join(out, "models.gen.ts"), "utf8")).toContain("export type Pet =");
    rmSync(out, { recursive: true, force: true });
    const missing = await run(["generate", `${base}/missing.yaml`, "--out", out]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`APIGEN_INPUT_NOT_READABLE: ${base}/missing.yaml: HTTP 404 Not Found`);
    expect(missing.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(existsSync(out)).toBe(false);
  });
});
