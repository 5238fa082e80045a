/**
 * The structural check in a worker thread (started by check/check-in-background.ts, possibly
 * before the spec is read): it loads the validator at once, then waits for the document, which
 * arrives as JSON text in UTF-8 bytes; the validator's errors go back as plain data.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { OpenApiVersion } from "../load/load-spec.js";
import { structuralErrors, structureValidator } from "./validate-structure.js";

const validator = await structureValidator();
let warming: Promise<unknown> = Promise.resolve();
const input = (workerData as { input?: string } | undefined)?.input;
if (input !== undefined) {
  // Started before the spec was read: while the main thread reads and parses it, compile the
  // validator for the version the file's first bytes name (0.4 s on a 2-core machine). A wrong
  // guess costs nothing but that time: validate() compiles the version it finds.
  const version = guessVersion(input);
  if (version) warming = validator.validate({ openapi: version, info: { title: "", version: "" }, paths: {} }).catch(() => undefined);
}

parentPort!.once("message", async ({ json, version }: { json: Uint8Array; version: OpenApiVersion }) => {
  await warming;
  const text = Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString("utf8");
  parentPort!.postMessage(await structuralErrors(JSON.parse(text), version, validator));
});

/** `3.0.3`, `3.1.0`, `3.2.0` from the file's first 4 KB (Swagger 2.0 is checked as its 3.0 conversion). */
function guessVersion(file: string): string | undefined {
  let head = "";
  try {
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(4096);
      head = buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const found = /["']?(openapi|swagger)["']?\s*:\s*["']?(\d+\.\d+)/.exec(head);
  if (!found) return undefined;
  if (found[1] === "swagger") return "3.0.3";
  return { "3.0": "3.0.3", "3.1": "3.1.0", "3.2": "3.2.0" }[found[2]!];
}
