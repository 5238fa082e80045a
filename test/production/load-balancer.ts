/**
 * A load balancer for the rollout tests, doing what a real one does and nothing more: it polls each
 * backend's /readyz, routes round-robin to the backends that answered 200 last, keeps connections
 * to them alive (so a backend that closes a reused connection under a request shows as a failure),
 * and never retries: a request that fails at a backend is a 502 the load counts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LoadBalancer {
  url: string;
  /** Backends whose last readiness check answered 200. */
  ready(): string[];
  close(): Promise<void>;
}

export async function startLoadBalancer(backends: readonly string[], healthIntervalMs = 100): Promise<LoadBalancer> {
  const healthy = new Set<string>();
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  const check = () => {
    for (const backend of backends) {
      const probe = http.get(`${backend}/readyz`, { agent: false, timeout: healthIntervalMs * 5 }, (res) => {
        res.resume();
        if (res.statusCode === 200) healthy.add(backend);
        else healthy.delete(backend);
      });
      probe.on("error", () => healthy.delete(backend));
      probe.on("timeout", () => probe.destroy());
    }
  };
  check();
  const timer = setInterval(check, healthIntervalMs);

  const server = http.createServer((req, res) => {
    const pool = backends.filter((backend) => healthy.has(backend));
    const backend = pool[next++ % Math.max(pool.length, 1)];
    if (backend === undefined) return void res.writeHead(503, { "x-lb-error": "no ready backend" }).end();
    const target = new URL(req.url ?? "/", backend);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent }, (answer) => {
      const headers = { ...answer.headers, "x-backend": backend };
      delete headers.connection;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "x-lb-error": `${backend}: ${(error as NodeJS.ErrnoException).code ?? error.message}` });
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ready: () => backends.filter((backend) => healthy.has(backend)),
    async close() {
      clearInterval(timer);
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface LoadResult {
  ok: number;
  /** Each failed request: its status (502/503 from the balancer, or the backend's) and why. */
  failures: { status: number; why: string }[];
  /** Requests each backend answered. */
  byBackend: Record<string, number>;
}

/**
 * Constant load: `concurrency` loops, each sending one request after another through `url` until
 * `stop` resolves. A request fails when it does not answer 2xx.
 */
export async function runLoad(url: string, path: string, headers: Record<string, string>, concurrency: number, stop: Promise<unknown>): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, failures: [], byBackend: {} };
  let stopped = false;
  void stop.then(() => (stopped = true));
  const agent = new http.Agent({ keepAlive: true });
  const once = () =>
    new Promise<void>((resolve) => {
      http
        .get(`${url}${path}`, { headers, agent }, (res) => {
          res.resume().on("end", () => {
            const backend = String(res.headers["x-backend"] ?? "none");
            result.byBackend[backend] = (result.byBackend[backend] ?? 0) + 1;
            if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) result.ok++;
            else result.failures.push({ status: res.statusCode ?? 0, why: String(res.headers["x-lb-error"] ?? "") });
            resolve();
          });
        })
        .on("error", (error) => {
          result.failures.push({ status: 0, why: error.message });
          resolve();
        });
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped) await once();
    }),
  );
  agent.destroy();
  return result;
}
