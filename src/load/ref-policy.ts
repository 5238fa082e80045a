import { realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Where an external `$ref` may lead. A spec is untrusted input: by default local files are read
 * only inside the root spec's folder tree and nothing is fetched from the network. The caller can
 * widen that with `allowFilesOutside` and with URL prefixes in `allowRemoteRefs`.
 */
export interface RefPolicy {
  allowFilesOutside: boolean;
  /** Normalised prefixes (absolute http(s) URLs). */
  allowRemoteRefs: readonly URL[];
}

/** Where a document came from: its base for relative `$ref`s. */
export type DocLocation = { kind: "file"; path: string } | { kind: "url"; url: string } | { kind: "stdin" };

export type RefTarget =
  | { ok: true; location: { kind: "file"; path: string } | { kind: "url"; url: string }; key: string; fragment: string }
  | {
      ok: false;
      code: "APIGEN_REF_REFUSED" | "APIGEN_EXTERNAL_REF_FROM_STDIN" | "APIGEN_REF_NOT_FOUND";
      reason: string;
      /** For a refused URL: where it leads (a document already read, such as the spec itself, needs no fetch). */
      resolved?: { location: { kind: "url"; url: string }; key: string; fragment: string };
    };

/** Parses `allowRemoteRefs` entries; returns the problems with the ones that are not http(s) URLs. */
export function parseRemotePrefixes(prefixes: readonly string[]): { prefixes: URL[]; problems: string[] } {
  const parsed: URL[] = [];
  const problems: string[] = [];
  for (const prefix of prefixes) {
    let url: URL | undefined;
    try {
      url = new URL(prefix);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      problems.push(`allowRemoteRefs entry ${JSON.stringify(prefix)} is not an http(s) URL`);
      continue;
    }
    url.hash = "";
    parsed.push(url);
  }
  return { prefixes: parsed, problems };
}

/**
 * Whether a URL is under one of the allowed prefixes. The origin must match exactly (so
 * `https://api.example.com` does not admit `https://api.example.com.evil.test`), then the
 * normalised URL must start with the prefix (dot segments are already resolved by URL parsing).
 */
export function remoteAllowed(url: URL, prefixes: readonly URL[]): boolean {
  return prefixes.some((prefix) => url.origin === prefix.origin && url.href.startsWith(prefix.href));
}

export function remoteRefusal(url: URL, prefixes: readonly URL[]): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.href}: only http and https URLs are fetched`;
  if (remoteAllowed(url, prefixes)) return undefined;
  return prefixes.length === 0
    ? `remote $ref to ${url.href} refused: remote $refs are not allowed`
    : `remote $ref to ${url.href} refused: it is under none of the allowed prefixes (${prefixes.map((p) => p.href).join(", ")})`;
}

function schemeOf(ref: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(ref);
  // A one-letter "scheme" is a Windows drive letter, not a URL.
  return match && match[1]!.length > 1 ? match[1]!.toLowerCase() : undefined;
}

/** The document key: an absolute file path, or a URL without fragment. */
export function keyOfUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}

/**
 * Resolves the file part of an external `$ref` against the document it appears in and applies
 * the policy to where it leads (except the folder check, which needs the file system: see
 * `fileRefusal`).
 */
export function resolveRefTarget(ref: string, base: DocLocation, policy: RefPolicy): RefTarget {
  const hash = ref.indexOf("#");
  const filePart = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  const scheme = schemeOf(filePart);
  const remote = (url: URL): RefTarget => {
    const resolved = { location: { kind: "url" as const, url: keyOfUrl(url) }, key: keyOfUrl(url), fragment };
    const refusal = remoteRefusal(url, policy.allowRemoteRefs);
    if (refusal) return { ok: false, code: "APIGEN_REF_REFUSED", reason: refusal, resolved };
    return { ok: true, ...resolved };
  };
  let url: URL;
  try {
    if (base.kind === "stdin") {
      if (scheme === "http" || scheme === "https") return remote(new URL(filePart));
      return { ok: false, code: "APIGEN_EXTERNAL_REF_FROM_STDIN", reason: `$ref ${JSON.stringify(ref)}: a spec read from standard input cannot $ref files` };
    }
    if (base.kind === "url") {
      url = new URL(filePart, base.url);
      if (url.protocol === "http:" || url.protocol === "https:") return remote(url);
      return { ok: false, code: "APIGEN_REF_REFUSED", reason: `$ref ${JSON.stringify(ref)} refused: a spec fetched from a URL cannot $ref ${url.protocol === "file:" ? "local files" : `${url.protocol} URLs`}` };
    }
    if (scheme === "http" || scheme === "https") return remote(new URL(filePart));
    if (scheme !== undefined && scheme !== "file") {
      return { ok: false, code: "APIGEN_REF_REFUSED", reason: `$ref ${JSON.stringify(ref)} refused: ${scheme}: URLs are not read` };
    }
    url = new URL(filePart, pathToFileURL(base.path));
  } catch {
    return { ok: false, code: "APIGEN_REF_NOT_FOUND", reason: `$ref ${JSON.stringify(ref)} is not a valid URI reference` };
  }
  const file = fileURLToPath(url);
  return { ok: true, location: { kind: "file", path: file }, key: file, fragment };
}

/**
 * Why reading `file` is refused, if it is: outside `rootDir` (after following symbolic links,
 * so a link inside the tree cannot lead out of it) when files outside are not allowed.
 */
export async function fileRefusal(file: string, rootDir: string | undefined, policy: RefPolicy): Promise<string | undefined> {
  if (policy.allowFilesOutside || rootDir === undefined) return undefined;
  const realRoot = await realpath(rootDir).catch(() => path.resolve(rootDir));
  const real = await realpath(file).catch(() => path.resolve(file));
  const rel = path.relative(realRoot, real);
  if (rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))) return undefined;
  return `$ref to ${file} refused: it is outside the spec's folder ${rootDir}`;
}
