/** The escaping layer, one given/want table per context (src/emit/escape.ts): untrusted spec text in, safe code out. */
import { describe, expect, it } from "vitest";
import { commentText, inlineCode, jsDocLines, jsonLiteral, jsonLiteralType, markdownText, oneLine, shellQuote, stringLiteral, typePropertyKey, urlText, valuePropertyKey } from "../../src/emit/escape.js";

describe("escaping per context", () => {
  it.each([
    ["a quote and a backslash", 'a"b\\c', '"a\\"b\\\\c"'],
    ["a line break", "a\nb", '"a\\nb"'],
    ["U+2028 and U+2029 (line terminators in older parsers)", "a\u2028b\u2029c", '"a\\u2028b\\u2029c"'],
    ["a template literal's syntax stays text", "${process.exit()}`", '"${process.exit()}`"'],
  ])("stringLiteral: %s", (_name, given, want) => {
    expect(stringLiteral(given)).toBe(want);
    expect(eval(want)).toBe(given); // it reads back as the same text
  });

  it.each([
    ["an identifier stays bare", "name", "name", "name"],
    ["a dash is quoted", "x-rate-limit", '"x-rate-limit"', '"x-rate-limit"'],
    ["a leading digit is quoted", "1st", '"1st"', '"1st"'],
    ["__proto__ is computed in a value (a plain key would set the prototype)", "__proto__", '"__proto__"', '["__proto__"]'],
    ["a quote inside", 'a"b', '"a\\"b"', '"a\\"b"'],
  ])("property keys: %s", (_name, given, typeKey, valueKey) => {
    expect(typePropertyKey(given)).toBe(typeKey);
    expect(valuePropertyKey(given)).toBe(valueKey);
  });

  it.each([
    ["a comment close cannot end the block", "a */ b", ["a *\\/ b"]],
    ["CRLF and U+2028 split lines; trailing spaces go", "a  \r\nb\u2028c", ["a", "b", "c"]],
  ])("jsDocLines: %s", (_name, given, want) => expect(jsDocLines(given)).toEqual(want));

  it.each([
    ["line breaks become visible escapes", "a\nb\r", "a\\u000ab\\u000d"],
    ["a comment close", "a */ b", "a *\\/ b"],
  ])("commentText: %s", (_name, given, want) => expect(commentText(given)).toBe(want));

  it("oneLine keeps */ (it is for // comments and strings shown as text), commentText does not", () => {
    expect(oneLine("a */")).toBe("a */");
    expect(commentText("a */")).toBe("a *\\/");
  });

  it.each([
    // JSON.parse makes __proto__ an own key, as a spec's JSON or YAML does.
    ["nested keys that need quoting and __proto__", '{"a-b": [1, null, "x"], "__proto__": 1}', '{ "a-b": [1, null, "x"], ["__proto__"]: 1 }', '{ "a-b": readonly [1, null, "x"]; "__proto__": 1 }'],
    ["an empty object", "{}", "{}", "Record<string, never>"],
  ])("jsonLiteral / jsonLiteralType: %s", (_name, given, value, type) => {
    expect(jsonLiteral(JSON.parse(given))).toBe(value);
    expect(jsonLiteralType(JSON.parse(given))).toBe(type);
  });

  it.each([
    ["markup characters are escaped, lines joined", "# *Hi* [x](y)\n<b>", "\\# \\*Hi\\* \\[x\\]\\(y\\) \\<b\\>"],
  ])("markdownText: %s", (_name, given, want) => expect(markdownText(given)).toBe(want));

  it.each([
    ["a backtick run needs a longer fence", "a``b", "```a``b```"],
    ["an edge backtick gets padding", "`a", "`` `a ``"],
  ])("inlineCode: %s", (_name, given, want) => expect(inlineCode(given)).toBe(want));

  it.each([
    ["a single quote closes, escapes and reopens", "it's $(rm -rf)", "'it'\\''s $(rm -rf)'"],
  ])("shellQuote: %s", (_name, given, want) => expect(shellQuote(given)).toBe(want));

  it.each([
    ["spaces, quotes and backticks are encoded; %XX kept", "https://x/a b\"`%41", "https://x/a%20b%22%60%41"],
    ["a lone % is encoded", "100%", "100%25"],
    ["a lone surrogate becomes U+FFFD", "a\uD800", "a%EF%BF%BD"],
  ])("urlText: %s", (_name, given, want) => expect(urlText(given)).toBe(want));
});
