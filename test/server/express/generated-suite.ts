/**
 * The real thing, per pack: `apigen generate --server <pack>` on the example spec, the output
 * compiled with `tsc --strict` (TypeScript 7, which also emits it), the generated app booted
 * with the scaffolded handlers and verifiers (501 / 401 until implemented), and the scaffolded
 * main.ts run as a process: it listens on PORT, answers probes and exits cleanly on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCheckedViews } from "../../../scripts/checked-views.mjs";
import { REPO, TSC7 } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import type { Pack, Running } from "./harness.js";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Boots `<out>/<pack>/app.gen.ts` with the scaffolds, as main.ts would, on 127.0.0.1:0. */
async function bootGenerated(pack: Pack, out: string): Promise<Running> {
  const load = (file: string) => import(/* @vite-ignore */ pathToFileURL(path.join(out, file)).href);
  const { handlers } = await load("server/handlers.gen.ts");
  const { verifiers } = await load("security.ts");
  const { createLifecycle } = await load("runtime/server/index.ts");
  const config = { handlers, verifiers, lifecycle: createLifecycle(), options: { logger: { error() {}, warn() {} } } };
  if (pack === "express") {
    const app = (await load("express/app.gen.ts")).createExpressApp(config);
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    const close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, app, http: server, close };
  }
  const app = (await load("fastify/app.gen.ts")).createFastifyApp(config);
  const close = async () => {
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  };
  return { base: await app.listen({ port: 0, host: "127.0.0.1" }), app, http: app.server, close };
}

export function generatedSuite(pack: Pack): void {
  const out = path.join(REPO, ".tmp", `server-${pack}-gen`);
  let tscOutput = "";

  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    const generated = runCli(["generate", "examples/orders-api/openapi.yaml", "--out", out, "--server", pack]);
    expect(generated.stderr).toBe("");
    expect(generated.status).toBe(0);
    // The @ts-nocheck files compile checked too (emitted beside the rest, never imported).
    writeCheckedViews(out);
    const config = {
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: ["node"], outDir: "dist" },
      include: ["**/*.ts"],
      exclude: ["dist"],
    };
    writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify(config));
    const tsc = spawnSync(process.execPath, [TSC7, "-p", path.join(out, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    tscOutput = `${tsc.stdout}${tsc.stderr}`.trim();
  });

  describe(`generated ${pack} server for the example spec`, () => {
    it("compiles under tsc --strict", () => {
      expect(tscOutput).toBe("");
    });

    describe("booted with the scaffolded handlers", () => {
      let server: Running;
      beforeAll(async () => {
        server = await bootGenerated(pack, out);
      });
      afterAll(() => server?.close());

      it("answers every layer from the shared runtime: 501 scaffolds, 401 verifiers, 404, 405, probes", async () => {
        const health = await fetch(`${server.base}/health`);
        expect(health.status).toBe(501);
        expect(await health.json()).toMatchObject({ code: "NOT_IMPLEMENTED", instance: "/health" });
        const orders = await fetch(`${server.base}/orders`);
        expect(orders.status).toBe(401);
        expect(orders.headers.get("www-authenticate")).toContain("Bearer");
        expect((await fetch(`${server.base}/nothing`)).status).toBe(404);
        const wrong = await fetch(`${server.base}/health`, { method: "DELETE" });
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get("allow")).toBe("GET, HEAD");
        expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
      });
    });

    it("runs main.ts: listens on PORT, answers /livez, exits 0 on SIGTERM", async () => {
      expect(tscOutput).toBe("");
      const port = await freePort();
      const child: ChildProcess = spawn(process.execPath, [path.join(out, "dist", "main.js")], { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", SHUTDOWN_DELAY_MS: "100" }, stdio: ["ignore", "pipe", "pipe"] });
      try {
        let stdout = "";
        child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        await expect.poll(() => stdout, { timeout: 10_000 }).toContain(`Listening on http://127.0.0.1:${port}`);
        expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const [code] = await exited;
        expect(code).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    });
  });
}
