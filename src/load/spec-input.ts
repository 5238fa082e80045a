/**
 * Where loadSpec (load-spec.ts) reads a spec from: the input as given told apart into standard
 * input (`-`), an http(s) URL, a local file (a path or a file: URL) or an unsupported scheme, and
 * standard input read within the size limit.
 */
import { fileURLToPath } from "node:url";
import { formatBytes, readStreamCapped, type ReadResult } from "./read-input.js";

/** What reading standard input needs of the load options. */
export interface StdinOptions {
  readStdin?: () => Promise<string>;
  maxBytes: number;
}

/** The input as given, told apart by its form. */
export type InputKind =
  | { kind: "stdin" }
  | { kind: "url"; url: string }
  | { kind: "file"; path: string; shown: string }
  | { kind: "unsupported"; scheme: string };

export function classifyInput(input: string): InputKind {
  if (input === "-") return { kind: "stdin" };
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https") {
    try {
      return { kind: "url", url: new URL(input).href };
    } catch {
      return { kind: "url", url: input };
    }
  }
  if (scheme === "file") {
    try {
      const file = fileURLToPath(input);
      return { kind: "file", path: file, shown: file };
    } catch {
      return { kind: "unsupported", scheme };
    }
  }
  if (scheme !== undefined) return { kind: "unsupported", scheme };
  return { kind: "file", path: input, shown: input };
}

/** Standard input, through the `readStdin` option when given (else process.stdin), within `maxBytes`. */
export async function readStdin(options: StdinOptions): Promise<ReadResult> {
  try {
    if (options.readStdin) {
      const text = await options.readStdin();
      if (Buffer.byteLength(text, "utf8") > options.maxBytes) {
        return { ok: false, kind: "too-large", reason: `standard input is more than the limit of ${formatBytes(options.maxBytes)}` };
      }
      return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    }
    return await readStreamCapped(process.stdin, options.maxBytes, "standard input");
  } catch (e) {
    return { ok: false, kind: "unreadable", reason: `cannot read standard input (${(e as Error).message})` };
  }
}
