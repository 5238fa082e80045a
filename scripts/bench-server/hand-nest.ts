// A hand-written minimal Nest server doing what the generated one does for the bench spec, the
// Nest way: a zod validation pipe written by hand, a global problem+json exception filter,
// 201/200 JSON answers, X-Request-Id on every response. Nest's default body parser.
import "reflect-metadata";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, Get, HttpCode, Module, type PipeTransform, Post, Query, Req, Res } from "@nestjs/common";
import { APP_FILTER, NestFactory } from "@nestjs/core";
import type { z } from "zod";
import { createItem, type ListQuery as ListQueryType, listItems, type NewItem as NewItemType } from "./bench-data.js";
import { announce } from "./bench-listen.js";
import { errorProblem, ListQuery, NewItem, PROBLEM, type Problem, requestIdOf, validationProblem } from "./hand-common.js";

type Req = IncomingMessage & { originalUrl: string; requestId?: string };

class ProblemException extends Error {
  constructor(
    readonly location: string,
    readonly zodError: z.ZodError,
  ) {
    super("validation failed");
  }
}

class ZodPipe implements PipeTransform {
  constructor(
    private readonly schema: z.ZodType,
    private readonly location: string,
  ) {}
  transform(value: unknown): unknown {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new ProblemException(this.location, result.error);
    return result.data;
  }
}

function requestId(req: Req): string {
  return (req.requestId ??= requestIdOf(req.headers));
}

@Catch()
class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Req>();
    const res = http.getResponse<ServerResponse>();
    const id = requestId(req);
    const body: Problem =
      exception instanceof ProblemException
        ? validationProblem(exception.location, exception.zodError, req.originalUrl, id)
        : errorProblem((exception as { getStatus?(): number })?.getStatus ? { status: (exception as { getStatus(): number }).getStatus() } : exception, req.originalUrl, id);
    const text = JSON.stringify(body);
    res.writeHead(body.status, { "content-type": PROBLEM, "x-request-id": id, "content-length": Buffer.byteLength(text) });
    res.end(text);
  }
}

@Controller()
class ItemsController {
  @Get("/items")
  list(@Query(new ZodPipe(ListQuery, "query")) query: ListQueryType, @Req() req: Req, @Res({ passthrough: true }) res: ServerResponse) {
    res.setHeader("x-request-id", requestId(req));
    return listItems(query);
  }

  @Post("/items")
  @HttpCode(201)
  create(@Body(new ZodPipe(NewItem, "body")) body: NewItemType, @Req() req: Req, @Res({ passthrough: true }) res: ServerResponse) {
    res.setHeader("x-request-id", requestId(req));
    return createItem(body);
  }
}

@Module({ controllers: [ItemsController], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: false });
const instance = app.getHttpAdapter().getInstance() as { disable(name: string): void; set(name: string, value: unknown): void };
instance.disable("x-powered-by");
instance.set("etag", false); // the generated server sends no ETag either
await app.listen(0, "127.0.0.1");
announce(app.getHttpServer());
