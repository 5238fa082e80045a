/**
 * Its own module: the runtime loads it only when response validation finds a mismatch, so a
 * client that does not validate responses does not carry it.
 */

/** One schema violation, located by a JSON Pointer into the response body (`/items/0/id`). */
export interface ValidationIssue {
  pointer: string;
  message: string;
}

/** A response body that does not match its schema (only with `validateResponses`). */
export class ResponseValidationError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly issues: ValidationIssue[];

  constructor(operation: string, status: number, issues: ValidationIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `${i.pointer || "(root)"}: ${i.message}`);
    if (issues.length > 3) shown.push(`${issues.length - 3} more`);
    super(`${operation}: response ${status} does not match its schema: ${shown.join("; ")}`);
    this.name = "ResponseValidationError";
    this.operation = operation;
    this.status = status;
    this.issues = issues;
  }
}

/** A JSON Pointer (RFC 6901) from a schema issue path: `["items", 0, "id"]` → `/items/0/id`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
