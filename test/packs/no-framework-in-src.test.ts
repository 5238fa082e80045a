/**
 * Issue 17's line: src/ knows no framework. Everything one framework needs (route syntax, class
 * names, decorators) lives in its pack's folder (templates/<pack>/, hooks included), so a new
 * pack never needs a change in src/. English words that are also framework names ("cannot
 * express", "schemas nest") are allowed in lower case; names in code, strings and proper nouns
 * are not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/paths.js";

const FRAMEWORKS = /\b(Express|Fastify|fastify|Nest|NestJS|nestjs|Hono|hono|TanStack|tanstack|Koa|koa)\b|\b(express|nest)(?=[A-Z_.:"'`/-])|["'`/](express|nest)\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("src/ has no framework in it", () => {
  it("names no framework in code, strings or comments", () => {
    const found = sourceFiles(path.join(REPO, "src")).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (line.match(FRAMEWORKS) ? [`${path.relative(REPO, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("the pattern finds what it must (so the first test can fail)", () => {
    for (const line of ['nestDecorator: "Get"', 'app.get(expressPath)', "import fastify from 'fastify'", "// Nest needs metadata", '"express"']) expect(line.match(FRAMEWORKS), line).not.toBeNull();
    for (const line of ["types cannot express", "real specs nest deeply", "expression"]) expect(line.match(FRAMEWORKS), line).toBeNull();
  });
});
