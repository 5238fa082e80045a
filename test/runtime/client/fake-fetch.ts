/** A scripted fetch for runtime tests: records every request and answers from a list of handlers. */
export interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal;
}

export type Handler = (sent: Sent) => Response | Promise<Response>;

export function fakeFetch(...handlers: Handler[]) {
  const sent: Sent[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    const request: Sent = { url: String(url), method: init.method ?? "GET", headers: new Headers(init.headers), body: init.body, signal: init.signal! };
    sent.push(request);
    const handler = handlers[Math.min(sent.length, handlers.length) - 1]!;
    return handler(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Never answers; rejects with the signal's reason when the request is aborted (like fetch). */
export const hang: Handler = (sent) =>
  new Promise((_, reject) => {
    sent.signal.addEventListener("abort", () => reject(sent.signal.reason));
  });
