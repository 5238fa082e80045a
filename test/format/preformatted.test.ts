/**
 * Templates marked `preformatted` (the handler scaffolds, problem.gen.ts, Nest's controllers) print Prettier's default layout and are
 * not formatted again when no Prettier style is configured and their code lines fit
 * (src/format/print-width.ts). The claim is checked here the way a user's `prettier --check`
 * would: every such file apigen emits for the fixtures and for GitHub's spec is run through
 * Prettier and must come back unchanged. A configured style still formats them.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { buildOutput } from "../../src/generate.js";
import { callStatement, codeLinesFit, namedImport, objectMember } from "../../src/format/print-width.js";
import { FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";

const OUT = path.join(SCRATCH, "preformatted");

async function preformattedFiles(spec: string): Promise<{ path: string; contents: string }[]> {
  const built = await buildOutput({ spec, out: OUT, format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", server: "nest" });
  expect(built.ok, `${spec}: ${JSON.stringify(built.diagnostics.slice(0, 2))}`).toBe(true);
  return built.files.filter((f) => f.preformatted);
}

describe("preformatted templates", () => {
  it("lays out a call statement as Prettier does, on one line or one argument per line", async () => {
    for (const name of ["short", "a".repeat(55), "a".repeat(56), "a".repeat(57), "a".repeat(90)]) {
      const statement = `    ${callStatement("throw notImplemented", [JSON.stringify(name)], "    ")}`;
      const source = `function f() {\n  {\n${statement}\n  }\n}\n`;
      expect(await prettier.format(source, { parser: "typescript" }), name).toBe(source);
    }
  });

  it("lays out an object member and a type import as Prettier does, on one line or broken", async () => {
    // `  op: { 404: <name> };` is 16 columns besides the name: around 80 it must break exactly where Prettier does.
    for (const width of [20, 79, 80, 81, 100]) {
      const name = `T${"x".repeat(width - 17)}`;
      const member = `  ${objectMember("op", [`404: ${name}`], "  ", ";", ";")}`;
      const twoMembers = `  ${objectMember("op", [`404: ${name}`, "default: Err"], "  ", ";", ";")}`;
      const property = `  ${objectMember("Key", [`status: "${name}"`, 'contentType: "x"'], "  ", ",", ",")}`;
      const source = `${namedImport([name, "Other"], '"./m.js"', { typeOnly: true })}\n${namedImport([name, "Third"], '"./n.js"')}\n${namedImport([`${name}Alone`], '"./o.js"')}\n\ninterface I {\n${member}\n${twoMembers}\n}\n\nconst c = {\n${property}\n} as const;\n`;
      // Where even a broken line is too long, Prettier breaks further: such a file is left to it.
      expect(codeLinesFit(source), name).toBe(width < 90);
      if (!codeLinesFit(source)) continue;
      expect(await prettier.format(source, { parser: "typescript" }), name).toBe(source);
    }
  });

  it("lays out Nest controller methods as Prettier does, for operation names and paths of every length around the breaks", async () => {
    // operationIds of 3 to 90 characters cross each width-dependent choice of the controller
    // (nest/hooks.ts methodLayout): the request parameter's decorator, its type, the return
    // statement; paths of 2 to 89 characters cross the route decorator's. Past 80 columns a name
    // or a path cannot be broken (print-width.ts UNBREAKABLE_LINE): the layout must still be Prettier's.
    const paths: Record<string, unknown> = {};
    for (let length = 3; length <= 90; length++) {
      const id = `op${"x".repeat(length - 2)}`;
      paths[`/r${"p".repeat(length - 3)}`] = { get: { operationId: id, tags: ["sweep"], responses: { "204": { description: "done" } } } };
    }
    mkdirSync(OUT, { recursive: true });
    const spec = path.join(OUT, "..", "preformatted-sweep.json");
    writeFileSync(spec, JSON.stringify({ openapi: "3.1.0", info: { title: "sweep", version: "1" }, paths }));
    const [controller] = (await preformattedFiles(spec)).filter((f) => f.path.endsWith(".controller.gen.ts"));
    expect(controller!.contents.match(/@Get\(/g)?.length).toBe(88);
    expect(codeLinesFit(controller!.contents)).toBe(true);
    expect(await prettier.format(controller!.contents, { parser: "typescript" })).toBe(controller!.contents);
  });

  it("takes a line Prettier cannot break (a string, a name, a callee) as fitting, and nothing else", () => {
    const long = "x".repeat(90);
    for (const line of [`    "/${long}",`, `    api.${long}Contract,`, `      api.${long}<Principal>`, `      this.#handlers.${long}(`, `  ${long},`, `import { ${long} } from "./x.js";`]) expect(codeLinesFit(line), line).toBe(true);
    for (const line of [`    request: Parameters<api.${long}<Principal>>[0],`, `    return respond(() => this.#handlers.${long}(request));`, `  "${long}": 1,`, `    api.${long}<A, B>`, `import { ${long}, B } from "./x.js";`]) expect(codeLinesFit(line), line).toBe(false);
  });

  it("counts only code lines, and no line with non-ASCII text as fitting", () => {
    expect(codeLinesFit(`/**\n * ${"x".repeat(200)}\n */\nconst a = 1;\n// ${"y".repeat(100)}\n`)).toBe(true);
    expect(codeLinesFit(`const a = "${"x".repeat(80)}";\n`)).toBe(false);
    expect(codeLinesFit(`const a = "日本";\n`)).toBe(false);
  });

  it("prints the handler scaffolds, problem.gen.ts and Nest controllers of every fixture and GitHub's spec exactly as Prettier formats them", { timeout: 120_000 }, async () => {
    const specs = ["3.0", "3.1", "3.2"].flatMap((version) =>
      readdirSync(path.join(FIXTURES, "specs", version))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(FIXTURES, "specs", version, f)),
    );
    specs.push(path.join(REPO, "examples", "orders-api", "openapi.yaml"), path.join(REPO, "node_modules/@octokit/openapi/generated/api.github.com.json"));
    let checked = 0;
    let tooLong = 0;
    for (const spec of specs) {
      for (const file of await preformattedFiles(spec)) {
        if (!codeLinesFit(file.contents)) {
          tooLong++;
          continue;
        }
        checked++;
        expect(await prettier.format(file.contents, { parser: "typescript" }), `${path.basename(spec)}: ${file.path}`).toBe(file.contents);
      }
    }
    console.log(`${checked} handler, problem and controller files as Prettier prints them; ${tooLong} left to Prettier (a code line passes 80 columns)`);
    expect(checked).toBeGreaterThan(150);
  });

  it("formats them when the output folder has a Prettier style of its own", async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, ".prettierrc"), JSON.stringify({ singleQuote: true }));
    const spec = path.join(REPO, "examples", "orders-api", "openapi.yaml");
    const built = await buildOutput({ spec, out: OUT, format: { mode: "auto", prettierMaxBytes: 128 * 1024 }, command: "apigen generate", server: "express" });
    expect(built.ok).toBe(true);
    const handlers = built.files.filter((f) => f.path.startsWith("handlers/"));
    expect(handlers.length).toBeGreaterThan(0);
    for (const file of handlers) {
      expect(file.contents).toContain("throw notImplemented('");
      expect(file.contents).not.toContain('throw notImplemented("');
    }
    rmSync(OUT, { recursive: true, force: true });
  });
});
