/**
 * The runnable examples (`npm run example:<pack>`): each script generates, compiles with tsc and
 * starts the scaffolded main.ts; the server answers on the port it was given, its probes work,
 * and SIGTERM makes it fail readiness while still accepting for SHUTDOWN_DELAY_MS, then drain and
 * exit 0 (the scaffold's graceful shutdown, for real).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/paths.js";
import { ALL_PACKS } from "./conformance/harness.js";

describe.each(ALL_PACKS.map((pack, i) => [pack, 39_400 + i] as const))("npm run example:%s", (pack, port) => {
  it("starts, serves the API and its probes, and shuts down on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(REPO, "scripts", "example-server.mjs"), pack], { cwd: REPO, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", SHUTDOWN_DELAY_MS: "1500" }, detached: true });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      for (const started = Date.now(); !/Listening on/.test(output); await new Promise((r) => setTimeout(r, 100))) {
        if (Date.now() - started > 150_000 || child.exitCode !== null) throw new Error(`no server:\n${output}`);
      }
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe("ok");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const orders = await fetch(`${base}/orders`, { headers: { authorization: "Bearer alice-token" } });
      expect(await orders.json()).toEqual({ data: [], next_cursor: null, has_more: false });
      // The scaffolded main.ts logs a JSON access line naming the principal, and never its token.
      await expect.poll(() => output, { timeout: 2_000 }).toMatch(/"msg":"HTTP request".*"principalId":"alice".*"route":"\/orders"|"route":"\/orders".*"principalId":"alice"/);
      expect(output).not.toContain("alice-token");
      child.kill("SIGTERM");
      // The readiness delay (SHUTDOWN_DELAY_MS): still accepting, readiness failing, then gone.
      await expect.poll(async () => (await fetch(`${base}/readyz`)).status, { interval: 50, timeout: 1_000 }).toBe(503);
      expect((await fetch(`${base}/health`)).headers.get("connection")).toBe("close");
      expect(await exited).toBe(0);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      // The whole process group: the script's own child, the server, must not outlive a failed test (it holds the port).
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, 200_000);
});
