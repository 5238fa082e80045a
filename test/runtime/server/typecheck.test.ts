import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyCoreRuntime } from "../../helpers/core-runtime.js";
import { REPO } from "../../helpers/paths.js";

/**
 * The runtime as users get it (`runtime/*.ts` of the core, `runtime/server/*.ts`) compiles
 * under `tsc --strict` with unused-code checks, the strictest settings generated projects use.
 */
describe("server runtime typecheck", () => {
  it("compiles with tsc --strict (and takes @opentelemetry/api as its telemetry), noUnusedLocals, noUncheckedIndexedAccess and noPropertyAccessFromIndexSignature", () => {
    const dir = path.join(REPO, ".tmp", "runtime-server-typecheck");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, "runtime", "server"), { recursive: true });
    copyCoreRuntime(path.join(dir, "runtime"));
    cpSync(path.join(REPO, "templates/server/runtime"), path.join(dir, "runtime", "server"), { recursive: true });
    // The telemetry option and the client's tracing middleware take the @opentelemetry/api module itself.
    mkdirSync(path.join(dir, "runtime", "client"));
    for (const file of ["tracing.ts", "types.ts"]) cpSync(path.join(REPO, "templates/client/runtime", file), path.join(dir, "runtime", "client", file));
    writeFileSync(
      path.join(dir, "runtime", "otel-fits.ts"),
      [
        'import * as api from "@opentelemetry/api";',
        'import type { ClientTelemetryApi } from "./client/tracing.js";',
        'import type { TelemetryApi } from "./server/telemetry.js";',
        "export const server: TelemetryApi = api;",
        "export const client: ClientTelemetryApi = api;",
      ].join("\n"),
    );
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noPropertyAccessFromIndexSignature: true,
      noImplicitOverride: true,
      // Users may run the output with node --strip-types: no enums, namespaces or parameter properties.
      erasableSyntaxOnly: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["runtime/**/*.ts"] }, null, 2));
    const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
    expect(result.status).toBe(0);
  });
});
