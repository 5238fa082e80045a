import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { linearMatcher, specPattern } from "../../templates/core/runtime/spec-pattern.js";

/** Patterns that backtrack catastrophically (or quadratically) in V8, from the literature and from specs. */
const DANGEROUS = ["^(a+)+$", "^(a|aa)+$", "^(a|a?)+$", "^(\\w+\\s?)+$", "^\\d+\\d+x$", "[a-z]+@", "a+b", "^([a-z0-9]+-?)*[a-z0-9]$", "^(.*a){12}$", "^(a{1,30}){1,30}$"];
/** Patterns a backtracking matcher runs in linear time: they stay native (no NFA). */
const SAFE = ["^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", "^\\+[1-9][0-9]{6,14}$", "^[0-9]{4}$", "^ORD-[0-9]{8}$", "^[a-z0-9-]+$", "^\\p{L}+$", "^[A-Z][A-Z0-9_]*$", "abc", "[A-Z]{3}"];

describe("core runtime: spec patterns", () => {
  it("keeps native matching for patterns that backtrack linearly, and takes the NFA for the others", () => {
    for (const source of SAFE) expect(linearMatcher(source, true), source).toBeNull();
    for (const source of DANGEROUS) expect(linearMatcher(source, true), source).toBeTypeOf("function");
    // Backreferences and lookarounds have no NFA form: native, and said so in the file comment.
    expect(linearMatcher("^(a+)\\1$", true)).toBeNull();
    expect(linearMatcher("^(?=a)(a+)+$", true)).toBeNull();
  });

  it("answers as the native RegExp does (property-based, both modes)", () => {
    const sources = [...DANGEROUS, ...SAFE, "^(foo|bar)+baz$", "\\bcat\\b", "^x*$", "^(?:a|b|)c{2,}$", "^[^a-c]*[\\s\\S]?$", "(?<year>\\d{4})-\\d{2}", "^.{2,5}$", "^[😀-😂]+$", "a{2}b{,3}", "^\\u0041+\\x42\\cJ?$", "^(a*)*$", "()", "|a"];
    const alphabet = fc.constantFrom("a", "b", "c", "x", "1", "-", " ", "@", "\n", "A", "_", "😀", "é", "{", ",", "}");
    for (const source of sources) {
      for (const flags of ["u", ""]) {
        let native: RegExp;
        try {
          native = new RegExp(source, flags);
        } catch {
          continue;
        }
        const linear = specPattern(source, flags);
        fc.assert(
          fc.property(fc.array(alphabet, { maxLength: 14 }), (chars) => {
            const input = chars.join("");
            expect(linear.test(input), `/${source}/${flags} on ${JSON.stringify(input)}`).toBe(native.test(input));
          }),
          { numRuns: 300, seed: 11 },
        );
      }
    }
  });

  it("bounds the time of a catastrophic pattern by the input's length", () => {
    // Natively `^(a+)+$` on 30 characters takes seconds, and each added character doubles it;
    // `[a-z]+@` on 100 kB takes a minute. Here each is one linear pass: 100k characters in well under 1 s.
    for (const [source, input] of [
      ["^(a+)+$", "a".repeat(100_000) + "!"],
      ["[a-z]+@", "a".repeat(100_000)],
      ["^(\\w+\\s?)+$", "word ".repeat(20_000) + "!"],
    ] as const) {
      const started = performance.now();
      expect(specPattern(source, "u").test(input)).toBe(false);
      expect(performance.now() - started, source).toBeLessThan(1000);
    }
  });

  it("past its bound on DFA states, falls back to the NFA simulation with the same answers", () => {
    // The DFA of `a[ab]{12}$` searched anywhere needs 2^13 states, over the bound of 2000.
    const source = "[ab]*a[ab]{12}$";
    const linear = specPattern(source, "u");
    const native = new RegExp(source, "u");
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b"), { minLength: 200, maxLength: 400 }), (chars) => {
        const input = chars.join("");
        expect(linear.test(input)).toBe(native.test(input));
        expect(linear.test(`${input}c`)).toBe(false);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it("works as a zod regex check, with zod's own issue", () => {
    const schema = z.string().regex(specPattern("^(a+)+$", "u"));
    expect(schema.safeParse("aaa").success).toBe(true);
    const failed = schema.safeParse("a".repeat(5_000) + "!");
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]).toMatchObject({ code: "invalid_format", format: "regex", pattern: "/^(a+)+$/u" });
  });
});
