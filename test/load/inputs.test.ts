/**
 * The load stage on hostile or odd input: YAML alias bombs and cycles, duplicate keys (YAML and
 * JSON), size limits (refused from `stat`, before reading), standard input, unsupported schemes,
 * and local $refs that leave the spec's folder.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../src/load/load-spec.js";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";

const bad = (name: string) => path.join(FIXTURES, "bad", name);
const WORK = path.join(SCRATCH, "load", "inputs");
const where = (d: { position?: { line: number; column: number } }) => (d.position ? `${d.position.line}:${d.position.column}` : "-");

const MINIMAL = "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\npaths: {}\n";

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
});

describe("YAML and JSON hardening", () => {
  it.each([
    { file: "billion-laughs.yaml", code: "APIGEN_YAML_ALIAS_LIMIT", at: "9:22", message: "YAML aliases expand to more than 1000 nodes" },
    { file: "alias-cycle.yaml", code: "APIGEN_YAML_ALIAS_LIMIT", at: "11:16", message: "alias *node is inside the node it refers to" },
    { file: "duplicate-key.yaml", code: "APIGEN_DUPLICATE_KEY", at: "13:9", message: "Map keys must be unique" },
    { file: "duplicate-key.json", code: "APIGEN_DUPLICATE_KEY", at: "11:11", message: '"name" is repeated' },
    { file: "malformed.yaml", code: "APIGEN_PARSE_ERROR", at: "7:10", message: "" },
  ])("$file -> $code at $at", async ({ file, code, at, message }) => {
    const started = performance.now();
    const loaded = await loadSpec(bad(file));
    expect(performance.now() - started, "refused quickly").toBeLessThan(2000);
    expect(loaded.spec).toBeUndefined();
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)}`)[0]).toEqual(`${code} ${at}`);
    if (code !== "APIGEN_PARSE_ERROR") expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]!.message).toContain(message);
    expect(loaded.diagnostics[0]!.position!.file).toBe(bad(file));
  });

  it("a few honest aliases are fine", async () => {
    const text = `${MINIMAL}components:\n  schemas:\n    A: &a {type: string}\n    B: {type: object, properties: {x: *a, y: *a}}\n`;
    const loaded = await loadSpec("-", { readStdin: async () => text });
    expect(loaded.diagnostics).toEqual([]);
    expect((loaded.spec!.document as any).components.schemas.B.properties.y).toEqual({ type: "string" });
  });

  it.each([
    { name: "a comment", text: '{\n  // the API\n  "openapi": "3.1.0"\n}', at: "2:3", message: "comments are not allowed in JSON" },
    { name: "single quotes", text: '{\n  "openapi": \'3.1.0\'\n}', at: "2:14", message: "strings take double quotes in JSON, not single quotes" },
    { name: "a trailing comma", text: '{\n  "openapi": "3.1.0",\n}', at: "3:1", message: "a trailing comma is not allowed in JSON" },
    { name: "a missing comma", text: '{\n  "openapi": "3.1.0"\n  "info": {}\n}', at: "3:3", message: "expected ',' between values" },
    { name: "an unclosed object", text: '{\n  "openapi": "3.1.0",\n  "info": {\n', at: "4:1", message: "expected '}' (the object is not closed)" },
  ])("a .json file with $name is not JSON, said in JSON's words at the place it breaks", async ({ text, at, message }) => {
    const file = path.join(WORK, "spec.json");
    writeFileSync(file, text);
    const loaded = await loadSpec(file);
    expect(loaded.spec).toBeUndefined();
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)} ${d.message}`)).toEqual([`APIGEN_PARSE_ERROR ${at} not valid JSON: ${message}`]);
    expect(loaded.diagnostics[0]!.help).toMatch(/strict JSON/);
  });

  it("JSON-like text with comments is still read as YAML where the file is not named .json", async () => {
    const file = path.join(WORK, "spec.yaml");
    writeFileSync(file, "{\n  # the API\n  'openapi': '3.1.0', 'info': {'title': 'T', 'version': '1'}, 'paths': {},\n}\n");
    expect((await loadSpec(file)).diagnostics).toEqual([]);
  });

  it("a byte order mark does not stop JSON", async () => {
    const loaded = await loadSpec("-", { readStdin: async () => '\ufeff{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{}}' });
    expect(loaded.diagnostics).toEqual([]);
  });

  it("duplicate keys in JSON are found at any depth, escaped or not, and only within one object", async () => {
    const ok = '{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{},"x-a":{"k":1},"x-b":{"k":1},"x-s":["\\"k\\":",{"k":2}]}';
    expect((await loadSpec("-", { readStdin: async () => ok })).diagnostics).toEqual([]);
    const dup = '{"openapi":"3.1.0","info":{"title":"T","version":"1"},\n"paths":{},"x-a":{"k\\u0020":1,\n  "k ":2}}';
    const loaded = await loadSpec("-", { readStdin: async () => dup });
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)} ${d.message}`)).toEqual(['APIGEN_DUPLICATE_KEY 3:3 Map keys must be unique; "k " is repeated']);
  });
});

describe("nesting depth", () => {
  const head = '{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{},\n"x-deep":';
  it.each([
    { name: "JSON, 100 000 levels", text: `${head}${"[".repeat(100_000)}${"]".repeat(100_000)}}`, at: `2:${9 + 256}` },
    { name: "YAML, 300 levels", text: `openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\nx-deep: ${"[".repeat(300)}${"]".repeat(300)}\n`, at: `4:${8 + 256}` },
  ])("$name -> APIGEN_INPUT_TOO_DEEP, quickly", async ({ text, at }) => {
    const started = performance.now();
    const loaded = await loadSpec("-", { readStdin: async () => text });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)}`)).toEqual([`APIGEN_INPUT_TOO_DEEP ${at}`]);
  });

  it("256 levels are fine", async () => {
    const text = `{"x-deep":${"[".repeat(255)}${"]".repeat(255)},"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{}}`;
    expect((await loadSpec("-", { readStdin: async () => text })).diagnostics).toEqual([]);
  });
});

describe("size limit (maxBytes, default 50 MB)", () => {
  it("a file over the limit is refused from its size, before it is read", async () => {
    const huge = path.join(WORK, "huge.yaml");
    writeFileSync(huge, MINIMAL);
    truncateSync(huge, 60 * 1024 * 1024); // sparse: 60 MB on paper, nothing on disk
    const started = performance.now();
    const loaded = await loadSpec(huge);
    expect(performance.now() - started).toBeLessThan(500);
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`APIGEN_INPUT_TOO_LARGE ${huge} is 60 MB, over the limit of 50 MB`]);
    expect(loaded.diagnostics[0]!.help).toContain("--max-input-bytes");
    expect(loaded.diagnostics[0]!.help).toContain("maxInputBytes in apigen.config");
  });

  it.each([
    { name: "a file", input: () => bad("not-openapi.yaml"), maxBytes: 10, code: "APIGEN_INPUT_TOO_LARGE" },
    { name: "a file under the limit", input: () => bad("not-openapi.yaml"), maxBytes: 10_000, code: "APIGEN_NOT_OPENAPI" },
    { name: "standard input", input: () => "-", maxBytes: 10, code: "APIGEN_INPUT_TOO_LARGE" },
  ])("maxBytes applies to $name", async ({ input, maxBytes, code }) => {
    const loaded = await loadSpec(input(), { maxBytes, readStdin: async () => MINIMAL });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual([code]);
  });

  it("a $ref'd file over the limit is reported at the $ref", async () => {
    const dir = path.join(WORK, "big-ref");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.yaml"), `${MINIMAL}components:\n  schemas:\n    Big:\n      $ref: "./big.yaml"\n`);
    writeFileSync(path.join(dir, "big.yaml"), `type: object\ndescription: "${"x".repeat(400)}"\n`);
    const loaded = await loadSpec(path.join(dir, "openapi.yaml"), { maxBytes: 300 });
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)}`)).toEqual(["APIGEN_INPUT_TOO_LARGE 9:13"]);
  });

  it("something that is not a regular file is read as a stream and cut off at the limit", async () => {
    const loaded = await loadSpec("/dev/zero", { maxBytes: 1024 * 1024 });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["APIGEN_INPUT_TOO_LARGE"]);
  });
});

describe("inputs", () => {
  it("standard input is read through the readStdin option", async () => {
    const loaded = await loadSpec("-", { readStdin: async () => MINIMAL });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec!.source.file).toBe("<stdin>");
  });

  it.each([
    { input: "nope/missing.yaml", code: "APIGEN_INPUT_NOT_READABLE", message: "no such file: nope/missing.yaml" },
    { input: FIXTURES, code: "APIGEN_INPUT_NOT_READABLE", message: `${FIXTURES} is a directory` },
    { input: "ftp://example.com/spec.yaml", code: "APIGEN_INPUT_NOT_READABLE", message: "only local files, http(s) URLs and - (standard input) are read, not ftp: URLs" },
  ])("$input -> $code", async ({ input, code, message }) => {
    const loaded = await loadSpec(input);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual([code]);
    expect(loaded.diagnostics[0]!.message).toContain(message);
  });

  it.each([
    { options: { allowRemoteRefs: ["ftp://example.com/"] }, message: 'allowRemoteRefs entry "ftp://example.com/" is not an http(s) URL' },
    { options: { allowRemoteRefs: ["schemas/"] }, message: 'allowRemoteRefs entry "schemas/" is not an http(s) URL' },
    { options: { maxBytes: 0 }, message: "maxBytes must be a positive number of bytes, not 0" },
    { options: { timeoutMs: -1 }, message: "timeoutMs must be a number of milliseconds (0 for none), not -1" },
  ])("bad option $options -> APIGEN_INVALID_OPTION", async ({ options, message }) => {
    const loaded = await loadSpec(bad("not-openapi.yaml"), options);
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([["APIGEN_INVALID_OPTION", message]]);
  });

  it("relative $refs from standard input are refused at the $ref", async () => {
    const text = `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "./a.yaml"\n`;
    const loaded = await loadSpec("-", { readStdin: async () => text });
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.position?.file}:${where(d)}`)).toEqual(["APIGEN_EXTERNAL_REF_FROM_STDIN <stdin>:9:13"]);
  });
});

describe("local $refs stay inside the spec's folder tree", () => {
  it("a $ref out of the folder is refused at the $ref, naming the file", async () => {
    const loaded = await loadSpec(bad("ref-outside-folder.yaml"));
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)} ${d.pointer}`)).toEqual([
      "APIGEN_REF_REFUSED 15:23 #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
    ]);
    expect(loaded.diagnostics[0]!.message).toContain("is outside the spec's folder");
    expect(loaded.diagnostics[0]!.help).toContain("allowFilesOutside");
  });

  it("allowFilesOutside: true lets it through", async () => {
    const loaded = await loadSpec(bad("ref-outside-folder.yaml"), { allowFilesOutside: true });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec!.files).toHaveLength(3); // pet.yaml $refs common.yaml beside it
  });

  it("a symbolic link inside the folder cannot lead out of it", async () => {
    const dir = path.join(WORK, "symlink");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.yaml"), `${MINIMAL}components:\n  schemas:\n    Pet:\n      $ref: "./linked.yaml"\n`);
    writeFileSync(path.join(WORK, "outside.yaml"), "type: object\n");
    symlinkSync(path.join(WORK, "outside.yaml"), path.join(dir, "linked.yaml"));
    const loaded = await loadSpec(path.join(dir, "openapi.yaml"));
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)}`)).toEqual(["APIGEN_REF_REFUSED 9:13"]);
    expect((await loadSpec(path.join(dir, "openapi.yaml"), { allowFilesOutside: true })).diagnostics).toEqual([]);
  });

  it("a remote $ref nobody allowed is refused without any request, once per URL", async () => {
    const loaded = await loadSpec(bad("ref-remote.yaml"));
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)} ${d.message}`)).toEqual([
      "APIGEN_REF_REFUSED 15:23 remote $ref to https://schemas.example.com/pet.yaml refused: remote $refs are not allowed (and 1 more $ref to it)",
    ]);
  });

  it.each([
    { ref: "file:///etc/passwd", code: "APIGEN_REF_REFUSED" },
    { ref: "ftp://example.com/a.yaml", code: "APIGEN_REF_REFUSED" },
    { ref: "./missing.yaml#/A", code: "APIGEN_REF_NOT_FOUND" },
    { ref: "../specs/3.1/external-refs/schemas/common.yaml#/Nope", code: "APIGEN_REF_REFUSED" },
  ])("$ref -> $code at the $ref", async ({ ref, code }) => {
    const dir = path.join(WORK, "refs");
    mkdirSync(dir, { recursive: true });
    const spec = path.join(dir, `${ref.replace(/\W+/g, "_")}.yaml`);
    writeFileSync(spec, `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "${ref}"\n`);
    const loaded = await loadSpec(spec);
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)}`)).toEqual([`${code} 9:13`]);
  });

  it("a missing file is reported once, at its first $ref, counting the others", async () => {
    const dir = path.join(WORK, "missing-twice");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.yaml"), `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "./gone.yaml#/A"\n    B:\n      $ref: "./gone.yaml#/B"\n`);
    const loaded = await loadSpec(path.join(dir, "openapi.yaml"));
    expect(loaded.diagnostics.map((d) => `${d.code} ${where(d)} ${d.message}`)).toEqual([
      `APIGEN_REF_NOT_FOUND 9:13 $ref "./gone.yaml#/A": no such file: ${path.relative(process.cwd(), path.join(dir, "gone.yaml"))} (and 1 more $ref to it)`,
    ]);
  });

  it("a syntax error in a $ref'd file is reported in that file", async () => {
    const dir = path.join(WORK, "broken-ref");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.yaml"), `${MINIMAL}components:\n  schemas:\n    A:\n      $ref: "./broken.yaml"\n`);
    writeFileSync(path.join(dir, "broken.yaml"), "type: object\nproperties:\n  a: {type: string\n");
    const loaded = await loadSpec(path.join(dir, "openapi.yaml"));
    expect(loaded.diagnostics[0]!.code).toBe("APIGEN_PARSE_ERROR");
    expect(loaded.diagnostics[0]!.position!.file).toBe(path.relative(process.cwd(), path.join(dir, "broken.yaml")));
  });

  it("a pointer that names nothing in an existing file is reported at the $ref", async () => {
    const dir = path.join(FIXTURES, "specs", "3.1", "external-refs");
    const spec = path.join(dir, "openapi.yaml");
    const text = readFileSync(spec, "utf8").replace("./schemas/pet.yaml", "./schemas/common.yaml#/Nope");
    const copyDir = path.join(WORK, "pointer");
    rmSync(copyDir, { recursive: true, force: true });
    cpSync(dir, copyDir, { recursive: true });
    writeFileSync(path.join(copyDir, "openapi.yaml"), text);
    const loaded = await loadSpec(path.join(copyDir, "openapi.yaml"));
    expect(loaded.diagnostics.map((d) => d.code)).toContain("APIGEN_REF_NOT_FOUND");
    expect(loaded.diagnostics.find((d) => d.code === "APIGEN_REF_NOT_FOUND")!.message).toContain("has no #/Nope");
  });
});
