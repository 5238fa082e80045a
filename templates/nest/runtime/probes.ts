/**
 * `/livez` and `/readyz` (GET and HEAD), answered by the runtime's probes like in every pack:
 * readiness turns into a 503 problem once graceful shutdown has begun.
 */
import type { ServerResponse } from "node:http";
import { Controller, Get, Inject, Req, Res } from "@nestjs/common";
import { probes } from "../server/index.js";
import { type NestApi, pathnameOf } from "./exchange.js";
import { type NestHttpRequest, send, toRawRequest } from "./http.js";
import { NEST_API } from "./tokens.js";

/** The liveness and readiness probes; the generated module lists it after the spec's controllers. */
@Controller()
export class ProbesController {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  /** 200 while the process can answer at all. */
  @Get("/livez")
  livez(@Req() req: NestHttpRequest, @Res() res: ServerResponse): void {
    send(res, this.exact(req, "/livez") ? probes.livez(req.headers) : this.api.runtime.unmatched(toRawRequest(req, res)));
  }

  /** 200 while ready, 503 once shutdown has begun (the load balancer stops routing here). */
  @Get("/readyz")
  readyz(@Req() req: NestHttpRequest, @Res() res: ServerResponse): void {
    send(res, this.exact(req, "/readyz") ? probes.readyz(this.api.lifecycle, req.headers, "/readyz") : this.api.runtime.unmatched(toRawRequest(req, res)));
  }

  /** Nest's router also takes `/LIVEZ` and `/livez/`; the other packs answer those 404. */
  private exact(req: NestHttpRequest, path: string): boolean {
    return pathnameOf(req) === path;
  }
}
