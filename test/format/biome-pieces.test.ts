/**
 * Big files are formatted by Biome in pieces cut between top-level statements
 * (src/format/top-level-chunks.ts): Biome's cost grows faster than a file's size. The pieces must
 * give the bytes the whole file gives. Here: every TypeScript file apigen emits for the fixtures
 * (cut into ~2 KB pieces, so nearly every statement boundary is a cut) and GitHub's big files
 * (cut as a real run cuts them), each formatted both ways; and a file whose cut lands inside a
 * template literal, which must fall back to formatting it whole.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOutput } from "../../src/generate.js";
import { formatWithBiome } from "../../src/format/biome-format.js";
import { joinFormatted, splitTopLevel } from "../../src/format/top-level-chunks.js";
import { TEMPLATES_DIR } from "../../src/templates-dir.js";
import { FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";

const BIOME_CONFIG = path.join(TEMPLATES_DIR, "biome");
const WHOLE = Number.MAX_SAFE_INTEGER;

/** The TypeScript apigen formats (not the runtime it copies), unformatted, for one spec. */
async function emitted(spec: string, extra: object = {}): Promise<{ path: string; contents: string }[]> {
  const built = await buildOutput({ spec, out: path.join(SCRATCH, "biome-pieces"), format: { mode: "none", prettierMaxBytes: 0 }, command: "apigen generate", client: true, server: "fastify", ...extra });
  expect(built.ok, JSON.stringify(built.diagnostics.slice(0, 3))).toBe(true);
  return built.files.filter((f) => f.path.endsWith(".ts") && !f.verbatim);
}

describe("Biome formats a file in pieces exactly as it formats it whole", () => {
  it("splits at top-level boundaries only, and the pieces join back into the text", () => {
    const text = 'import x from "y";\n\nexport const a = 1;\n\n  indented();\n\n/** doc */\nexport type B = string;\n\n}\n\n// note\nconst c = 2;\n';
    const pieces = splitTopLevel(text, 1);
    expect(pieces).toEqual(['import x from "y";\n', "export const a = 1;\n\n  indented();\n", "/** doc */\nexport type B = string;\n\n}\n", "// note\nconst c = 2;\n"]);
    expect(joinFormatted(pieces)).toBe(text);
    expect(splitTopLevel(text, WHOLE)).toEqual([text]);
  });

  it("for every TypeScript file emitted for the fixtures", { timeout: 120_000 }, async () => {
    const specs = ["3.0", "3.1", "3.2"].flatMap((version) =>
      readdirSync(path.join(FIXTURES, "specs", version))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(FIXTURES, "specs", version, f)),
    );
    specs.push(path.join(REPO, "examples", "orders-api", "openapi.yaml"));
    const files = (await Promise.all(specs.flatMap((spec) => ["fastify", "nest"].map((server) => emitted(spec, { server }))))).flat();
    expect(files.length).toBeGreaterThan(100);
    const cut = files.map((f) => splitTopLevel(f.contents, 2048).length).filter((n) => n > 1);
    console.log(`${files.length} files, ${cut.length} of them cut, into ${cut.reduce((a, b) => a + b, 0)} pieces`);
    expect(cut.length).toBeGreaterThan(50);
    const [inPieces, whole] = await Promise.all([formatWithBiome(files, {}, BIOME_CONFIG, 2048), formatWithBiome(files, {}, BIOME_CONFIG, WHOLE)]);
    for (let i = 0; i < files.length; i++) expect(inPieces[i], files[i]!.path).toBe(whole[i]);
  });

  it("for GitHub's big files, cut as a generate run cuts them", { timeout: 180_000 }, async () => {
    const spec = path.join(REPO, "node_modules/@octokit/openapi/generated/api.github.com.json");
    const big = (await emitted(spec, { lint: undefined })).filter((f) => f.contents.length > 128 * 1024);
    expect(big.map((f) => f.path).sort()).toEqual(["client-schemas.gen.ts", "client.gen.ts", "fastify/app.gen.ts", "models.gen.ts", "schemas.gen.ts", "server/contract.gen.ts"]);
    const [inPieces, whole] = await Promise.all([formatWithBiome(big, {}, BIOME_CONFIG), formatWithBiome(big, {}, BIOME_CONFIG, WHOLE)]);
    for (let i = 0; i < big.length; i++) expect(inPieces[i] === whole[i], big[i]!.path).toBe(true);
  });

  it("formats a file whole when a cut lands inside a statement (the piece does not parse)", async () => {
    const text = "export const banner = `line one\n\nexport const not = 'code';\n`;\n\nexport   const after   =   1\n";
    expect(splitTopLevel(text, 1).length).toBe(3);
    const [inPieces] = await formatWithBiome([{ path: "t.ts", contents: text }], {}, BIOME_CONFIG, 1);
    const [whole] = await formatWithBiome([{ path: "t.ts", contents: text }], {}, BIOME_CONFIG, WHOLE);
    expect(inPieces).toBe(whole);
    expect(whole).toContain("export const after = 1;");
  });
});

describe("Biome reads everything apigen emits", () => {
  it("formats Nest controllers (parameter decorators) when they are above the Prettier limit", async () => {
    const spec = path.join(REPO, "examples", "orders-api", "openapi.yaml");
    const built = await buildOutput({ spec, out: path.join(SCRATCH, "biome-nest"), format: { mode: "auto", prettierMaxBytes: 0 }, command: "apigen generate", server: "nest" });
    expect(built.ok).toBe(true);
    const controller = built.files.find((f) => f.path === "nest/orders.controller.gen.ts")!;
    expect(controller.contents).toContain("@nest.ValidatedRequest()");
  });

  it("names the generated file, not its temporary copy, when a file does not parse", async () => {
    const failure = formatWithBiome([{ path: "server/broken.gen.ts", contents: "export const = ;\n" }], {}, BIOME_CONFIG);
    await expect(failure).rejects.toThrow(/Biome could not format server\/broken\.gen\.ts: [\s\S]*server\/broken\.gen\.ts/);
    await expect(failure).rejects.not.toThrow(/apigen-format-/);
  });
});
