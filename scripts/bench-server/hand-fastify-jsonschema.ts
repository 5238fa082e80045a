// A reference point, not a baseline: Fastify validating the bench requests with its native JSON
// Schema path (ajv, compiled at startup) instead of zod, answering the same statuses and bodies
// for valid requests. It shows what apigen gives up by validating with zod in every pack (the
// same runtime, hence byte-identical answers across Express, Fastify and Nest).
import { fastify, type FastifyError } from "fastify";
import { createItem, listItems } from "./bench-data.js";
import { announce } from "./bench-listen.js";
import { PROBLEM, problem, requestIdOf } from "./hand-common.js";

const status = { type: "string", enum: ["draft", "active", "archived"] };
const newItem = {
  type: "object",
  additionalProperties: false,
  required: ["name", "quantity", "status", "dimensions"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 100 },
    sku: { type: "string", minLength: 3, maxLength: 32 },
    quantity: { type: "integer", minimum: 0, maximum: 1_000_000 },
    status,
    dimensions: {
      type: "object",
      additionalProperties: false,
      required: ["width", "height"],
      properties: { width: { type: "integer", minimum: 1, maximum: 10_000 }, height: { type: "integer", minimum: 1, maximum: 10_000 } },
    },
  },
};
const listQuery = {
  type: "object",
  properties: { limit: { type: "integer", minimum: 1, maximum: 100, default: 20 }, status, q: { type: "string", maxLength: 100 } },
};

// removeAdditional off: unknown body properties are refused (as the spec says), not dropped.
const app = fastify({ logger: false, bodyLimit: 1024 * 1024, ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } } });

app.get("/items", { schema: { querystring: listQuery } }, (request, reply) => {
  reply.code(200).header("x-request-id", requestIdOf(request.headers)).send(listItems(request.query as Parameters<typeof listItems>[0]));
});
app.post("/items", { schema: { body: newItem } }, (request, reply) => {
  reply.code(201).header("x-request-id", requestIdOf(request.headers)).send(createItem(request.body as Parameters<typeof createItem>[0]));
});
app.setErrorHandler((error: FastifyError, request, reply) => {
  const id = requestIdOf(request.headers);
  const body = problem(error.statusCode ?? 500, error.validation ? "VALIDATION_ERROR" : "ERROR", error.message, request.url, id);
  reply.code(body.status).header("x-request-id", id).type(PROBLEM).send(JSON.stringify(body));
});

await app.listen({ port: 0, host: "127.0.0.1" });
announce(app.server);
