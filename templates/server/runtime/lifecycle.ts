/**
 * Process lifecycle (PRACTICES.md section 6): liveness and readiness probes, keep-alive
 * timeouts longer than the usual load balancer's idle timeout (60 s), and a graceful shutdown
 * that drains in-flight requests within a window shorter than Kubernetes' 30 s grace period.
 */
import type { Server } from "node:http";
import { renderProblem, serviceUnavailable } from "./problems.js";
import { requestIdOf } from "./request-id.js";
import type { Logger, RawResponse } from "./types.js";

/** Whether the server should receive traffic; flips to false once shutdown begins. */
export interface Lifecycle {
  ready: boolean;
}

export function createLifecycle(): Lifecycle {
  return { ready: true };
}

/** `/livez` and `/readyz` answers, as RawResponses the adapters write like any other. */
export const probes = {
  /** 200 while the process runs (and can answer at all). */
  livez(headers: Record<string, string | string[] | undefined> = {}): RawResponse {
    return { status: 200, headers: { "content-type": "application/json", "x-content-type-options": "nosniff", "x-request-id": requestIdOf(headers) }, body: '{"status":"ok"}' };
  },
  /** 200 while ready, a 503 problem once shutdown has begun (so the load balancer stops routing here). */
  readyz(lifecycle: Lifecycle, headers: Record<string, string | string[] | undefined> = {}, path = "/readyz"): RawResponse {
    const requestId = requestIdOf(headers);
    if (!lifecycle.ready) return renderProblem(serviceUnavailable(), requestId, path);
    return { status: 200, headers: { "content-type": "application/json", "x-content-type-options": "nosniff", "x-request-id": requestId }, body: '{"status":"ready"}' };
  },
};

/** Keep-alive longer than load balancers' idle timeout, so they never reuse a connection Node just closed. */
export function configureHttpServer<S extends Server>(server: S): S {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

export interface GracefulShutdownOptions {
  /** How long in-flight requests may take to finish after the signal (default 25 s). */
  drainTimeoutMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  logger?: Pick<Logger, "warn">;
  /** Runs after the drain, before exit (close database pools here). */
  onClose?: () => void | Promise<void>;
}

/**
 * On a signal: readiness fails, the server stops accepting connections, idle keep-alive
 * connections close, in-flight requests get up to `drainTimeoutMs` to finish, then every
 * connection is closed and `exit(0)` is called (`exit(1)` when the drain timed out). Returns
 * the same shutdown as a function (it runs once, however often it is called).
 */
export function installGracefulShutdown(server: Server, lifecycle: Lifecycle, options: GracefulShutdownOptions = {}): () => Promise<void> {
  const { drainTimeoutMs = 25_000, signals = ["SIGTERM", "SIGINT"], exit = (code: number) => process.exit(code), logger, onClose } = options;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const finished = () => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  server.on("request", (_req, res) => {
    inFlight++;
    res.once("close", finished);
  });

  let running: Promise<void> | undefined;
  const shutdown = () =>
    (running ??= (async () => {
      lifecycle.ready = false;
      server.close();
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await new Promise<boolean>((resolve) => {
        if (inFlight === 0) return resolve(false);
        drained = () => resolve(false);
        timer = setTimeout(() => resolve(true), drainTimeoutMs);
      });
      clearTimeout(timer);
      if (timedOut) logger?.warn("Shutdown drain timed out; closing remaining connections.", { inFlight, drainTimeoutMs });
      server.closeAllConnections();
      try {
        await onClose?.();
      } catch (error) {
        logger?.warn("onClose failed during shutdown.", { error });
      }
      exit(timedOut ? 1 : 0);
    })());
  for (const signal of signals) process.once(signal, () => void shutdown());
  return shutdown;
}
