// The Nest pack's hooks (apigen's pack API): route paths, decorators and class names.
import type { ServerPackHooks } from "apigen";
import { expressRoutePath } from "../express/hooks.js";

/**
 * Nest has route decorators for these methods (QUERY's is `QueryMethod`, in the @nestjs/common
 * 11.2 the pack is tested with); others are served with `@All` and a method check in the runtime.
 */
const DECORATORS: Record<string, string> = { get: "Get", post: "Post", put: "Put", delete: "Delete", patch: "Patch", options: "Options", head: "Head", query: "QueryMethod" };

/** What every controller imports from @nestjs/common, beside its method decorators (`{{tag.nestImports}}`). */
const CONTROLLER_IMPORTS = ["Controller", "Inject", "UseGuards"];

export const hooks: ServerPackHooks = {
  // Nest runs on Express here, whose router reads path-to-regexp v8.
  routePath: expressRoutePath,
  extendView(view, tools) {
    // Class names keep clear of what the templates import and declare, and of what the hooks add to the controllers' imports.
    const classes = tools.names([...tools.templateNames(), ...CONTROLLER_IMPORTS, ...Object.values(DECORATORS), "All"]);
    const routes = view.routes.map((route) => ({ ...route, nestDecorator: DECORATORS[route.methodLower] ?? "All" }));
    const byKey = new Map(routes.map((route) => [route.key, route]));
    const tags = view.tags.map((tag) => {
      const tagRoutes = tag.routes.map((route) => byKey.get(route.key)!);
      return {
        ...tag,
        routes: tagRoutes,
        controllerClass: classes.allocate(`${tag.pascalName}Controller`),
        // Only the decorators the controller uses: unused imports fail projects built with noUnusedLocals.
        nestImports: [...new Set([...CONTROLLER_IMPORTS, ...tagRoutes.map((route) => route.nestDecorator)])].sort().join(", "),
      };
    });
    const schemes = view.schemes.map((scheme) => ({ ...scheme, guardClass: classes.allocate(`${scheme.pascalName}Guard`) }));
    return { ...view, routes, tags, schemes };
  },
};
