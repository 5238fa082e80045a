import { parse, type ParseError, ParseErrorCode } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceText } from "./source-text.js";

/**
 * Why a `.json` file is not JSON, in JSON's words and at the first place it breaks. JSON.parse
 * says too little (V8 omits the position for some errors), so the text is read again with
 * jsonc-parser in strict mode (no comments, no trailing commas), which reports each error with its
 * offset. Only the first error is reported: the ones after it are usually its echoes.
 */
export function jsonSyntaxError(source: SourceText, fallback: string): Diagnostic {
  const errors: ParseError[] = [];
  parse(source.text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first?.offset ?? 0;
  return {
    code: "APIGEN_PARSE_ERROR",
    severity: "error",
    message: `not valid JSON: ${first ? describe(first, source.text) : fallback}`,
    pointer: "",
    position: source.positionAtOffset(offset),
    help: "The file is named .json, so it is read as strict JSON: double-quoted strings and names, no comments, no trailing commas. Fix the syntax here, or rename the file to .yaml if it is meant to be YAML.",
  };
}

function describe(error: ParseError, text: string): string {
  const at = text.slice(error.offset, error.offset + Math.max(error.length, 1));
  switch (error.error) {
    case ParseErrorCode.InvalidCommentToken:
      return "comments are not allowed in JSON";
    case ParseErrorCode.InvalidSymbol:
      if (at.startsWith("'")) return "strings take double quotes in JSON, not single quotes";
      return `unexpected ${JSON.stringify(at.slice(0, 20))}`;
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected:
      if (/^[}\]]/.test(at) && /,\s*$/.test(text.slice(0, error.offset))) return "a trailing comma is not allowed in JSON";
      if (error.error === ParseErrorCode.PropertyNameExpected) return at.startsWith("'") ? "property names take double quotes in JSON" : "expected a double-quoted property name";
      return error.offset >= text.length ? "expected a value, found the end of the file" : "expected a value";
    case ParseErrorCode.ColonExpected:
      return "expected ':' after the property name";
    case ParseErrorCode.CommaExpected:
      return "expected ',' between values";
    case ParseErrorCode.CloseBraceExpected:
      return "expected '}' (the object is not closed)";
    case ParseErrorCode.CloseBracketExpected:
      return "expected ']' (the array is not closed)";
    case ParseErrorCode.EndOfFileExpected:
      return "unexpected text after the end of the JSON value";
    case ParseErrorCode.UnexpectedEndOfString:
      return "the string is not closed";
    case ParseErrorCode.UnexpectedEndOfComment:
      return "comments are not allowed in JSON";
    case ParseErrorCode.UnexpectedEndOfNumber:
    case ParseErrorCode.InvalidNumberFormat:
      return "invalid number";
    case ParseErrorCode.InvalidUnicode:
    case ParseErrorCode.InvalidEscapeCharacter:
      return "invalid escape sequence in a string";
    case ParseErrorCode.InvalidCharacter:
      return "a control character in a string must be escaped";
    default:
      return "syntax error";
  }
}
