import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";

/**
 * Reading spec text from files, standard input and http(s) URLs, with a size limit and (for URLs)
 * a timeout. Nothing here throws for a problem with the input: every failure comes back as a
 * `ReadFailure` whose `reason` is one short sentence fit for a diagnostic.
 */

export type ReadResult = { ok: true; text: string; url?: string } | ReadFailure;

export interface ReadFailure {
  ok: false;
  /** `too-large`: over maxBytes; `refused`: a redirect the policy does not allow; `unreadable`: anything else. */
  kind: "unreadable" | "too-large" | "refused";
  reason: string;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

/** What to do about a document (the spec or one it $refs) over the limit: the flag and config key that raise it. */
export function tooLargeHelp(maxBytes: number): string {
  return `apigen reads documents up to ${formatBytes(maxBytes)}; if this one really is that large, raise the limit with --max-input-bytes (e.g. --max-input-bytes 200MB) or maxInputBytes in apigen.config.`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function tooLarge(what: string, maxBytes: number, size?: number): ReadFailure {
  const actual = size === undefined ? "more than" : `${formatBytes(size)}, over`;
  return { ok: false, kind: "too-large", reason: `${what} is ${actual} the limit of ${formatBytes(maxBytes)}` };
}

function decode(buffer: Buffer | Uint8Array): string {
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a file, refusing it before reading when `stat` says it is over `maxBytes`. Anything that
 * is not a regular file (a FIFO, a device) is read as a stream and cut off at the limit.
 */
export async function readFileCapped(file: string, maxBytes: number, label: string = file): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { ok: false, kind: "unreadable", reason: `${label} is a directory` };
    if (info.isFile()) {
      if (info.size > maxBytes) return tooLarge(label, maxBytes, info.size);
      const buffer = await readFile(file);
      if (buffer.byteLength > maxBytes) return tooLarge(label, maxBytes, buffer.byteLength);
      return { ok: true, text: decode(buffer) };
    }
    return await readStreamCapped(createReadStream(file), maxBytes, label);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, kind: "unreadable", reason: code === "ENOENT" ? `no such file: ${label}` : `cannot read ${label} (${code ?? (e as Error).message})` };
  }
}

/** Reads a byte stream to the end, or stops (and destroys it) once it passes `maxBytes`. */
export async function readStreamCapped(stream: AsyncIterable<unknown> & { destroy?: () => void }, maxBytes: number, what: string): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.byteLength;
    if (total > maxBytes) {
      stream.destroy?.();
      return tooLarge(what, maxBytes);
    }
    chunks.push(buffer);
  }
  return { ok: true, text: decode(Buffer.concat(chunks)) };
}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Checked for every URL requested, redirects included: a reason to refuse it, or undefined. */
  refuse?: (url: URL) => string | undefined;
}

/**
 * GETs an http(s) URL. Redirects are followed by hand (at most 5), each target checked by
 * `refuse`, so that a redirect cannot lead outside what the caller allows. One timeout covers the
 * whole exchange, body included; a `content-length` over the limit is refused before the body is read.
 */
export async function fetchCapped(input: string, options: FetchOptions): Promise<ReadResult> {
  const signal = options.timeoutMs > 0 ? AbortSignal.timeout(options.timeoutMs) : undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, kind: "unreadable", reason: `${input} is not a valid URL` };
  }
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return { ok: false, kind: "refused", reason: `${url.href}: only http and https URLs are fetched` };
      }
      const refusal = options.refuse?.(url);
      if (refusal) return { ok: false, kind: "refused", reason: refusal };
      const response = await fetch(url, {
        redirect: "manual",
        signal,
        headers: { accept: "application/yaml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5" },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS) return { ok: false, kind: "unreadable", reason: `${input}: more than ${MAX_REDIRECTS} redirects` };
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const redirected = url.href === input ? "" : ` (redirected to ${url.href})`;
        return { ok: false, kind: "unreadable", reason: `${input}${redirected}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}` };
      }
      const length = Number(response.headers.get("content-length") ?? NaN);
      if (Number.isFinite(length) && length > options.maxBytes) {
        await response.body?.cancel();
        return tooLarge(input, options.maxBytes, length);
      }
      if (!response.body) return { ok: true, text: "", url: url.href };
      const read = await readStreamCapped(response.body as unknown as AsyncIterable<Uint8Array>, options.maxBytes, input);
      if (!read.ok) await response.body.cancel().catch(() => undefined);
      return read.ok ? { ...read, url: url.href } : read;
    }
  } catch (e) {
    return { ok: false, kind: "unreadable", reason: `${url.href === input ? input : `${input} (at ${url.href})`}: ${networkReason(e, options.timeoutMs)}` };
  }
}

function networkReason(e: unknown, timeoutMs: number): string {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  if (error?.name === "TimeoutError" || error?.name === "AbortError") return `no answer within ${timeoutMs} ms (timed out)`;
  const cause = error?.cause;
  if (cause?.code && cause.message && !cause.message.includes(cause.code)) return `${cause.message} (${cause.code})`;
  if (cause?.message) return cause.message;
  if (cause?.code) return cause.code;
  return error?.message ?? String(e);
}
