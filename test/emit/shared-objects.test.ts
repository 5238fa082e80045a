/**
 * Repeated inline objects are declared once in schemas.gen.ts (src/emit/core/shared-objects.ts).
 * The oracle is the unshared output: putting every shared object back where it is used must give
 * the same text, byte for byte, for every fixture and GitHub's spec. Each shared object is
 * declared before its first use, and nothing inside z.lazy is shared (it may name later schemas).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCoreView, type CoreView } from "../../src/emit/core/core-view.js";
import { ObjectPool } from "../../src/emit/core/shared-objects.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";
import { resolveNames } from "../../src/resolve/resolve-names.js";
import { FIXTURES, REPO } from "../helpers/paths.js";

const GITHUB = path.join(REPO, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
const fixtures = ["3.0", "3.1", "3.2"].flatMap((v) =>
  readdirSync(path.join(FIXTURES, "specs", v))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(FIXTURES, "specs", v, f)),
);

async function views(spec: string): Promise<{ shared: CoreView; inline: CoreView }> {
  const { api } = normalizeDocument((await loadSpec(spec)).spec!);
  const names = resolveNames(api);
  return { shared: buildCoreView(api, names, ""), inline: buildCoreView(api, names, "", { shareObjects: false }) };
}

/** The declarations with every shared object's name replaced by its text, indented where it lands. */
function inlined(view: CoreView): { name: string; expression: string }[] {
  const shared = new Map<string, string>();
  const out: { name: string; expression: string }[] = [];
  const expand = (text: string): string =>
    text.replace(/\bsharedObject\d+\b/g, (name, offset: number) => {
      const body = shared.get(name);
      // Declared before every use: a name not yet declared would be a use before its declaration.
      if (body === undefined) throw new Error(`${name} used before it is declared`);
      const indent = /^ */.exec(text.slice(text.lastIndexOf("\n", offset) + 1))![0];
      return body.replace(/\n/g, `\n${indent}`);
    });
  for (const d of view.schemas.declarations) {
    if (d.shared) shared.set(d.name, expand(d.expression));
    else out.push({ name: d.name, expression: expand(d.expression) });
  }
  return out;
}

describe("shared inline objects", () => {
  it.each(fixtures.map((f) => [path.relative(FIXTURES, f), f]))("%s: the same schemas as printed in place", async (_name, spec) => {
    const { shared, inline } = await views(spec);
    expect(inlined(shared)).toEqual(inline.schemas.declarations.map((d) => ({ name: d.name, expression: d.expression })));
  });

  it("GitHub: the same schemas as printed in place, a third smaller", async () => {
    const { shared, inline } = await views(GITHUB);
    expect(inlined(shared)).toEqual(inline.schemas.declarations.map((d) => ({ name: d.name, expression: d.expression })));
    const size = (v: CoreView) => v.schemas.declarations.reduce((n, d) => n + d.expression.length, 0);
    expect(shared.schemas.declarations.filter((d) => d.shared).length).toBeGreaterThan(50);
    expect(size(shared)).toBeLessThan(size(inline) * 0.75);
  }, 60_000);

  it("shares an object used twice and long enough; not a short one, not one inside z.lazy", () => {
    const long = `z.object({\n${Array.from({ length: 12 }, (_, i) => `  property${i}: z.string(),`).join("\n")}\n})`;
    const pool = new ObjectPool();
    const a = pool.token(long);
    const short = pool.token("z.object({\n  id: z.number(),\n})");
    const lazyOnly = pool.token(long.replace("property0", "other0"));
    const { expressions, shared } = pool.resolve([
      { text: `z.array(${short})`, lazy: false },
      { text: a, lazy: false },
      { text: `z.union([${a}, ${short}])`, lazy: false },
      { text: `z.lazy(() => ${lazyOnly})`, lazy: true },
      { text: `z.lazy(() => ${lazyOnly})`, lazy: true },
    ]);
    expect(shared).toEqual([{ name: "sharedObject1", expression: long, before: 1, uses: 2 }]);
    expect(expressions[1]).toBe("sharedObject1");
    expect(expressions[2]).toBe("z.union([sharedObject1, z.object({\n  id: z.number(),\n})])");
    expect(expressions[3]).toContain("other0");
  });

  it("an object inside a shared one is used once per parent, not once per copy", () => {
    const inner = `z.object({\n${Array.from({ length: 12 }, (_, i) => `  inner${i}: z.string(),`).join("\n")}\n})`;
    const pool = new ObjectPool();
    const child = pool.token(inner);
    const parent = pool.token(`z.object({\n  child: ${child},\n${Array.from({ length: 10 }, (_, i) => `  outer${i}: z.boolean(),`).join("\n")}\n})`);
    const { expressions, shared } = pool.resolve([
      { text: parent, lazy: false },
      { text: parent, lazy: false },
    ]);
    // The child appears only inside the one shared parent: printed there, not shared on its own.
    expect(shared.map((s) => s.name)).toEqual(["sharedObject1"]);
    expect(shared[0]!.expression).toContain("  child: z.object({\n    inner0: z.string(),");
    expect(expressions).toEqual(["sharedObject1", "sharedObject1"]);
  });
});
