/**
 * Content negotiation (RFC 9110 section 12.5.1): a 406 when the request's Accept header
 * accepts none of the media types the operation's success responses can have.
 */
import { essenceOf, mediaRangeMatches } from "./body.js";
import type { OperationContract } from "./types.js";

/** One media range of an Accept header. */
export interface AcceptRange {
  /** `type/subtype`, lower-case, possibly with wildcards. */
  range: string;
  q: number;
  /** 0 for `*\/*`, 1 for `type/*`, 2 for a full type: the most specific range decides. */
  specificity: number;
}

/** Parses an Accept header; ranges with a malformed q count as q=1, like most servers. */
export function parseAccept(header: string): AcceptRange[] {
  const out: AcceptRange[] = [];
  for (const part of header.split(",")) {
    const [typePart = "", ...params] = part.split(";");
    const range = typePart.trim().toLowerCase();
    if (!range.includes("/")) continue;
    let q = 1;
    for (const param of params) {
      const [name = "", value = ""] = param.split("=");
      if (name.trim().toLowerCase() !== "q") continue;
      const parsed = Number(value.trim());
      if (!Number.isNaN(parsed)) q = Math.min(Math.max(parsed, 0), 1);
    }
    out.push({ range, q, specificity: range === "*/*" ? 0 : range.endsWith("/*") ? 1 : 2 });
  }
  return out;
}

/**
 * The media types the success responses (2XX and `default`) can be sent as, lower-cased
 * essences; undefined when some success response has no content, so any Accept is fine.
 */
export function successMediaTypes(contract: OperationContract): string[] | undefined {
  const types = new Set<string>();
  for (const status in contract.responses) {
    if (!(status === "default" || status.startsWith("2"))) continue;
    const declared = contract.responses[status]?.contentTypes ?? [];
    if (declared.length === 0) return undefined;
    for (const type of declared) types.add(essenceOf(type));
  }
  return types.size === 0 ? undefined : [...types];
}

/** The quality the Accept ranges give an offered type: that of its most specific matching range. */
function qualityOf(ranges: readonly AcceptRange[], offered: string): number {
  let best: AcceptRange | undefined;
  for (const range of ranges) {
    if (mediaRangeMatches(range.range, offered) || (offered.endsWith("/*") && mediaRangeMatches(offered, range.range))) {
      if (!best || range.specificity > best.specificity) best = range;
    }
  }
  return best ? best.q : 0;
}

/**
 * Whether an Accept header accepts at least one offered media type. A missing or empty header
 * accepts everything; so does an Accept that names no valid range at all.
 */
export function isAcceptable(accept: string | undefined, offered: readonly string[] | undefined): boolean {
  if (offered === undefined || accept === undefined || accept === "" || accept === "*/*") return true;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return true;
  for (const type of offered) if (qualityOf(ranges, type) > 0) return true;
  return false;
}
