import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import ts from "typescript";
import { parseDocument } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/config-schema.js";
import { findSpec, init, InitError, terminalPrompt, type ConfigFormat } from "../../src/init/init.js";
import { SCRATCH } from "../helpers/paths.js";

const ROOT = path.join(SCRATCH, "init", String(process.pid));
const SPEC = "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\npaths: {}\n";
const FORMATS: ConfigFormat[] = ["ts", "mjs", "json", "yaml"];

let count = 0;
/** A fresh project folder (inside the repo, so typescript resolves from it) holding `files`. */
function project(files: Record<string, string> = {}): string {
  const dir = path.join(ROOT, `p${++count}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const noQuestions = async (question: string): Promise<string> => {
  throw new Error(`asked: ${question}`);
};

/** The config object a written file holds, read the way each format is meant to be read. */
function readConfig(file: string): unknown {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".json")) return JSON.parse(text);
  if (file.endsWith(".yaml")) {
    const doc = parseDocument(text);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    return doc.toJS();
  }
  // .ts / .mjs: must parse without a single syntax diagnostic...
  const parsed = ts.transpileModule(text, { fileName: path.basename(file), reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
  expect(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  // ...and evaluate to the config (CommonJS output, with a stand-in for the apigen package).
  const cjs = ts.transpileModule(text, { fileName: "config.ts", compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const exports: { default?: unknown } = {};
  const require = (name: string) => {
    expect(name).toBe("apigen");
    return { defineConfig: (c: unknown) => c };
  };
  new Function("require", "exports", cjs.outputText)(require, exports);
  return exports.default;
}

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe("findSpec", () => {
  it("takes the first candidate that looks like an OpenAPI document", () => {
    expect(findSpec(project({ "swagger.json": '{"swagger":"2.0"}', "openapi.yml": SPEC }))).toBe("openapi.yml");
    expect(findSpec(project({ "api.yaml": SPEC, "docs/openapi.yaml": SPEC }))).toBe("api.yaml");
    expect(findSpec(project({ "docs/openapi.json": '{"openapi":"3.0.3"}', "spec/openapi.yaml": SPEC }))).toBe("spec/openapi.yaml");
    // api.json that is not a spec (say, a fixture) is skipped.
    expect(findSpec(project({ "api.json": '{"users":[]}', "docs/openapi.json": '{"openapi":"3.0.3"}' }))).toBe("docs/openapi.json");
    expect(findSpec(project({ "README.md": "# hi" }))).toBeUndefined();
  });
});

describe("init", () => {
  it("finds the spec, asks nothing when not interactive, and writes apigen.config.ts by default", async () => {
    const dir = project({ "spec/openapi.yaml": SPEC });
    const result = await init({ cwd: dir, interactive: false, prompt: noQuestions });
    expect(result).toEqual({ file: path.join(dir, "apigen.config.ts"), nextCommand: "npx apigen generate" });
    const config = ConfigSchema.parse(readConfig(result.file));
    expect(config).toEqual({ jobs: [{ input: "spec/openapi.yaml", output: "src/api", client: true, format: "auto", lint: {} }], allowRemoteRefs: [], allowFilesOutside: false });
  });

  it.each(FORMATS)("writes a valid, commented (but .json) %s config that the config schema accepts", async (format) => {
    const dir = project({ "openapi.json": '{"openapi":"3.1.0"}' });
    const { file } = await init({ cwd: dir, format, out: "generated/api", interactive: false });
    expect(path.basename(file)).toBe(`apigen.config.${format}`);
    const config = ConfigSchema.parse(readConfig(file));
    expect(config.jobs).toEqual([{ input: "openapi.json", output: "generated/api", client: true, format: "auto", lint: {} }]);
    const text = readFileSync(file, "utf8");
    if (format === "json") expect(text).not.toMatch(/\/\/|#/);
    else expect(text.split("\n").filter((line) => /^\s*(#|\/\/) \S/.test(line)).length).toBeGreaterThan(10);
    if (format === "mjs") {
      const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    }
  });

  it.each(FORMATS)("escapes a hostile spec path in the %s config", async (format) => {
    const hostile = `we"ird\\ 'name' \`tick\` \${x} */ # : - {a} \t\n\u2028\u0085 end.yaml`;
    const dir = project({ [`specs/${hostile}`]: SPEC });
    const { file } = await init({ cwd: dir, spec: `specs/${hostile}`, format, interactive: false });
    const config = ConfigSchema.parse(readConfig(file));
    expect(config.jobs[0]!.input).toBe(`specs/${hostile}`);
  });

  it("refuses to overwrite an existing config, of any format", async () => {
    const dir = project({ "openapi.yaml": SPEC, "apigen.config.json": '{"keep":"me"}' });
    for (const format of FORMATS) {
      await expect(init({ cwd: dir, format, interactive: false })).rejects.toThrow(InitError);
    }
    await expect(init({ cwd: dir, interactive: false })).rejects.toThrow(/apigen\.config\.json already exists/);
    expect(readFileSync(path.join(dir, "apigen.config.json"), "utf8")).toBe('{"keep":"me"}');

    const again = project({ "openapi.yaml": SPEC });
    await init({ cwd: again, format: "yaml", interactive: false });
    const first = readFileSync(path.join(again, "apigen.config.yaml"), "utf8");
    await expect(init({ cwd: again, format: "yaml", out: "elsewhere", interactive: false })).rejects.toThrow(InitError);
    expect(readFileSync(path.join(again, "apigen.config.yaml"), "utf8")).toBe(first);
  });

  it("fails without asking when not interactive and no spec is found or the given one is missing", async () => {
    const dir = project({ "README.md": "# no spec here" });
    await expect(init({ cwd: dir, interactive: false, prompt: noQuestions })).rejects.toThrow(/no OpenAPI document found.*--spec/s);
    await expect(init({ cwd: dir, spec: "missing.yaml", interactive: false, prompt: noQuestions })).rejects.toThrow(/no such file: missing\.yaml/);
    expect(() => readFileSync(path.join(dir, "apigen.config.ts"))).toThrow();
  });

  it("asks for what the options leave open when interactive, with the found spec as the default", async () => {
    const dir = project({ "openapi.yaml": SPEC, "docs/api.yaml": SPEC });
    const asked: [string, string][] = [];
    // A typo in the spec path (asked again), then a bad yes/no answer (asked again).
    const answers = ["nope.yaml", "docs/api.yaml", "lib/client", "maybe", "n", "yml"];
    const prompt = async (question: string, defaultAnswer: string) => {
      asked.push([question, defaultAnswer]);
      return answers.shift()!;
    };
    const { file } = await init({ cwd: dir, interactive: true, prompt });
    expect(asked.map(([, d]) => d)).toEqual(["openapi.yaml", "openapi.yaml", "src/api", "y", "y", "ts"]);
    expect(asked[1]![0]).toMatch(/No such file: nope\.yaml/);
    expect(path.basename(file)).toBe("apigen.config.yaml");
    expect(ConfigSchema.parse(readConfig(file)).jobs).toEqual([{ input: "docs/api.yaml", output: "lib/client", client: false, format: "auto", lint: {} }]);
  });

  it("asks nothing the options already answer, except whether to generate the client", async () => {
    const dir = project({ "openapi.yaml": SPEC });
    const asked: string[] = [];
    await init({ cwd: dir, spec: "openapi.yaml", out: "out", format: "json", interactive: true, prompt: async (q) => (asked.push(q), "") });
    expect(asked).toEqual(["Generate the typed client too? (y/n)"]);
  });

  it("end of input (Ctrl-D) at a question cancels init with its own error, and writes nothing", async () => {
    const dir = project({ "openapi.yaml": SPEC });
    const input = new PassThrough();
    const terminal = terminalPrompt(input, new PassThrough());
    // The first answer arrives; the second question sees the end of input.
    const running = init({ cwd: dir, interactive: true, prompt: async (q, d) => {
      const answer = terminal.prompt(q, d);
      if (q.startsWith("Path")) input.write("openapi.yaml\n");
      else input.end();
      return answer;
    } });
    await expect(running).rejects.toThrow(InitError);
    await expect(running).rejects.toThrow(/cancelled.*nothing was written/);
    await expect(terminal.prompt("again?", "")).rejects.toThrow(InitError);
    terminal.close();
    expect(() => readFileSync(path.join(dir, "apigen.config.ts"))).toThrow();
  });
});
