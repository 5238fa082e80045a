/**
 * Sends the conformance cases to a running server and compares its answers with the answers
 * of apigen's built-in packs (templates/conformance/answers.json, which apigen's own tests hold
 * every built-in pack to). Answers compare as status, headers (lower-case names, sorted; minus
 * Date, Connection and Keep-Alive, which the HTTP server decides) and body, so a pack on a
 * runtime that orders headers its own way (Fetch's Headers sort them) still compares.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { CONFORMANCE_CASES, type ConformanceCase } from "./conformance-cases.js";

/** One answer as compared: `status`, then `name: value` lines, a blank line and the body. */
export type RecordedAnswer = string;

export interface ConformanceFailure {
  case: string;
  /** The lines that differ: `- ` the built-in packs' line, `+ ` this pack's (status, headers, body). */
  differences: string[];
  expected: RecordedAnswer;
  actual: RecordedAnswer;
}

export interface ConformanceReport {
  /** Every case's answer by case name (what answers.json holds for the built-in packs). */
  answers: Record<string, RecordedAnswer>;
  /** The cases answered otherwise than the built-in packs answer them; empty when the pack conforms. */
  failures: ConformanceFailure[];
}

export const ANSWERS_FILE = path.join(TEMPLATES_DIR, "conformance", "answers.json");
const VOLATILE = new Set(["date", "connection", "keep-alive"]);

/** Runs every case in order against `baseUrl` (`http://127.0.0.1:3000`), on one fresh server. */
export async function runConformance(baseUrl: string): Promise<ConformanceReport> {
  const expected = readAnswers();
  const answers: Record<string, RecordedAnswer> = {};
  const failures: ConformanceFailure[] = [];
  let cursor = "";
  for (const [i, item] of CONFORMANCE_CASES.entries()) {
    const { status, headers, body } = await send(baseUrl, { ...item, target: item.target.replace("{cursor}", cursor) }, `conformance-${i}`);
    const found = /"next_cursor":"([^"]+)"/.exec(body);
    if (found) cursor = found[1]!;
    const shown = headers.filter(([name]) => !VOLATILE.has(name)).map(([name, value]) => `${name}: ${value}`);
    answers[item.name] = [String(status), ...shown.sort(), "", body].join("\n");
    const want = expected[item.name] ?? "(no recorded answer)";
    if (answers[item.name] !== want) failures.push({ case: item.name, differences: differences(want, answers[item.name]!), expected: want, actual: answers[item.name]! });
  }
  return { answers, failures };
}

/** The lines of one answer missing from the other, each way (an answer's lines are few and mostly unique). */
function differences(expected: RecordedAnswer, actual: RecordedAnswer): string[] {
  const want = expected.split("\n");
  const got = actual.split("\n");
  return [...want.filter((line) => !got.includes(line)).map((line) => `- ${line}`), ...got.filter((line) => !want.includes(line)).map((line) => `+ ${line}`)];
}

/** answers.json keeps each answer as its lines, so that a change to one reads as a diff of lines. */
function readAnswers(): Record<string, RecordedAnswer> {
  const lines = JSON.parse(readFileSync(ANSWERS_FILE, "utf8")) as Record<string, string[]>;
  return Object.fromEntries(Object.entries(lines).map(([name, answer]) => [name, answer.join("\n")]));
}

/** The answers as answers.json keeps them. */
export function answersFileText(answers: Record<string, RecordedAnswer>): string {
  return `${JSON.stringify(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.split("\n")])), null, 2)}\n`;
}

/** One request over node:http: the target goes out exactly as written, with only the headers given (and Host). */
function send(baseUrl: string, item: ConformanceCase, requestId: string): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  const headers = { "x-request-id": requestId, ...item.headers, ...(item.body === undefined ? {} : { "content-length": String(Buffer.byteLength(item.body)) }) };
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: item.method, path: item.target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(item.body);
  });
}
