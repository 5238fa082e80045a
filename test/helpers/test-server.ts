import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, attempt: number) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 whose behaviour each test scripts: it records every request,
 * counts attempts per route, and lets a handler answer (or misbehave: reset, stall).
 */
export class TestServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private handler: Handler = (_req, res) => {
    res.statusCode = 500;
    res.end("no handler");
  };

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(recorded);
        const attempt = this.requests.filter((r) => r.method === recorded.method && r.url.split("?")[0] === recorded.url.split("?")[0]).length;
        Promise.resolve(this.handler(recorded, res, attempt)).catch((e) => {
          res.statusCode = 500;
          res.end(String(e));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces the behaviour for the next requests and forgets earlier ones. */
  respond(handler: Handler): void {
    this.handler = handler;
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = "application/json"): void {
  res.writeHead(status, { "content-type": contentType, ...headers });
  res.end(JSON.stringify(body));
}
