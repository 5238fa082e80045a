/**
 * Word lists and heuristics behind the judgement rules (verbs in paths, plural collections).
 * They err on the side of silence: a word that is as often a noun as a verb ("search",
 * "check", "status") is not a verb here. Users extend them in the config (`lint.words`).
 */

/** Words that make a path segment an action. */
export const DEFAULT_VERBS = [
  "get", "list", "create", "update", "delete", "remove", "add", "set", "fetch", "find", "retrieve", "modify", "edit",
  "change", "make", "do", "execute", "exec", "run", "rerun", "cancel", "approve", "reject", "merge", "send", "start", "stop",
  "restart", "enable", "disable", "activate", "deactivate", "reset", "validate", "verify", "generate", "upload",
  "download", "sync", "copy", "move", "rename", "revoke", "refresh", "trigger", "submit", "publish", "unpublish",
  "unarchive", "unlock", "transfer", "subscribe", "unsubscribe", "login", "logout", "signin", "signout", "signup",
  "register", "unregister", "assign", "unassign", "invite", "calculate", "compute", "convert", "resend", "render",
  "compare", "apply", "replace", "dismiss", "suspend", "unsuspend", "redeliver", "ping", "accept", "decline", "reopen",
  "pause", "resume",
];

/** Nouns that also read as verbs; never treated as verbs. */
export const DEFAULT_NON_VERBS = [
  "search", "check", "status", "import", "export", "lock", "star", "watch", "review", "release", "deploy", "build",
  "install", "share", "access", "support", "report", "request", "response", "event", "record",
];

/** Words that are plural (or uncountable, so fine as a collection) without ending in -s. */
export const DEFAULT_PLURALS = [
  "people", "children", "men", "women", "data", "media", "criteria", "metadata", "information", "feedback", "software",
  "hardware", "equipment", "news", "series", "species", "staff", "sheep", "fish", "analytics", "config", "content",
  "inventory", "history", "audit", "billing", "traffic", "search", "stuff", "mail", "email", "spam", "auth", "me",
];

/** Words ending in -s that are singular. */
export const DEFAULT_SINGULARS = ["kubernetes", "status", "address", "access", "process", "business", "class", "alias", "bus", "analysis", "basis", "canvas", "census", "campus", "virus", "bonus", "corpus", "focus", "radius", "gas", "lens", "atlas", "axis", "thesis"];

export interface WordLists {
  verbs: Set<string>;
  nonVerbs: Set<string>;
  plurals: Set<string>;
  singulars: Set<string>;
}

/** The lists in use: the defaults plus what the config adds (a word in nonVerbs wins over verbs). */
export function wordLists(extra: { verbs?: string[]; nonVerbs?: string[]; plurals?: string[]; singulars?: string[] } = {}): WordLists {
  const lower = (xs: string[] = []) => xs.map((x) => x.toLowerCase());
  return {
    verbs: new Set([...DEFAULT_VERBS, ...lower(extra.verbs)]),
    nonVerbs: new Set([...DEFAULT_NON_VERBS, ...lower(extra.nonVerbs)]),
    plurals: new Set([...DEFAULT_PLURALS, ...lower(extra.plurals)]),
    singulars: new Set([...DEFAULT_SINGULARS, ...lower(extra.singulars)]),
  };
}

/** `checkRuns`, `check-runs`, `check_runs` -> `["check", "runs"]`. */
export function splitWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Verbs that are also nouns and, first in a compound whose last word is a plural noun, qualify it
 * (`login_links`, `upload-urls`, `transfer_reversals`): the segment names things, not an action.
 */
const NOUN_MODIFIER_VERBS = new Set(["login", "logout", "signin", "signup", "upload", "download", "transfer", "sync", "invite", "ping", "refresh"]);

/** Whether a static path segment names an action: its first word is a verb (and the segment is not a listed noun). */
export function isVerbSegment(segment: string, words: WordLists): boolean {
  const lower = segment.toLowerCase();
  if (words.nonVerbs.has(lower)) return false;
  const list = splitWords(segment);
  const first = list[0];
  if (first === undefined || !words.verbs.has(first) || words.nonVerbs.has(first)) return false;
  // `login_links`: the verb is a modifier of a plural head noun. `rerun-failed-jobs` stays a verb
  // (rerun is no noun), and so does `login` alone.
  return !(list.length > 1 && NOUN_MODIFIER_VERBS.has(first) && pluralityOf(segment, words) === "plural");
}

/**
 * Whether a segment reads as a plural noun, by its last word: `plural` when it ends in -s (not
 * -ss, -us or -is) or is listed, `singular` when listed or otherwise, and `unknown` for a word
 * ending in a digit or of two letters (`oauth1`, `v2`, `me`-like codes), which is not judged.
 */
export function pluralityOf(segment: string, words: WordLists): "plural" | "singular" | "unknown" {
  const list = splitWords(segment);
  const last = list[list.length - 1];
  if (last === undefined) return "unknown";
  if (words.plurals.has(last) || words.plurals.has(segment.toLowerCase())) return "plural";
  if (words.singulars.has(last)) return "singular";
  if (/\d$/.test(last) || last.length <= 2) return "unknown"; // version tags, codes
  return /[^siu]s$/.test(last) ? "plural" : "singular";
}

/** Not known to be singular: what plural-collections accepts (a word it cannot judge passes). */
export function isPluralSegment(segment: string, words: WordLists): boolean {
  return pluralityOf(segment, words) !== "singular";
}
