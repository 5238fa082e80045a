/**
 * A throwaway redis-server for tests that need a real Redis: no persistence, on a port of the
 * caller's choosing (each test file its own). It fails, never skips, when redis-server is
 * missing: a store that is never tested against Redis is not tested.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection } from "node:net";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1:`port` and resolves once it answers PING. */
export async function startRedis(port: number): Promise<RedisProcess> {
  const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error) => reject(new Error(`cannot start ${REDIS_SERVER} (install redis-server, or set REDIS_SERVER): ${error.message}`)));
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before answering:\n${output}`)));
  });
  await Promise.race([untilPong(port), exited]);
  exited.catch(() => {});
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stop(child) };
}

/** Tries PING until the server answers +PONG (it needs a moment to bind). */
async function untilPong(port: number): Promise<void> {
  for (;;) {
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
