/**
 * JSON-lines loggers for production (production.ts): one JSON object per line, `level`, `time`
 * (epoch milliseconds, as pino writes it) and `msg`, then the details. Errors in the details
 * become their class, message and stack (JSON.stringify would write `{}` for them); nothing else
 * is added, so a line holds only what the runtime chose to log (never bodies or credentials).
 */
import type { Logger } from "./types.js";

export const LOG_LEVELS = ["silent", "error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The details as they can be written as JSON: Error values (one level down too, `cause`) as plain objects. */
export function plainDetails(details: Record<string, unknown>): Record<string, unknown> {
  let plain: Record<string, unknown> | undefined;
  for (const key in details) {
    const value = details[key];
    if (!(value instanceof Error)) continue;
    plain ??= { ...details };
    plain[key] = plainError(value);
  }
  return plain ?? details;
}

function plainError(error: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  // Read through a cast: `Error.cause` is in lib ES2022, and the output compiles against ES2020 too.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) plain["cause"] = { type: cause.name, message: cause.message };
  return plain;
}

/** A Logger writing JSON lines through `write` (default: console.log), dropping what is below `level`. */
export function jsonLinesLogger(level: LogLevel, write: (line: string) => void = (line) => console.log(line)): Logger {
  const at = (name: "error" | "warn" | "info") => (message: string, details: Record<string, unknown>) =>
    write(JSON.stringify({ level: name, time: Date.now(), msg: message, ...plainDetails(details) }));
  const rank = RANK[level];
  const off = () => {};
  const logger: Logger = { error: rank >= 1 ? at("error") : off, warn: rank >= 2 ? at("warn") : off };
  if (rank >= 3) logger.info = at("info");
  return logger;
}

/** What of a pino logger this module uses (pino's `(object, message)` argument order). */
export interface PinoLike {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
  isLevelEnabled(level: string): boolean;
}

/** The runtime's Logger over a pino logger; `info` absent when pino's level drops it (no access lines made). */
export function pinoLogger(pino: PinoLike): Logger {
  const logger: Logger = {
    error: (message, details) => pino.error(plainDetails(details), message),
    warn: (message, details) => pino.warn(plainDetails(details), message),
  };
  if (pino.isLevelEnabled("info")) logger.info = (message, details) => pino.info(details, message);
  return logger;
}
