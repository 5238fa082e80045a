// A hand-written minimal Fastify app doing what the generated one does for the bench spec:
// zod validation by hand, 201/200 JSON answers, problem+json 400s, X-Request-Id on every response.
// hand-fastify.ts listens with it; fastify-inprocess.mjs drives it without sockets.
import { fastify, type FastifyInstance, type FastifyReply } from "fastify";
import { createItem, listItems } from "./bench-data.js";
import { errorProblem, ListQuery, NewItem, PROBLEM, type Problem, problem, requestIdOf, validationProblem } from "./hand-common.js";

function sendProblem(reply: FastifyReply, body: Problem): void {
  reply.code(body.status).header("x-request-id", body.request_id).type(PROBLEM).send(JSON.stringify(body));
}

export function createHandFastifyApp(): FastifyInstance {
  const app = fastify({ logger: false, bodyLimit: 1024 * 1024 });

  app.get("/items", (request, reply) => {
    const id = requestIdOf(request.headers);
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return sendProblem(reply, validationProblem("query", query.error, request.url, id));
    reply.code(200).header("x-request-id", id).send(listItems(query.data));
  });

  app.post("/items", (request, reply) => {
    const id = requestIdOf(request.headers);
    const body = NewItem.safeParse(request.body);
    if (!body.success) return sendProblem(reply, validationProblem("body", body.error, request.url, id));
    reply.code(201).header("x-request-id", id).send(createItem(body.data));
  });

  app.setErrorHandler((error, request, reply) => sendProblem(reply, errorProblem(error, request.url, requestIdOf(request.headers))));
  app.setNotFoundHandler((request, reply) => {
    const id = requestIdOf(request.headers);
    sendProblem(reply, problem(404, "NOT_FOUND", "No such resource.", request.url, id));
  });
  return app;
}
