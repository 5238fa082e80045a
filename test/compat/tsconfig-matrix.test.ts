/**
 * The tsconfig matrix (README, "Compatibility"): every output apigen writes (core, client, the
 * client package, each server pack) compiles in projects stricter or older than apigen's own.
 * Generated once: the example spec and three fixtures of many shapes (composition: discriminated
 * unions, allOf, additionalProperties; recursive: z.lazy with optional keys; the 3.2 one: QUERY
 * and streams), each with
 * `--client --server <pack>` for every pack, plus the example as a client package. Then one real
 * tsc run per variant, over all of it at once (TypeScript 7 where it has the option, 5.9 for the
 * `moduleResolution: node10` it removed).
 *
 * Each run also compiles a small canary file with one line per option the variant claims, each an
 * error only while that option is on; the test expects exactly those errors and nothing else. So a
 * variant whose option silently stopped applying fails, as does any error in the generated code.
 */
import { spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO, SCRATCH, TSC7 } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { writeTypeEqualityCheck } from "../helpers/type-equality.js";
import { writeCheckedViews } from "../../scripts/checked-views.mjs";

const TSC5 = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const ROOT = path.join(SCRATCH, "compat");
/** ESM consumers: the nearest package.json is the repository's (`"type": "module"`). */
const ESM = path.join(ROOT, "esm");
/** CommonJS consumers: the same outputs under a `"type": "commonjs"` package.json. */
const CJS = path.join(ROOT, "cjs");
const PACKS = ["express", "fastify", "nest", "hono"] as const;
const SPECS = [
  { name: "example", spec: path.join(REPO, "examples", "orders-api", "openapi.yaml") },
  { name: "composition", spec: path.join(FIXTURES, "specs", "3.1", "composition.yaml") },
  { name: "recursive", spec: path.join(FIXTURES, "specs", "3.1", "recursive.yaml") },
  // OpenAPI 3.2: a QUERY route in every pack, streaming operations in the client.
  { name: "openapi-3-2", spec: path.join(FIXTURES, "specs", "3.2", "openapi-3-2.yaml") },
];

/** What every variant starts from: the strictest settings a team is likely to use. */
const STRICTEST = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  allowUnreachableCode: false,
  allowUnusedLabels: false,
  skipLibCheck: true,
  noEmit: true,
  // Only Nest's files have decorators; its tsconfig needs these (README, NEST_COMPILER_OPTIONS).
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};
const ESM_NODENEXT = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: ["node"] };

/** One canary line per option: an error only while the option is on (`code` is tsc's). */
interface Canary {
  option: string;
  code: string;
  line: string;
}
const STRICT_CANARIES: Canary[] = [
  { option: "strict", code: "TS7006", line: "export function implicitAny(x) { return x; }" },
  { option: "noUncheckedIndexedAccess", code: "TS2322", line: "export const first: number = [1][0];" },
  { option: "exactOptionalPropertyTypes", code: "TS2375", line: "export const exact: { a?: number } = { a: undefined };" },
  { option: "noPropertyAccessFromIndexSignature", code: "TS4111", line: "export const fromIndex = ({} as Record<string, number>).key;" },
  { option: "noUnusedLocals", code: "TS6133", line: "const unusedLocal = 1;" },
  { option: "noUnusedParameters", code: "TS6133", line: "export function unusedParameter(p: number): void {}" },
];
const VERBATIM_CANARY: Canary = { option: "verbatimModuleSyntax", code: "TS1484", line: 'import { RequestListener } from "node:http"; export type Listener = RequestListener;' };

interface Variant {
  name: string;
  compiler: string;
  /** Where the config and its canary are written: the canary is a module of that folder's kind. */
  dir: string;
  include: string[];
  options: Record<string, unknown>;
  canaries: Canary[];
}

