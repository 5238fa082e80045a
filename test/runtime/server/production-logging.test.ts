/**
 * Production logging and telemetry from the environment (runtime/server/production.ts,
 * json-logger.ts): JSON lines (pino when installed, else console), LOG_LEVEL, errors written as
 * their class and message rather than `{}`, and @opentelemetry/api picked up when installed.
 */
import "./copy-runtime.js";
import { Writable } from "node:stream";
import * as api from "@opentelemetry/api";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { jsonLinesLogger, pinoLogger } from "../../../.tmp/runtime-server-test/runtime/server/json-logger.js";
import { loggerFromEnv, productionFromEnv } from "../../../.tmp/runtime-server-test/runtime/server/production.js";

describe("jsonLinesLogger", () => {
  it("writes one JSON object per line: level, time, msg, details; an Error as its class, message and stack", () => {
    const lines: string[] = [];
    const logger = jsonLinesLogger("info", (line) => lines.push(line));
    logger.info!("HTTP request", { method: "GET", status: 200 });
    logger.error("Unhandled error while processing a request.", { requestId: "r1", error: new TypeError("broke", { cause: new Error("deeper") }) });
    expect(lines).toHaveLength(2);
    const [access, error] = lines.map((line) => JSON.parse(line));
    expect(access).toEqual({ level: "info", time: expect.any(Number), msg: "HTTP request", method: "GET", status: 200 });
    expect(error).toMatchObject({ level: "error", msg: "Unhandled error while processing a request.", requestId: "r1", error: { type: "TypeError", message: "broke", cause: { type: "Error", message: "deeper" } } });
    expect(error.error.stack).toContain("TypeError: broke");
  });

  it("drops what is below its level; below info it has no info at all (no access lines are made)", () => {
    const lines: string[] = [];
    const warn = jsonLinesLogger("warn", (line) => lines.push(line));
    expect(warn.info).toBeUndefined();
    warn.warn("w", {});
    const silent = jsonLinesLogger("silent", (line) => lines.push(line));
    silent.error("e", {});
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(["warn"]);
  });
});

describe("pinoLogger", () => {
  it("writes through pino, details first as pino takes them, errors readable", () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = pinoLogger(pino({ level: "info" }, stream));
    logger.info!("HTTP request", { status: 201 });
    logger.error("failed", { error: new RangeError("out") });
    const [access, error] = lines.map((line) => JSON.parse(line));
    expect(access).toMatchObject({ level: 30, msg: "HTTP request", status: 201 });
    expect(error).toMatchObject({ level: 50, msg: "failed", error: { type: "RangeError", message: "out" } });
    expect(pinoLogger(pino({ level: "warn" }, stream)).info).toBeUndefined();
  });
});

describe("productionFromEnv", () => {
  it("logs JSON through pino (installed here) at LOG_LEVEL; a level it does not know fails startup naming the variable", async () => {
    await expect(loggerFromEnv({ LOG_LEVEL: "verbose" })).rejects.toThrow('LOG_LEVEL must be one of silent, error, warn, info, debug, not "verbose".');
    expect((await loggerFromEnv({})).info).toBeTypeOf("function");
    expect((await loggerFromEnv({ LOG_LEVEL: "error" })).info).toBeUndefined();
  });

  it("passes @opentelemetry/api (installed here) as the telemetry option, unless OTEL_SDK_DISABLED=true", async () => {
    const production = await productionFromEnv({ LOG_LEVEL: "silent" });
    expect(production.options.telemetry?.trace).toBe(api.trace);
    expect(production.options.logger).toBe(production.shutdown.logger);
    expect((await productionFromEnv({ LOG_LEVEL: "silent", OTEL_SDK_DISABLED: "true" })).options.telemetry).toBeUndefined();
  });
});
