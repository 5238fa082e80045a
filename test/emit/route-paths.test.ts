/**
 * Spec path templates in each router's syntax: given/want, including literals routers would
 * misread. The neutral parts come from src/; the syntax from the built-in packs' routePath hooks.
 */
import { describe, expect, it } from "vitest";
import { pathParts } from "../../src/emit/server/path-parts.js";
import { expressRoutePath } from "../../templates/express/hooks.js";
import { fastifyRoutePath } from "../../templates/fastify/hooks.js";

describe("route paths", () => {
  it.each([
    ["/orders", "/orders", "/orders", {}],
    ["/orders/{orderId}", "/orders/:orderId", "/orders/:orderId", { orderId: "orderId" }],
    ["/users/{user-id}", "/users/:p0", "/users/:p0", { p0: "user-id" }],
    ["/a/{x}.{y}", "/a/:x.:y", "/a/:x.:y", { x: "x", y: "y" }],
    ["/things/{id}:cancel", "/things/:id\\:cancel", "/things/:id([^/]+?)::cancel", { id: "id" }],
    ["/t/{id}_x", '/t/:"id"_x', "/t/:id([^/]+?)_x", { id: "id" }],
    ["/files/(all)*", "/files/\\(all\\)\\*", "/files/:lit0(\\(all\\)\\*)", {}],
    ["/x/a*b/y", "/x/a\\*b/y", "/x/:lit0(a\\*b)/y", {}],
    ["/x/{id}*", "/x/:id\\*", "/x/:id([^/]+?):lit0(\\*)", { id: "id" }],
    ["/x/{id}-*/{lit0}", "/x/:id-\\*/:lit0", "/x/:id([^/]+?):lit0_(-\\*)/:lit0", { id: "id", lit0: "lit0" }],
    ["/v1:batch", "/v1\\:batch", "/v1::batch", {}],
  ])("%s", (spec, express, fastify, pathParams) => {
    const { parts, pathParams: keys } = pathParts(spec);
    expect({ express: expressRoutePath(parts), fastify: fastifyRoutePath(parts), pathParams: keys }).toEqual({ express, fastify, pathParams });
  });
});
