// The hand-written side of the streaming section (streaming.mjs): a Fastify endpoint as one would
// write it without apigen, sending BENCH_STREAM_EVENTS (100k) server-sent events (an id and a JSON data line each)
// one write per event, waiting for `drain` when the socket's buffer is full. Prints its port.
import { once } from "node:events";
import { fastify } from "fastify";

const app = fastify({ logger: false });
app.get("/products/:id/events", async (request, reply) => {
  const count = Number(process.env.BENCH_STREAM_EVENTS ?? 100_000);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (let n = 0; n < count; n++) {
    if (res.destroyed) return;
    if (!res.write(`id: ${n}\ndata: ${JSON.stringify({ kind: "price", price: n })}\n\n`)) await once(res, "drain");
  }
  res.end();
});
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`${app.server.address().port}\n`);
