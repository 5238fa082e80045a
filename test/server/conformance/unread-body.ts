/**
 * Raw-socket uploads for the conformance suite's "rejected before the body is read" cases
 * (issue 11): fetch hides `Connection` and how much of a body the server took, so these talk
 * HTTP over node:net and watch the server's own socket (its bytesRead) through the Node server.
 */
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";

export interface UploadOutcome {
  status: number;
  /** Response headers, lower-case names (the last value of a repeated one). */
  headers: Record<string, string>;
  /** What the server had read from the connection (request head included) when it closed. */
  serverRead: number;
  /** Body bytes the client got onto the connection before it closed. */
  clientWrote: number;
  /** The length of the request head. */
  headLength: number;
  /** The client socket's error, if the connection failed rather than ended. */
  error: string | undefined;
}

export interface UploadInit {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** The Content-Length the request announces. */
  declared: number;
  /** How much of the body the client sends at most (it stops when the server closes). */
  send: number;
  /** Send the body only once the response head has arrived (a client still sending after the answer). */
  afterAnswer?: boolean;
}

/** Sends a request with a body over a raw socket and reports what the server read before closing. */
export async function upload(server: Server, url: string, init: UploadInit): Promise<UploadOutcome> {
  const { hostname, port } = new URL(url);
  const serverSockets = new Map<number, Socket>();
  const onConnection = (socket: Socket) => serverSockets.set(socket.remotePort ?? -1, socket);
  server.on("connection", onConnection);
  const head = [`${init.method} ${init.path} HTTP/1.1`, `Host: ${hostname}:${port}`, `Content-Length: ${init.declared}`, ...Object.entries(init.headers ?? {}).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  let response = "";
  let clientWrote = 0;
  let error: string | undefined;
  const socket = connect({ port: Number(port), host: hostname, allowHalfOpen: true });
  let closed = false;
  let answered: () => void = () => {};
  const answer = new Promise<void>((resolve) => (answered = resolve));
  socket.on("data", (chunk) => {
    response += chunk.toString("latin1");
    if (response.includes("\r\n\r\n")) answered();
  });
  socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  // The server closed its side: so does the client (it only stayed half-open to keep sending).
  socket.on("end", () => socket.end());
  const done = new Promise<void>((resolve) =>
    socket.on("close", () => {
      closed = true;
      answered();
      resolve();
    }),
  );
  // Never hang the suite: a server that keeps the connection open is a failure, seen in the numbers.
  const cap = setTimeout(() => socket.destroy(), 10_000);
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  const localPort = socket.localPort ?? -2;
  socket.write(head);
  if (init.afterAnswer) await answer;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  while (!closed && clientWrote < init.send && socket.writable) {
    const piece = chunk.subarray(0, Math.min(chunk.length, init.send - clientWrote));
    const flushed = socket.write(piece);
    clientWrote += piece.length;
    if (!flushed) await new Promise<void>((resolve) => (socket.once("drain", resolve), socket.once("close", resolve)));
  }
  // All sent (a server reading it all): the client hangs up after a moment for the answer.
  if (!closed) setTimeout(() => socket.destroy(), 500);
  await done;
  clearTimeout(cap);
  server.off("connection", onConnection);
  const serverSocket = serverSockets.get(localPort);
  if (serverSocket && !serverSocket.destroyed) await new Promise<void>((resolve) => serverSocket.once("close", () => resolve()));
  const [statusLine = "", ...lines] = response.slice(0, response.indexOf("\r\n\r\n")).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, serverRead: serverSocket?.bytesRead ?? -1, clientWrote, headLength: head.length, error };
}
