/**
 * What `ApiModule.forRoot(...)` (nest/api.module.gen.ts) registers besides its controllers:
 * the shared runtime, the user's handlers, the global exception filter, and a boot-time check
 * of the platform (Express, no body parsers).
 */
import { Inject, Injectable, type OnApplicationBootstrap, type Provider } from "@nestjs/common";
import { APP_FILTER, HttpAdapterHost } from "@nestjs/core";
import { createLifecycle, createServerRuntime, type Lifecycle } from "../server/index.js";
import type { OperationContract, SecuritySchemeSpec, ServerOptions, Verifier } from "../server/types.js";
import type { NestApi } from "./exchange.js";
import { ApiExceptionFilter } from "./filter.js";
import { API_HANDLERS, API_ROUTE_PATHS, NEST_API } from "./tokens.js";

/** What the application passes to `ApiModule.forRoot`. */
export interface ApiModuleOptions<H extends object, V extends object> {
  /** One handler per operation (`handlers` from server/handlers.gen.ts). */
  handlers: H;
  /** One verifier per security scheme (`verifiers` from security.ts). */
  verifiers: V;
  /** Body limit, response validation, idempotency store, logger... (the runtime's ServerOptions). */
  options?: ServerOptions | undefined;
  /** Shared with graceful shutdown, so `/readyz` fails once it begins (default: a new one). */
  lifecycle?: Lifecycle | undefined;
}

/** The generated module adds what the spec says: every contract and security scheme. */
export interface ApiModuleConfig<H extends object, V extends object> extends ApiModuleOptions<H, V> {
  contracts: OperationContract[];
  schemes: Record<string, SecuritySchemeSpec>;
  /** The routes' paths in Express syntax, as the controllers declare them. */
  routePaths: string[];
}

/** What the module touches of the Express app under Nest's adapter. */
interface ExpressLike {
  disable?(setting: string): unknown;
  router?: { stack?: { name?: string; handle?: { name?: string }; route?: { path?: unknown } }[] };
}

/**
 * Puts the API's routes in the router in the order the generator decided (literal segments
 * before parameters, src/emit/server/server-view.ts), given as `routeOrder`: Nest registers
 * routes controller by controller (one per tag), so a parameter route of one tag could otherwise
 * shadow a literal route of another. Only the API's own routes move, among their own slots:
 * middleware, the app's other routes and the probes keep their places.
 */
export function orderRoutesAsGenerated(express: ExpressLike, routeOrder: readonly string[]): void {
  const stack = express.router?.stack;
  if (!stack) return;
  const rank = new Map<string, number>();
  routeOrder.forEach((p, i) => rank.has(p) || rank.set(p, i));
  const rankOf = (i: number) => rank.get(stack[i]!.route!.path as string)!;
  const slots = stack.flatMap((layer, i) => (typeof layer.route?.path === "string" && rank.has(layer.route.path) ? [i] : []));
  const layers = [...slots].sort((a, b) => rankOf(a) - rankOf(b) || a - b).map((i) => stack[i]!);
  slots.forEach((slot, n) => (stack[slot] = layers[n]!));
}

function expressOf(host: HttpAdapterHost): ExpressLike | undefined {
  const adapter = host.httpAdapter as { getType?(): string; getInstance?(): unknown } | undefined;
  return adapter?.getType?.() === "express" ? (adapter.getInstance?.() as ExpressLike) : undefined;
}

/**
 * Fails the boot, with a message that says what to change, where the runtime cannot work: on
 * another platform than Express (the runtime reads Node's request and writes Node's response),
 * or with Nest's body parsers, which would consume the body before the runtime's size limit and
 * authentication, and answer bad bodies with Nest's own 400/413.
 */
@Injectable()
export class PlatformCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(API_ROUTE_PATHS) private readonly routePaths: readonly string[],
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.host.httpAdapter as { getType?(): string } | undefined;
    // No adapter: a standalone application context, which serves no HTTP and needs no check.
    if (!adapter) return;
    const express = expressOf(this.host);
    if (!express) throw new Error(`apigen: the generated Nest server runs on @nestjs/platform-express, not ${adapter.getType?.() ?? "this adapter"}.`);
    const parsers = (express.router?.stack ?? []).filter((layer) => /^(json|urlencoded|raw|text)Parser$/.test(layer.handle?.name ?? layer.name ?? ""));
    if (parsers.length > 0) throw new Error("apigen: create the Nest app with { bodyParser: false }; the API runtime reads request bodies itself.");
    // Nest has registered every controller's routes by now (before the bootstrap hooks).
    orderRoutesAsGenerated(express, this.routePaths);
  }
}

/** The providers of the API module. */
export function apiProviders<H extends object, V extends object>(config: ApiModuleConfig<H, V>): Provider[] {
  return [
    {
      provide: NEST_API,
      inject: [HttpAdapterHost],
      useFactory: (host: HttpAdapterHost): NestApi => {
        // As the Express pack: no `X-Powered-By` (Express sets it on every response, before ours is written).
        // Its strict, case-sensitive routing is enforced per request instead (exchange.ts: servesRequest),
        // as Nest's adapter has created the Express router before any module could change those settings.
        expressOf(host)?.disable?.("x-powered-by");
        const lifecycle = config.lifecycle ?? createLifecycle();
        const runtime = createServerRuntime({
          schemes: config.schemes,
          verifiers: config.verifiers as Record<string, Verifier<any, unknown> | undefined>,
          contracts: config.contracts,
          options: config.options,
          lifecycle,
        });
        return { runtime, lifecycle };
      },
    },
    { provide: API_HANDLERS, useValue: config.handlers },
    { provide: API_ROUTE_PATHS, useValue: config.routePaths },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    PlatformCheck,
  ];
}
