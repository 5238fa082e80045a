/**
 * Raw HTTP for the conformance suite: each named case sends a fixed request (with its own
 * X-Request-Id, so problem bodies are comparable) and records the answer per pack, so the suite
 * can assert at the end that the three packs answered every case with the same bytes.
 */
import type { Pack } from "./harness.js";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON. */
  json: any;
}

export interface CallInit {
  headers?: Record<string, string>;
  /** A JSON body (sent as application/json unless a content-type header says otherwise). */
  json?: unknown;
  /** A body sent as it is. */
  raw?: string | Uint8Array;
  /** `Authorization` value; default a valid bearer token; null for none. */
  auth?: string | null;
  /** Record the answer for the cross-pack comparison (default true). */
  record?: boolean;
}

export const ALICE = "Bearer alice-token";

/** Headers that legitimately differ between frameworks or runs. */
const VOLATILE_HEADERS = new Set(["date", "connection", "keep-alive"]);

/** case name -> pack -> the answer as comparable text. */
export const recorded = new Map<string, Map<Pack, string>>();

export async function call(baseUrl: string, pack: Pack, name: string, method: string, path: string, init: CallInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { "x-request-id": `case-${name.replace(/[^A-Za-z0-9]+/g, "-")}`, ...init.headers };
  const auth = init.auth === undefined ? ALICE : init.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | Uint8Array | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(baseUrl + path, { method, headers, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (init.record !== false) {
    const shown = [...response.headers].filter(([k]) => !VOLATILE_HEADERS.has(k)).map(([k, v]) => `${k}: ${v}`);
    if (!recorded.has(name)) recorded.set(name, new Map());
    recorded.get(name)!.set(pack, [`${response.status}`, ...shown.sort(), "", text].join("\n"));
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The problem+json checks every error answer must pass. */
export function problemOf(answer: Answer, status: number, code: string): any {
  if (answer.status !== status || answer.headers.get("content-type") !== "application/problem+json" || answer.json?.code !== code) {
    throw new Error(`expected a ${status} ${code} problem, got ${answer.status} ${answer.headers.get("content-type")}: ${answer.text.slice(0, 300)}`);
  }
  const body = answer.json;
  const requestId = answer.headers.get("x-request-id");
  if (!requestId || body.request_id !== requestId) throw new Error(`request_id ${body.request_id} does not match X-Request-Id ${requestId}`);
  for (const member of ["type", "title", "status", "detail"]) {
    if (body[member] === undefined) throw new Error(`problem without ${member}: ${answer.text}`);
  }
  if (body.status !== status) throw new Error(`problem status ${body.status} differs from the HTTP status ${status}`);
  return body;
}
