// The Nest pack's hooks (apigen's pack API): route paths, decorators and class names.
import type { PackTools, ServerPackHooks } from "apigen";
import { expressRoutePath } from "../express/hooks.js";

/**
 * Nest has route decorators for these methods (QUERY's is `QueryMethod`, in the @nestjs/common
 * 11.2 the pack is tested with); others are served with `@All` and a method check in the runtime.
 */
const DECORATORS: Record<string, string> = { get: "Get", post: "Post", put: "Put", delete: "Delete", patch: "Patch", options: "Options", head: "Head", query: "QueryMethod" };

/** What every controller imports from @nestjs/common, beside its method decorators (`{{tag.nestImports}}`). */
const CONTROLLER_IMPORTS = ["Controller", "Inject", "UseGuards"];

/**
 * The width-dependent lines of one controller method, in Prettier's layout (the controller
 * template is `preformatted`; test/format/preformatted.test.ts runs Prettier over every one the
 * fixtures and GitHub's spec give): the two decorators, the request parameter (its decorator on
 * the same line when both fit, its type broken inside `Parameters<…>` when that is too long) and
 * the return statement (flat; the arrow's body on the next line; then its call's argument too).
 */
function methodLayout(key: string, handlerType: string, contractName: string, decorator: string, routePath: string, layout: PackTools["layout"]) {
  const type = `Parameters<api.${handlerType}<Principal>>[0]`;
  const inlineRequest = `@nest.ValidatedRequest() request: ${type},`;
  const typeLine = layout.fits(`request: ${type},`, "    ") ? `request: ${type},` : `request: Parameters<\n      api.${handlerType}<Principal>\n    >[0],`;
  const call = `this.#handlers.${key}(request)`;
  let returnStatement = `return respond(() => ${call});`;
  if (!layout.fits(returnStatement, "    ")) {
    returnStatement = layout.fits(`${call},`, "      ") ? `return respond(() =>\n      ${call},\n    );` : `return respond(() =>\n      this.#handlers.${key}(\n        request,\n      ),\n    );`;
  }
  return {
    routeDecorator: layout.call(decorator, [routePath], "  "),
    operationDecorator: layout.call("@nest.ApiOperation", [`api.${contractName}`], "  "),
    requestParameter: layout.fits(inlineRequest, "    ") ? inlineRequest : `@nest.ValidatedRequest()\n    ${typeLine}`,
    returnStatement,
  };
}

export const hooks: ServerPackHooks = {
  // Nest runs on Express here, whose router reads path-to-regexp v8.
  routePath: expressRoutePath,
  extendView(view, tools) {
    // Class names keep clear of what the templates import and declare, and of what the hooks add to the controllers' imports.
    const classes = tools.names([...tools.templateNames(), ...CONTROLLER_IMPORTS, ...Object.values(DECORATORS), "All"]);
    const routes = view.routes.map((route) => {
      const nestDecorator = DECORATORS[route.methodLower] ?? "All";
      return { ...route, nestDecorator, ...methodLayout(route.key, route.handlerType, route.contractName, `@${nestDecorator}`, route.routePath ?? "", tools.layout) };
    });
    const byKey = new Map(routes.map((route) => [route.key, route]));
    const tags = view.tags.map((tag) => {
      const tagRoutes = tag.routes.map((route) => byKey.get(route.key)!);
      const controllerClass = classes.allocate(`${tag.pascalName}Controller`);
      // Only the decorators the controller uses: unused imports fail projects built with noUnusedLocals.
      const nestImports = [...new Set([...CONTROLLER_IMPORTS, ...tagRoutes.map((route) => route.nestDecorator)])].sort();
      return {
        ...tag,
        routes: tagRoutes,
        controllerClass,
        nestImports: nestImports.join(", "),
        // The controller and api.module.gen.ts are preformatted: their import lines come laid out.
        nestImportLine: tools.layout.namedImport(nestImports, '"@nestjs/common"'),
        controllerImport: tools.layout.namedImport([controllerClass], tools.stringLiteral(`./${tag.file}.controller.gen.js`)),
      };
    });
    // api.module.gen.ts is preformatted too: its controller list and route paths come laid out.
    const controllersProperty = tools.layout.list("controllers: ", [...tags.map((tag) => tag.controllerClass), "nest.ProbesController"], "      ", "[]", ",");
    const schemes = view.schemes.map((scheme) => ({ ...scheme, guardClass: classes.allocate(`${scheme.pascalName}Guard`) }));
    const routePathsStatement = tools.layout.list("const ROUTE_PATHS: string[] = ", routes.map((route) => route.routePath ?? ""), "", "[]", ";");
    return { ...view, routes, tags, schemes, controllersProperty, routePathsStatement };
  },
};
