/** Small builders shared by the server runtime tests. */
import { Readable } from "node:stream";
import type { RawRequest, RawResponse } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { readBody } from "../../../.tmp/runtime-server-test/runtime/server/index.js";

export interface RawInit {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[] | undefined>;
  pathParams?: Record<string, string | undefined>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/** A RawRequest whose body is read the way adapters do it: readBody over a stream with headers. */
export function rawRequest(init: RawInit = {}): RawRequest & { bodyReads: number } {
  const headers: Record<string, string | string[] | undefined> = { ...init.headers };
  if (init.body !== undefined && headers["content-length"] === undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
  const raw = {
    method: init.method ?? "GET",
    url: init.url ?? "/",
    headers,
    pathParams: init.pathParams ?? {},
    bodyReads: 0,
    signal: init.signal,
    readBody(limit: number) {
      raw.bodyReads++;
      const stream = Object.assign(Readable.from(init.body === undefined ? [] : [Buffer.from(init.body)]), { headers });
      return readBody(stream, limit);
    },
  };
  return raw;
}

/** The JSON body of a response. */
export function json(response: RawResponse): any {
  return JSON.parse(String(response.body));
}

/** A logger that records what it is told. */
export function recordingLogger() {
  const entries: { level: "error" | "warn"; message: string; details: Record<string, unknown> }[] = [];
  return {
    entries,
    error: (message: string, details: Record<string, unknown>) => void entries.push({ level: "error", message, details }),
    warn: (message: string, details: Record<string, unknown>) => void entries.push({ level: "warn", message, details }),
  };
}
