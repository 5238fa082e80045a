/**
 * The Hono pack on a second runtime: the conformance API (apigen/testing) generated with
 * `--server hono` and served, unchanged, by Deno 2.9 (the `deno` devDependency) with
 * `Deno.serve(app.fetch)`, answers every conformance case exactly as the built-in packs do on
 * Node. Deno has no node:http under the app and the runtime loads none of its Node files, so
 * signed cursors (the portable HMAC-SHA256), problems, validation, security, CORS, probes and
 * body limits are proven web-standard here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareConformance, runConformance } from "apigen/testing";
import { REPO, SCRATCH } from "../../helpers/paths.js";

const DENO = path.join(REPO, "node_modules", ".bin", "deno");

describe("the Hono pack on Deno", () => {
  let deno: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    expect(existsSync(DENO), "the deno devDependency provides the binary (npm ci)").toBe(true);
    const out = path.join(SCRATCH, "deno-hono");
    prepareConformance({ pack: "hono", out });
    // What a Deno user writes: the generated app with its config, served by Deno.serve.
    const entry = [
      'import { createHonoApp } from "./hono/app.gen.ts";',
      'import { config } from "./conformance.config.ts";',
      "const app = createHonoApp(config);",
      'Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log("listening " + port) }, app.fetch);',
      "",
    ].join("\n");
    writeFileSync(path.join(out, "deno-main.ts"), entry);
    // --sloppy-imports: the output imports `./x.js` for `./x.ts`, as TypeScript's NodeNext wants.
    const child = spawn(DENO, ["run", "--sloppy-imports", "--allow-net=127.0.0.1", `--allow-read=${REPO}`, "--allow-env", "--quiet", path.join(out, "deno-main.ts")], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    deno = child;
    let output = "";
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`deno did not start:\n${output}`)), 60_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening (\d+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`deno exited with ${code}:\n${output}`)));
    });
    base = `http://127.0.0.1:${port}`;
  }, 180_000);
  afterAll(() => void deno?.kill());

  it("answers every conformance case as the built-in packs do on Node", async () => {
    const report = await runConformance(base);
    expect(report.failures).toEqual([]);
    // The cursor cases had a cursor to follow: signed by the portable HMAC, equal to node:crypto's.
    expect(report.answers["the next page by cursor"]).toMatch(/^200\n/);
  });
});
