/**
 * End to end (issue 12): a spec whose `x-ratelimit` allows one request per second, generated
 * with the Express pack and the client, type-checked and booted. The generated client calls it
 * in a loop faster than the limit; the server refuses with 429 and Retry-After, the client waits
 * that long and retries, and every call succeeds. Windows of 1 s keep it to about 3 s.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedOutput } from "../helpers/output-cache.js";
import { REPO } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { boot, type BootedServer, packDir } from "./conformance/harness.js";

const SPEC = path.join(REPO, "test", "fixtures", "ratelimit", "openapi.yaml");

function prepare(): string {
  const args = ["generate", SPEC, "--out", "<dir>", "--server", "express", "--client", "--format", "none"];
  return sharedOutput("ratelimit-express", JSON.stringify({ args }), [SPEC, packDir("express")], (dir) => {
    const result = runCli(args.map((a) => (a === "<dir>" ? dir : a)));
    expect(result.status, result.stderr).toBe(0);
    expect(typecheck(dir, ["**/*.ts"], {})).toBe("");
  });
}

describe("the generated client against a rate-limited server", () => {
  let srv: BootedServer;
  let dir: string;

  beforeAll(async () => {
    dir = prepare();
    const handlers = { listThings: () => ({ status: 200, body: ["a", "b"] }), getStatus: () => ({ status: 200, body: { ok: true } }) };
    srv = await boot("express", dir, { handlers });
  }, 180_000);
  afterAll(() => srv?.close());

  it("carries the spec's x-ratelimit into the contracts: the operation's own, else the document's", async () => {
    const contracts = await import(path.join(dir, "server", "contract.gen.ts"));
    expect(contracts.listThingsContract.rateLimit).toEqual({ limit: 1, windowSeconds: 1, name: "things" });
    expect(contracts.getStatusContract.rateLimit).toEqual({ limit: 2, windowSeconds: 1 });
  });

  it("settles every call of a loop faster than the limit, waiting out each 429's Retry-After", async () => {
    const statuses: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const api = srv.client.createClient({ baseUrl: srv.url, fetch: counting });
    const results: unknown[] = [];
    for (let i = 0; i < 4; i++) results.push(await api.default.listThings({}));
    expect(results).toEqual(Array.from({ length: 4 }, () => ["a", "b"]));
    // The server did refuse (the client had to wait), and no call needed more than its retries.
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const status = await api.default.getStatus.withResponse({});
    expect(status.headers.get("ratelimit-policy")).toBe('"getStatus";q=2;w=1');
  });
});
