/**
 * The conformance suite's HTTP hardening cases (issue 11), registered inside each pack's
 * describe of conformance.test.ts: answers given before the body is read close the connection
 * after a bounded drain; CORS; security headers; `Link rel="deprecation"`. Recorded answers take
 * part in the suite's cross-pack byte comparison.
 */
import { describe, expect, it } from "vitest";
import type { BootedServer } from "./harness.js";
import { ALICE, type Answer, type CallInit } from "./http.js";
import { upload } from "./unread-body.js";

type Http = (name: string, method: string, path: string, init?: CallInit) => Promise<Answer>;

const NO_SUCH_ORDER = "00000000-0000-4000-8000-000000000000";
const MB = 1024 * 1024;
/** At most the 64 KiB drain, plus what Node reads ahead in one go and the request head: far below what was sent. */
const READ_BOUND = 512 * 1024;

export function hardeningCases(server: () => BootedServer, _http: Http): void {
  describe("a request rejected before its body is read closes after a bounded drain", () => {
    const rejected: [string, number, string, string, Record<string, string>][] = [
      ["401", 401, "POST", "/orders", { "content-type": "application/json" }],
      ["403", 403, "DELETE", `/orders/${NO_SUCH_ORDER}`, { authorization: "Bearer reporting-token", "content-type": "application/json" }],
      ["404", 404, "POST", "/nowhere", { "content-type": "application/json" }],
      ["405", 405, "PUT", "/orders", { "content-type": "application/json" }],
      ["406", 406, "POST", "/orders", { authorization: ALICE, accept: "text/html", "content-type": "application/json" }],
      ["415", 415, "POST", "/orders", { authorization: ALICE, "content-type": "text/plain" }],
    ];
    it.each(rejected)("%s: a 50 MB upload is answered, `Connection: close`, and not read to its end", async (_name, status, method, path, headers) => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method, path, headers, declared: 50 * MB, send: 8 * MB });
      expect(outcome.status).toBe(status);
      expect(outcome.headers["connection"]).toBe("close");
      expect(outcome.serverRead).toBeGreaterThan(0);
      expect(outcome.serverRead).toBeLessThan(READ_BOUND);
      expect(outcome.clientWrote).toBeLessThan(8 * MB);
    });
    it("a small body sent after the answer is drained, so the connection ends cleanly", async () => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method: "POST", path: "/orders", headers: { "content-type": "application/json" }, declared: 10_000, send: 10_000, afterAnswer: true });
      expect(outcome.status).toBe(401);
      expect(outcome.headers["connection"]).toBe("close");
      // The server read the whole body (the drain) before closing, so the client was not reset.
      expect(outcome.serverRead).toBe(outcome.headLength + 10_000);
      expect(outcome.error).toBeUndefined();
    });
    it("413: a body announced over the limit is not read either", async () => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method: "POST", path: "/orders", headers: { authorization: ALICE, "content-type": "application/json" }, declared: 50 * MB, send: 8 * MB });
      expect(outcome.status).toBe(413);
      expect(outcome.headers["connection"]).toBe("close");
      expect(outcome.serverRead).toBeLessThan(READ_BOUND);
    });
  });
}
