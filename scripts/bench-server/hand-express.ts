// A hand-written minimal Express server doing what the generated one does for the bench spec:
// zod validation by hand, 201/200 JSON answers, problem+json 400s, X-Request-Id on every response.
import express, { type ErrorRequestHandler, type Response } from "express";
import { createItem, listItems } from "./bench-data.js";
import { announce } from "./bench-listen.js";
import { errorProblem, ListQuery, NewItem, PROBLEM, type Problem, requestIdOf, validationProblem } from "./hand-common.js";

const app = express();
app.disable("x-powered-by");
app.set("etag", false); // the generated server sends no ETag either

function sendProblem(res: Response, body: Problem): void {
  res.status(body.status).set("x-request-id", body.request_id).type(PROBLEM).send(JSON.stringify(body));
}

app.get("/items", (req, res) => {
  const id = requestIdOf(req.headers);
  const query = ListQuery.safeParse(req.query);
  if (!query.success) return sendProblem(res, validationProblem("query", query.error, req.originalUrl, id));
  res.status(200).set("x-request-id", id).json(listItems(query.data));
});

app.post("/items", express.json({ limit: "1mb" }), (req, res) => {
  const id = requestIdOf(req.headers);
  const body = NewItem.safeParse(req.body);
  if (!body.success) return sendProblem(res, validationProblem("body", body.error, req.originalUrl, id));
  res.status(201).set("x-request-id", id).json(createItem(body.data));
});

const onError: ErrorRequestHandler = (error, req, res, _next) => sendProblem(res, errorProblem(error, req.originalUrl, requestIdOf(req.headers)));
app.use(onError);

const server = app.listen(0, "127.0.0.1", () => announce(server));
