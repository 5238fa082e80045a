/**
 * A small API written by hand the way contract.gen.ts and the handler files would be: contracts
 * with zod schemas, a bearer scheme, handlers (including ones that throw, wait, or answer what
 * Node cannot write), and each route in Express and Fastify syntax.
 */
import { z } from "zod";

/** Minimal shapes of what the tests use from the copied runtime (imported dynamically). */
export interface OperationContract {
  id: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Record<string, z.ZodType | undefined>;
  headerNames: string[];
  body?: { required: boolean; contentTypes: string[]; schemas: Record<string, z.ZodType | undefined> };
  responses: Record<string, { contentTypes: string[]; schema?: z.ZodType; headers?: string[] }>;
  security?: { scheme: string; scopes: string[] }[][];
  deprecated?: { sunset?: string };
}

const problem = { contentTypes: ["application/problem+json"] };
const Item = z.object({ id: z.string(), name: z.string(), qty: z.number().int() });

/** The operations every adapter test serves, written by hand the way contract.gen.ts would. */
export const contracts = {
  createItem: {
    id: "createItem",
    method: "POST",
    path: "/items",
    pathParams: {},
    params: {},
    headerNames: [],
    body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ name: z.string().min(1), qty: z.number().int().default(1) }) } },
    responses: { "201": { contentTypes: ["application/json"], schema: Item, headers: ["Location"] }, default: problem },
    security: [[{ scheme: "bearerAuth", scopes: [] }]],
  },
  getItem: {
    id: "getItem",
    method: "GET",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string().regex(/^[a-z0-9-]+$/) }), query: z.object({ verbose: z.coerce.boolean().optional() }) },
    headerNames: [],
    responses: { "200": { contentTypes: ["application/json"], schema: Item }, default: problem },
    deprecated: { sunset: "Wed, 01 Jul 2026 00:00:00 GMT" },
  },
  headItem: {
    id: "headItem",
    method: "HEAD",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string() }) },
    headerNames: [],
    responses: { "200": { contentTypes: [], headers: ["X-Head"] }, default: problem },
  },
  deleteItem: {
    id: "deleteItem",
    method: "DELETE",
    path: "/items/{item-id}",
    pathParams: { p0: "item-id" },
    params: { path: z.object({ "item-id": z.string() }) },
    headerNames: [],
    responses: { "204": { contentTypes: [] }, default: problem },
  },
  echo: {
    id: "echo",
    method: "POST",
    path: "/echo",
    pathParams: {},
    params: {},
    headerNames: [],
    body: { required: false, contentTypes: ["text/plain", "application/octet-stream"], schemas: {} },
    responses: { "200": { contentTypes: ["text/plain"] }, default: problem },
  },
  wait: { id: "wait", method: "GET", path: "/wait", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["text/plain"] }, default: problem } },
  slow: { id: "slow", method: "GET", path: "/slow", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["text/plain"] }, default: problem } },
  badHeader: { id: "badHeader", method: "GET", path: "/bad-header", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["application/json"] }, default: problem } },
  boom: { id: "boom", method: "GET", path: "/boom", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["application/json"] }, default: problem } },
} satisfies Record<string, OperationContract>;

export const securitySchemes = { bearerAuth: { type: "http", scheme: "bearer" } };
export const verifiers = { bearerAuth: (c: { token: string }) => (c.token === "good" ? { principal: { id: "u1" } } : undefined) };

/** What the tests observe from handlers. */
export const seen = { aborted: 0, echoBodies: [] as unknown[] };

type Req = { path: Record<string, string>; query: Record<string, unknown>; body: unknown; principal: unknown; signal: AbortSignal };

export const handlers = {
  createItem: (r: Req) => {
    const body = r.body as { name: string; qty: number };
    return { status: 201, body: { id: "i1", ...body }, headers: { location: "/items/i1" } };
  },
  getItem: (r: Req) => ({ status: 200, body: { id: r.path["item-id"], name: r.query.verbose ? "verbose" : "plain", qty: 1 } }),
  headItem: () => ({ status: 200, headers: { "x-head": "own operation" } }),
  deleteItem: () => ({ status: 204 }),
  echo: (r: Req) => {
    seen.echoBodies.push(r.body);
    const body = r.body === undefined ? "" : r.body instanceof Uint8Array ? `bytes:${r.body.length}` : `text:${String(r.body).length}`;
    return { status: 200, body };
  },
  wait: () => new Promise<{ status: number; body: string }>((resolve) => setTimeout(() => resolve({ status: 200, body: "done" }), 300)),
  slow: (r: Req) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      r.signal.addEventListener("abort", () => {
        seen.aborted++;
        resolve({ status: 200, body: "aborted" });
      });
    }),
  badHeader: () => ({ status: 200, body: { ok: true }, headers: { "x-note": "line\r\ninjected: yes" } }),
  boom: () => {
    throw new Error("secret database text");
  },
};

/** The operations in registration order, with each framework's route syntax. */
export const routes = [
  { key: "createItem", method: "POST", express: "/items", fastify: "/items" },
  { key: "getItem", method: "GET", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "headItem", method: "HEAD", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "deleteItem", method: "DELETE", express: "/items/:p0", fastify: "/items/:p0" },
  { key: "echo", method: "POST", express: "/echo", fastify: "/echo" },
  { key: "wait", method: "GET", express: "/wait", fastify: "/wait" },
  { key: "slow", method: "GET", express: "/slow", fastify: "/slow" },
  { key: "badHeader", method: "GET", express: "/bad-header", fastify: "/bad-header" },
  { key: "boom", method: "GET", express: "/boom", fastify: "/boom" },
] as const;
