/**
 * Every rule has its section in docs/lint/rules.md, and SARIF's helpUri for it lands on that
 * section (issue 16); the tables of the page and of the README list every rule, in registry order,
 * with its default severity (the README's had lost one).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatSarif } from "../../src/lint/format-sarif.js";
import { RULES } from "../../src/lint/registry.js";
import { REPO } from "../helpers/paths.js";

const page = readFileSync(path.join(REPO, "docs", "lint", "rules.md"), "utf8");

/** GitHub's heading anchors: lowercase, punctuation other than - and _ dropped, spaces to -. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

/** The text of each `## ` section, by its anchor. */
const sections = new Map(
  page
    .split(/^## /m)
    .slice(1)
    .map((s) => [anchor(s.split("\n")[0]!), s] as const),
);

describe("rule documentation", () => {
  it.each(RULES.map((r) => r.id))("%s has a section with why, an example, the fix and how to turn it off", (id) => {
    const section = sections.get(id);
    expect(section, `docs/lint/rules.md has no "## ${id}"`).toBeDefined();
    for (const part of ["Why:", "Triggers it:", "Fix:", "Turn it off:", `"${id}": "off"`]) expect(section).toContain(part);
  });

  it("the rules tables of docs/lint/rules.md and of the README list every rule with its default severity, in registry order", () => {
    const expected = RULES.map((r) => `${r.id} ${r.severity}`);
    const pageRows = [...page.matchAll(/^\| \[([a-z0-9-]+)\]\(#[a-z0-9-]+\) \| (\w+) \|$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(pageRows).toEqual(expected);
    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("### Rules"), readme.indexOf("\n### ", readme.indexOf("### Rules") + 1));
    const readmeRows = [...table.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(readmeRows).toEqual(expected);
  });

  it("SARIF gives every rule a helpUri whose anchor is a section of the page", () => {
    const sarif = JSON.parse(formatSarif([], "0.0.0"));
    const rules = sarif.runs[0].tool.driver.rules as { id: string; helpUri: string }[];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of rules) {
      // The link points into this repository's page, at a section that exists.
      const [base, fragment] = rule.helpUri.split("#");
      expect(base).toMatch(/\/docs\/lint\/rules\.md$/);
      expect(sections.has(fragment!), `${rule.id}: #${fragment} is not a section of docs/lint/rules.md`).toBe(true);
    }
  });
});
