/**
 * One part of a multipart/form-data body (./multipart.ts): its name as the sender meant it, what
 * the form plan says of its field, the 415 of a part type `encoding.contentType` does not allow,
 * and the problems that point at a part.
 */
import type { ProblemError } from "../problem-details.js";
import { mediaRangeMatches } from "./body.js";
import type { FieldPlan, FormPlan } from "./form.js";
import { HttpProblemError, reasonPhrase } from "./problems.js";

/**
 * A part's name or file name as the sender meant it: browsers (and the generated client) write
 * `"`, CR and LF in them as %22, %0D and %0A (HTML's multipart/form-data encoding).
 */
export function unescapeName(name: string): string {
  return name.indexOf("%") === -1 ? name : name.replace(/%(22|0D|0A)/gi, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
}

export function isFileField(field: FieldPlan | undefined): boolean {
  return field === "file" || (typeof field === "object" && "array" in field && field.array === "file");
}

export function isArrayField(field: FieldPlan | undefined): boolean {
  return typeof field === "object" && "array" in field;
}

/** The 415 problem of a part whose media type `encoding.contentType` does not allow. */
export function checkPartType(plan: FormPlan, name: string, mimeType: string, isFile: boolean): ProblemError | undefined {
  const allowed = plan.partTypes?.[name];
  if (allowed === undefined) return undefined;
  // A text part without a Content-Type is text/plain (RFC 7578); busboy says so too.
  const essence = (mimeType || (isFile ? "application/octet-stream" : "text/plain")).toLowerCase();
  if (allowed.some((range) => mediaRangeMatches(range, essence))) return undefined;
  const message = `The part's content type ${essence} is not allowed; use ${allowed.join(", ")}.`;
  return partProblem(415, "UNSUPPORTED_MEDIA_TYPE", message, `/body/${escapeToken(name)}`, {}, `Part ${JSON.stringify(name)}: ${message}`);
}

export function partProblem(status: number, code: string, message: string, pointer: string, headers: Record<string, string> = {}, detail = message): ProblemError {
  return new HttpProblemError({ type: "about:blank", title: reasonPhrase(status), status, detail, code, errors: [{ pointer, message }] }, headers);
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function addValue(out: Record<string, string | string[]>, key: string, value: string): void {
  const seen = out[key];
  if (seen === undefined) out[key] = value;
  else if (typeof seen === "string") out[key] = [seen, value];
  else seen.push(value);
}
