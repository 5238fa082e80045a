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

/** Per lifecycle, the signal graceful shutdown aborts once it stops accepting connections. */
const stoppingControllers = new WeakMap<Lifecycle, AbortController>();

function stoppingController(lifecycle: Lifecycle): AbortController {
  let controller = stoppingControllers.get(lifecycle);
  if (controller === undefined) stoppingControllers.set(lifecycle, (controller = new AbortController()));
  return controller;
}

/**
 * Aborted when the lifecycle's graceful shutdown stops accepting connections: open response
 * streams (stream.ts) then get their grace and end, so the drain does not wait for streams that
 * would never end by themselves.
 */
export function stoppingSignal(lifecycle: Lifecycle): AbortSignal {
  return stoppingController(lifecycle).signal;
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
  /**
   * How long after the signal the server still accepts connections while its readiness fails
   * (default 5 s): a load balancer polling /readyz needs that long to stop routing here, and a
   * listener closed sooner would refuse the requests it still sends. A second signal ends the wait.
   */
  readinessDelayMs?: number;
  /** How long in-flight requests may take to finish once the server stopped accepting (default 25 s). */
  drainTimeoutMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  logger?: Pick<Logger, "warn">;
  /** Runs after the drain, before exit (close database pools here). */
  onClose?: () => void | Promise<void>;
}

/**
 * On a signal, the zero-drop timeline: readiness fails at once and every response from then on
 * says `Connection: close` (clients reconnect, through the load balancer, to an instance that
 * stays); the listener keeps accepting for `readinessDelayMs`; then it stops accepting, idle
 * keep-alive connections close, in-flight requests get up to `drainTimeoutMs` to finish, every
 * connection is closed and `exit(0)` is called (`exit(1)` when the drain timed out). Returns the
 * same shutdown as a function (it runs once, however often it is called; a call while it waits
 * out the readiness delay ends the wait).
 */
export function installGracefulShutdown(server: Server, lifecycle: Lifecycle, options: GracefulShutdownOptions = {}): () => Promise<void> {
  const { readinessDelayMs = 5_000, drainTimeoutMs = 25_000, signals = ["SIGTERM", "SIGINT"], exit = (code: number) => process.exit(code), logger, onClose } = options;
  const requests = trackRequests(server, lifecycle);
  let endDelay: (() => void) | undefined;
  let running: Promise<void> | undefined;
  const shutdown = () => {
    endDelay?.();
    return (running ??= (async () => {
      lifecycle.ready = false;
      // Without a delay the listener closes in this same call (nothing awaited before it).
      if (readinessDelayMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, readinessDelayMs);
          endDelay = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.close();
      server.closeIdleConnections();
      stoppingController(lifecycle).abort(new Error("The server is shutting down."));
      const timedOut = await requests.drained(drainTimeoutMs);
      if (timedOut) logger?.warn("Shutdown drain timed out; closing remaining connections.", { inFlight: requests.inFlight, drainTimeoutMs });
      server.closeAllConnections();
      try {
        await onClose?.();
      } catch (error) {
        logger?.warn("onClose failed during shutdown.", { error: String(error) });
      }
      exit(timedOut ? 1 : 0);
    })());
  };
  for (const signal of signals) process.on(signal, () => void shutdown());
  return shutdown;
}

/**
 * Counts requests in flight, and once the lifecycle is no longer ready marks every response
 * `Connection: close`, so keep-alive connections end with their current request instead of being
 * cut under a request the client is already sending.
 */
function trackRequests(server: Server, lifecycle: Lifecycle): { readonly inFlight: number; drained(timeoutMs: number): Promise<boolean> } {
  let inFlight = 0;
  let onDrained: (() => void) | undefined;
  // First among the listeners: the app's own (added when the server was made) may answer at once.
  server.prependListener("request", (_req, res) => {
    inFlight++;
    if (!lifecycle.ready) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) onDrained?.();
    });
  });
  return {
    get inFlight() {
      return inFlight;
    },
    /** Resolves false once no request is in flight, true when `timeoutMs` passed first. */
    drained(timeoutMs) {
      return new Promise<boolean>((resolve) => {
        if (inFlight === 0) return resolve(false);
        const timer = setTimeout(() => resolve(true), timeoutMs);
        onDrained = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
    },
  };
}
