/**
 * A real redis-server for the tests that need one, in a temp folder, on a free port of this
 * suite's range (6400-6419), stopped and restarted on that same port at will (instances keep
 * their REDIS_URL). Missing redis-server is a failure with instructions, never a skip: .ci/run
 * installs it from Debian's package. REDIS_SERVER names another binary.
 *
 * It runs with the append-only file fsynced on every write, as a Redis holding idempotency keys
 * should (see the README's production section): a restart keeps the records of completed requests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The ports this suite may use for Redis. */
export const REDIS_PORTS = Array.from({ length: 20 }, (_, i) => 6400 + i);

export interface RedisServer {
  port: number;
  url: string;
  /** Stops it (SIGTERM: Redis writes its data and exits). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data folder. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

const MISSING = "redis-server was not found. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or set REDIS_SERVER to its path. .ci/run installs it.";

/** Starts redis-server on the first port of `ports` it can listen on. */
export async function startRedis(ports: readonly number[] = REDIS_PORTS): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apigen-redis-"));
  for (const port of ports) {
    const child = await launch(port, dir);
    if (child) return serverOn(port, dir, child);
  }
  throw new Error(`No free port for redis-server among ${ports[0]}-${ports[ports.length - 1]}.`);
}

function serverOn(port: number, dir: string, first: ChildProcess): RedisServer {
  let child: ChildProcess | undefined = first;
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async start() {
      if (child) throw new Error("redis-server is running already");
      child = await launch(port, dir);
      if (!child) throw new Error(`redis-server could not listen on port ${port} again.`);
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One redis-server on `port`: the process once it accepts connections, undefined if the port is taken. */
function launch(port: number, dir: string): Promise<ChildProcess | undefined> {
  const binary = process.env.REDIS_SERVER ?? "redis-server";
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", ""];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  // A test process that dies must not leave its Redis behind.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => process.off("exit", reap));
  let output = "";
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "ENOENT" ? new Error(MISSING) : error));
    const onData = (data: Buffer) => {
      output += data;
      if (!output.includes("Ready to accept connections")) return;
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (data: Buffer) => (output += data));
    child.once("exit", () => {
      if (/address already in use/i.test(output)) resolve(undefined);
      else reject(new Error(`redis-server exited on startup:\n${output}`));
    });
  });
}
