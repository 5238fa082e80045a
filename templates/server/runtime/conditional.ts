/**
 * Conditional requests (RFC 9110 section 13): ETags for representations, `If-None-Match` for
 * 304 on reads and `If-Match` for 412 on writes (lost-update protection).
 */
import { base64url } from "./bytes.js";
import { sha256 } from "./digest.js";
import { preconditionFailed } from "./problems.js";
import type { Preconditions } from "./types.js";

/** A strong ETag for a JSON value: `"` + 27 characters of base64url SHA-256 of its JSON + `"`. */
export function etagOf(value: unknown): string {
  const json = JSON.stringify(value) ?? "";
  return `"${base64url(sha256([json])).slice(0, 27)}"`;
}

/** The entity tags of an `If-Match`/`If-None-Match` list, as written (`W/"a"`, `"b"`), or `*`. */
export function parseEtagList(header: string): string[] {
  const out: string[] = [];
  const pattern = /\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/gy;
  for (let match = pattern.exec(header); match && match[0] !== ""; match = pattern.exec(header)) out.push(match[1] as string);
  return out;
}

const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

/** If-None-Match: weak comparison (a weak and a strong tag with the same value match). */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  const current = opaque(etag.trim());
  for (const tag of parseEtagList(header)) if (tag === "*" || opaque(tag) === current) return true;
  return false;
}

/** If-Match: strong comparison (weak tags never match), `*` matches any current representation. */
export function ifMatchMatches(header: string, etag: string): boolean {
  const current = etag.trim();
  if (current.startsWith("W/")) return parseEtagList(header).includes("*");
  for (const tag of parseEtagList(header)) if (tag === "*" || tag === current) return true;
  return false;
}

/** The preconditions of a request without `If-Match`: nothing to check. Shared, not allocated per request. */
export const NO_PRECONDITIONS: Preconditions = { ifMatch() {} };

/** The preconditions helper of a request that sent `If-Match`. */
export class IfMatchPreconditions implements Preconditions {
  readonly header: string;

  constructor(header: string) {
    this.header = header;
  }

  /** Throws the 412 problem unless `If-Match` matches `currentEtag`. */
  ifMatch(currentEtag: string): void {
    if (!ifMatchMatches(this.header, currentEtag)) throw preconditionFailed();
  }
}

/** The helper for a request's `If-Match` header (a no-op when absent: the spec decides whether it is required). */
export function preconditionsFor(ifMatch: string | string[] | undefined): Preconditions {
  if (ifMatch === undefined) return NO_PRECONDITIONS;
  return new IfMatchPreconditions(Array.isArray(ifMatch) ? ifMatch.join(", ") : ifMatch);
}