const VARIANTS: Variant[] = [
  {
    name: "strictest, ESM, module nodenext (+ verbatimModuleSyntax)",
    compiler: TSC7,
    dir: ESM,
    include: ["*/**/*.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT, verbatimModuleSyntax: true },
    canaries: [...STRICT_CANARIES, VERBATIM_CANARY],
  },
  {
    // What Node's type stripping and similar loaders run: every output but Nest's, whose
    // decorators need tsc's emit anyway (parameter properties with @Inject are idiomatic there).
    name: "erasableSyntaxOnly, every output but Nest's",
    compiler: TSC7,
    dir: ESM,
    include: ["*-express/**/*.ts", "*-fastify/**/*.ts", "package/**/*.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT, verbatimModuleSyntax: true, erasableSyntaxOnly: true },
    canaries: [{ option: "erasableSyntaxOnly", code: "TS1294", line: "export enum NotErasable { A }" }],
  },
  {
    // The client's entry and what it imports (models.gen.ts, runtime/client/): the part published
    // as a package. The zod schema modules (schemas.gen.ts, client-schemas.gen.ts, problem.gen.ts,
    // and the server's contract, which imports them) cannot: their types are zod's inference.
    name: "isolatedDeclarations, the client",
    compiler: TSC7,
    dir: ESM,
    include: ["*/client.gen.ts", "*/client.gen.checked.ts", "*/models.gen.checked.ts", "*/runtime/client/*.checked.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT, verbatimModuleSyntax: true, isolatedDeclarations: true, declaration: true },
    canaries: [{ option: "isolatedDeclarations", code: "TS9010", line: "export const inferred = [1].map((n) => n);" }],
  },
  {
    name: "bundler (module esnext, moduleResolution bundler)",
    compiler: TSC7,
    dir: ESM,
    include: ["*/**/*.ts"],
    options: { ...STRICTEST, target: "ES2022", module: "ESNext", moduleResolution: "bundler", types: ["node"], verbatimModuleSyntax: true },
    canaries: [...STRICT_CANARIES, VERBATIM_CANARY],
  },
  {
    name: "CommonJS package (module nodenext, package.json type commonjs)",
    compiler: TSC7,
    dir: CJS,
    include: ["*/**/*.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT },
    canaries: [...STRICT_CANARIES, { option: "CommonJS module", code: "TS1470", line: "export const metaUrl = import.meta.url;" }],
  },
  {
    name: "module commonjs (TypeScript 7: moduleResolution bundler)",
    compiler: TSC7,
    dir: CJS,
    include: ["*/**/*.ts"],
    options: { ...STRICTEST, target: "ES2022", module: "CommonJS", moduleResolution: "bundler", types: ["node"] },
    canaries: [...STRICT_CANARIES, { option: "CommonJS module", code: "TS1343", line: "export const metaUrl = import.meta.url;" }],
  },
  {
    // TypeScript 7 removed node10 resolution; 5.9 projects still use it. One pack's output is enough
    // for what this adds (resolution of the same imports), and 5.9 is slower.
    name: "module commonjs, moduleResolution node10, esModuleInterop (TypeScript 5.9)",
    compiler: TSC5,
    dir: CJS,
    include: ["example-express/**/*.ts"],
    options: { ...STRICTEST, target: "ES2022", module: "CommonJS", moduleResolution: "node10", esModuleInterop: true, types: ["node"] },
    canaries: [...STRICT_CANARIES, { option: "CommonJS module", code: "TS1343", line: "export const metaUrl = import.meta.url;" }],
  },
  {
    name: "minimum lib: target and lib ES2020, Node types",
    compiler: TSC7,
    dir: ESM,
    include: ["*/**/*.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT, target: "ES2020", lib: ["ES2020"] },
    // (Node's types add Array#at, so the canary is the ES2022 Error option the issue names.)
    canaries: [{ option: "lib ES2020", code: "TS2554", line: 'export const withCause = new Error("x", { cause: 1 });' }],
  },
  {
    // The client and the schemas also run in browsers: ES2020 and the DOM, no Node types at all.
    name: "minimum lib: the client and schemas with lib ES2020 + DOM, no Node types",
    compiler: TSC7,
    dir: ESM,
    include: ["*/client.gen.ts", "*/client-schemas.gen.ts", "*/problem.gen.ts", "*/type-equality.ts", "*/*.gen.checked.ts", "*/runtime/*.checked.ts", "*/runtime/client/*.checked.ts"],
    options: { ...STRICTEST, ...ESM_NODENEXT, target: "ES2020", lib: ["ES2020", "DOM"], types: [] },
    canaries: [
      { option: "lib ES2020", code: "TS2550", line: "export const last = [1].at(-1);" },
      { option: "no Node types", code: "TS2591", line: "export const env = process.env;" },
    ],
  },
];

/** Writes the variant's config and canary, runs its compiler; returns the diagnostics, one per line. */
function compile(variant: Variant, index: number): string[] {
  const canary = `canary-${index}.ts`;
  writeFileSync(path.join(variant.dir, canary), variant.canaries.map((c) => c.line).join("\n") + "\n");
  const config = path.join(variant.dir, `tsconfig.variant-${index}.json`);
  // Sub-folders only (`*/...`), so the other variants' canaries stay out.
  writeFileSync(config, JSON.stringify({ compilerOptions: variant.options, include: [...variant.include, canary] }, null, 2));
  // Run from the variant's folder: tsc names files relative to the working directory.
  const result = spawnSync(process.execPath, [variant.compiler, "-p", config, "--pretty", "false"], { cwd: variant.dir, encoding: "utf8" });
  // Only the first line of each diagnostic: the rest elaborates it.
  return `${result.stdout}${result.stderr}`.split("\n").filter((l) => /error TS\d+/.test(l));
}

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  for (const { name, spec } of SPECS) {
    for (const pack of PACKS) {
      const out = path.join(ESM, `${name}-${pack}`);
      const result = runCli(["generate", spec, "--out", out, "--client", "--server", pack, "--no-lint", "--format", "none"]);
      if (result.status !== 0) throw new Error(`generate ${name} --server ${pack} failed:\n${result.stderr}`);
      // z.infer of every schema stays identical to its DTO type under these options too.
      await writeTypeEqualityCheck(spec, out);
      // The @ts-nocheck files compile checked under each variant as well.
      writeCheckedViews(out);
    }
  }
  // A consumer of the client under the strictest options: optional options and input parts take
  // an explicit undefined (exactOptionalPropertyTypes), as values passed through from elsewhere do.
  writeFileSync(
    path.join(ESM, "example-express", "consumer.ts"),
    `import { createClient } from "./client.gen.js";
export async function consume(limit: number | undefined, signal: AbortSignal | undefined, token: string | undefined): Promise<string[]> {
  const api = createClient({ baseUrl: undefined, timeoutMs: undefined, retry: { retries: undefined }, auth: { bearerAuth: token }, hooks: { onError: undefined } });
  const page = await api.orders.listOrders({ query: { limit, cursor: undefined } }, { signal, timeoutMs: undefined, idempotencyKey: undefined, accept: undefined });
  await api.system.getHealth({ query: undefined }, { headers: undefined });
  return page.data.map((o) => o.number);
}
`,
  );
  const pkg = runCli(["generate", SPECS[0]!.spec, "--out", path.join(ESM, "package"), "--client-package", "@acme/orders-client", "--no-lint", "--format", "none"]);
  if (pkg.status !== 0) throw new Error(`generate --client-package failed:\n${pkg.stderr}`);
  writeCheckedViews(path.join(ESM, "package"));
  // The client package is ESM only (its own package.json says so): not copied to the CommonJS side.
  cpSync(ESM, CJS, { recursive: true, filter: (source) => source !== path.join(ESM, "package") });
  writeFileSync(path.join(CJS, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
}, 300_000);

describe("every output compiles under each tsconfig variant", () => {
  it.each(VARIANTS.map((v, i) => [v.name, v, i] as const))("%s", (_name, variant, index) => {
    const diagnostics = compile(variant, index);
    const canary = `canary-${index}.ts`;
    const fromOutput = diagnostics.filter((d) => !d.startsWith(canary));
    expect(fromOutput, "errors in generated code").toEqual([]);
    // Each canary line fails with its option's error: the option really applied in this run.
    const expected = variant.canaries.map((c, i) => `${canary}(${i + 1}) ${c.code} (${c.option})`);
    const actual = variant.canaries.map((c, i) => {
      const hit = diagnostics.find((d) => d.startsWith(`${canary}(${i + 1},`) && d.includes(`error ${c.code}:`));
      return hit ? `${canary}(${i + 1}) ${c.code} (${c.option})` : `${canary}(${i + 1}) no ${c.code}: ${diagnostics.filter((d) => d.startsWith(`${canary}(${i + 1},`)).join(" | ") || "no error"} (${c.option})`;
    });
    expect(actual).toEqual(expected);
    expect(diagnostics.length, diagnostics.join("\n")).toBe(variant.canaries.length);
  });

  it("the client package builds with the tsconfig.json it ships", () => {
    const result = spawnSync(process.execPath, [TSC7, "-p", path.join(ESM, "package", "tsconfig.json"), "--noEmit", "--pretty", "false"], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
    expect(result.status).toBe(0);
  });
});
