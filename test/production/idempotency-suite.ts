/**
 * Idempotency across instances, for one pack: two processes of the generated payments server
 * (fixture/) share a real redis-server, and the handler's executions are counted from the file it
 * appends to, so "ran once" is checked directly. Each pack's test file runs this suite, so vitest
 * spreads the packs over its workers. The lease is short (IDEMPOTENCY_LEASE_MS) so that the crash
 * case waits seconds, not the default 10.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedis } from "../helpers/redis-server.js";
import type { Pack } from "../server/conformance/harness.js";
import { buildServer, type Instance, startInstance, stopInstances } from "./harness.js";

const LEASE_MS = 2000;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers that differ between any two answers of the server (per request, or per connection). */
const PER_RESPONSE = new Set(["x-request-id", "idempotent-replayed", "date", "connection", "keep-alive", "transfer-encoding"]);
const stored = (answer: Answer) => Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !PER_RESPONSE.has(name)));
const problemCode = (answer: Answer) => (JSON.parse(answer.body.toString()) as { code?: string }).code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pay(instance: Instance, key: string, amount = 5): Promise<Answer> {
  const response = await fetch(`${instance.url}/payments`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify({ amount }) });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
}

/** Repeats `attempt` until `done` says so (bounded, so a broken server fails instead of hanging). */
async function until<T>(attempt: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let tries = 0; tries < 400; tries++) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    await sleep(25);
  }
  throw new Error(`gave up waiting: ${what}`);
}

export function idempotencySuite(pack: Pack): void {
  describe(`${pack}: idempotency keys shared by instances through Redis`, () => {
    let redis: RedisServer;
    let dir: string;
    let scratch: string;
    let executionsFile: string;
    const instances: Instance[] = [];
    const env = () => ({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: `${pack}:`, IDEMPOTENCY_LEASE_MS: String(LEASE_MS), EXECUTIONS_FILE: executionsFile });
    /** Executions of the handler for `key`, by process id. */
    const executions = (key: string) => readFileSync(executionsFile, "utf8").split("\n").filter((line) => line.startsWith(`${key} `)).map((line) => Number(line.split(" ")[1]));
    const hold = (key: string) => writeFileSync(`${executionsFile}.hold.${key}`, "");
    const letGo = (key: string) => rmSync(`${executionsFile}.hold.${key}`, { force: true });

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(os.tmpdir(), `apigen-${pack}-instances-`));
      executionsFile = path.join(scratch, "executions.log");
      writeFileSync(executionsFile, "");
      [redis, dir] = await Promise.all([startRedis(), Promise.resolve().then(() => buildServer(pack))]);
      instances.push(...(await Promise.all([startInstance(dir, env()), startInstance(dir, env())])));
    });

    afterAll(async () => {
      await stopInstances(instances);
      await redis?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("runs 50 concurrent identical keyed requests spread over the instances once: the others get 409 or a byte-identical replay", async () => {
      hold("burst");
      let settled = 0;
      const burst = Array.from({ length: 50 }, (_, i) => pay(instances[i % instances.length]!, "burst").finally(() => settled++));
      // The one that runs is held until every other has its answer: all 49 meet it in flight.
      await until(async () => settled, (count) => count === 49, "49 answers while the first runs");
      expect(executions("burst")).toHaveLength(1);
      letGo("burst");
      const answers = await Promise.all(burst);
      const after = await Promise.all(Array.from({ length: 10 }, (_, i) => pay(instances[i % instances.length]!, "burst")));
      expect(executions("burst")).toHaveLength(1);
      const first = answers.filter((a) => a.status === 201);
      expect(first).toHaveLength(1);
      for (const conflict of answers.filter((a) => a.status !== 201)) {
        expect([conflict.status, conflict.headers["content-type"], conflict.headers["retry-after"], problemCode(conflict)]).toEqual([409, "application/problem+json", "1", "IDEMPOTENT_REQUEST_IN_PROGRESS"]);
      }
      expect(new Set(answers.map((a) => a.headers["x-request-id"])).size).toBe(50);
      for (const replay of after) {
        expect([replay.status, replay.headers["idempotent-replayed"]]).toEqual([201, "true"]);
        expect(replay.body.equals(first[0]!.body)).toBe(true);
        expect(stored(replay)).toEqual(stored(first[0]!));
      }
      expect(first[0]!.headers["idempotent-replayed"]).toBeUndefined();
      // Answered by both instances: the replays came from the one that did not run it too.
      expect(instances.map((i) => i.pid)).toContain(JSON.parse(first[0]!.body.toString()).pid);
      expect((await pay(instances[0]!, "burst", 6)).status).toBe(422);
    });

    it("frees the key of an instance killed mid-request when its lease ends: a retry gets 409 until then, and runs after", async () => {
      hold("crash");
      const victim = instances[0]!;
      const lost = pay(victim, "crash").catch((error: unknown) => error);
      await until(async () => executions("crash"), (runs) => runs.length === 1, "the handler to start");
      victim.kill("SIGKILL");
      await victim.exited;
      expect(await lost).toBeInstanceOf(Error);
      letGo("crash");
      const survivor = instances[1]!;
      const early = await pay(survivor, "crash");
      expect([early.status, problemCode(early)]).toEqual([409, "IDEMPOTENT_REQUEST_IN_PROGRESS"]);
      const retried = await until(() => pay(survivor, "crash"), (answer) => answer.status !== 409, "the lease to end");
      expect([retried.status, retried.headers["idempotent-replayed"]]).toEqual([201, undefined]);
      expect(executions("crash")).toEqual([victim.pid, survivor.pid]);
      instances[0] = await startInstance(dir, env());
      expect((await pay(instances[0], "crash")).headers["idempotent-replayed"]).toBe("true");
    });

    it("answers 503 problems while Redis is down (no 500, nothing run), recovers when it is back, and keeps the records", async () => {
      const done = await pay(instances[0]!, "before-restart");
      hold("in-flight");
      const inFlight = pay(instances[1]!, "in-flight");
      await until(async () => executions("in-flight"), (runs) => runs.length === 1, "the handler to start");
      await redis.stop();
      const during = await Promise.all(instances.flatMap((instance) => [pay(instance, "during"), pay(instance, "before-restart")]));
      for (const answer of during) {
        expect([answer.status, answer.headers["content-type"], answer.headers["retry-after"], problemCode(answer)]).toEqual([503, "application/problem+json", "1", "IDEMPOTENCY_STORE_UNAVAILABLE"]);
      }
      // The request that was running when Redis went away still gets its answer.
      letGo("in-flight");
      expect((await inFlight).status).toBe(201);
      await redis.start();
      for (const instance of instances) await until(() => pay(instance, "during"), (answer) => answer.status === 201, "recovery");
      expect(executions("during")).toHaveLength(1);
      expect(executions("before-restart")).toHaveLength(1);
      const replay = await pay(instances[1]!, "before-restart");
      expect([replay.status, replay.headers["idempotent-replayed"], replay.body.equals(done.body)]).toEqual([201, "true", true]);
    });
  });
}
