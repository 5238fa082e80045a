/**
 * The neutral server view from hand-built IR, and the Nest pack's hooks over it: the view names
 * no framework; a pack's names come from apigen's allocator, clear of the names its files use.
 */
import { describe, expect, it } from "vitest";
import { packTools } from "../../src/emit/emit-output.js";
import { withOverrides } from "../../src/emit/render.js";
import { findPack } from "../../src/packs/find-pack.js";
import { buildServerView } from "../../src/emit/server/server-view.js";
import { resolveNames } from "../../src/resolve/resolve-names.js";
import { resolveServerNames } from "../../src/resolve/server-names.js";
import { hooks as nestHooks } from "../../templates/nest/hooks.js";
import { api, component, object, operation, ref, str } from "../helpers/ir.js";

function viewOf(doc: ReturnType<typeof api>) {
  const names = resolveNames(doc);
  return buildServerView(doc, names, resolveServerNames(doc, names), { generated: "// g", scaffold: "// s" });
}

const doc = api(
  [component("Order", object({ id: str() }))],
  [
    operation("getOrder", "get", "/orders/{order-id}", { response: ref("Order"), tags: ["Orders"] }),
    operation("listSpecial", "get", "/orders/special", { tags: ["Orders"] }),
    operation("ping", "trace", "/ping"),
    operation("makeModule", "post", "/modules", { tags: ["Api Module"] }),
  ],
);
doc.securitySchemes.push({ name: "operation", type: "http", scheme: "bearer" } as never);
doc.operations[3]!.security = [{ schemes: [{ scheme: "operation", scopes: [] }] }];

describe("the neutral server view", () => {
  const view = viewOf(doc);

  it("carries the path as parts with route keys, literal segments before parameters", () => {
    expect(view.routes.map((r) => r.specPath)).toEqual(['"/orders/special"', '"/orders/{order-id}"', '"/ping"', '"/modules"']);
    expect(view.routes[1]!.path).toEqual([{ literal: "/orders/" }, { param: "order-id", key: "p0" }]);
    expect(view.routes[1]!.routePath).toBeUndefined(); // only a pack's routePath hook adds it
  });

  it("groups by first tag, untagged operations in `default`, with PascalCase stems for pack names", () => {
    expect(view.tags.map((t) => [t.file, t.handlersName, t.pascalName])).toEqual([
      ["orders", "ordersHandlers", "Orders"],
      ["default", "defaultHandlers", "Default"],
      ["api-module", "apiModuleHandlers", "ApiModule"],
    ]);
  });

  it("names no framework in any key or value", () => {
    expect(JSON.stringify(view)).not.toMatch(/express|fastify|nest|hono|koa/i);
  });
});

describe("the Nest pack's hooks over it", () => {
  const extended = nestHooks.extendView!(viewOf(doc), packTools(withOverrides(findPack("server", "nest"), undefined))) as unknown as {
    tags: { controllerClass: string; nestImports: string }[];
    schemes: { guardClass: string }[];
    routes: { nestDecorator: string }[];
  };

  it("allocates controller and guard classes clear of the names Nest's files use", () => {
    // ApiModule is the module class: the tag's controller is ApiModuleController (no clash). The
    // names come from the pack's templates (tools.templateNames()): a scheme named "operation" is
    // OperationGuard, which no Nest file uses (the hand-kept list reserved it all the same).
    expect(extended.tags.map((t) => t.controllerClass)).toEqual(["OrdersController", "DefaultController", "ApiModuleController"]);
    expect(extended.schemes.map((s) => s.guardClass)).toEqual(["OperationGuard"]);
  });

  it("keeps class names clear of what the templates declare and import", () => {
    const names = packTools(withOverrides(findPack("server", "nest"), undefined)).templateNames();
    expect(names).toEqual(expect.arrayContaining(["ApiModule", "ApiModuleOptions", "Module", "Inject", "Injectable", "NestFactory", "securityGuards", "nest", "api"]));
  });

  it("decorates each route, @All for methods Nest has no decorator for, and imports only what a controller uses", () => {
    expect(extended.routes.map((r) => r.nestDecorator)).toEqual(["Get", "Get", "All", "Post"]);
    expect(extended.tags.map((t) => t.nestImports)).toEqual(["Controller, Get, Inject, UseGuards", "All, Controller, Inject, UseGuards", "Controller, Inject, Post, UseGuards"]);
  });
});
