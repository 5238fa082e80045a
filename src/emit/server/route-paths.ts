import { stringLiteral } from "../escape.js";

/** One spec path template in each framework's route syntax, with the route parameter keys. */
export interface RoutePaths {
  /** path-to-regexp v8 (Express 5, and Nest on Express): `/orders/:orderId`. */
  express: string;
  /** find-my-way (Fastify): `/orders/:orderId`. */
  fastify: string;
  /** Route parameter key (always an identifier) to the spec's parameter name. */
  pathParams: Record<string, string>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Converts `/orders/{orderId}` to framework routes. Parameter names that are not identifiers
 * (`{order-id}`) get positional keys (`p0`), mapped back to the spec's name by the contract;
 * literal text that a router would read as syntax is escaped, so a spec path never becomes a
 * pattern it did not mean.
 */
export function routePaths(specPath: string): RoutePaths {
  const pathParams: Record<string, string> = {};
  let express = "";
  let fastify = "";
  let index = 0;
  const parts = specPath.split(/(\{[^}]*\})/);
  // find-my-way reads `*` as a wildcard (and refuses one before the end): text with a literal `*`
  // becomes a parameter whose pattern is exactly that text. Its key never meets a spec name.
  const taken = new Set(parts.map((part) => /^\{([^}]*)\}$/.exec(part)?.[1]).filter((name) => name !== undefined));
  let literals = 0;
  const literalParam = (text: string) => {
    let key = `lit${literals++}`;
    while (taken.has(key)) key = `${key}_`;
    taken.add(key);
    return `:${key}(${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})`;
  };
  parts.forEach((part, i) => {
    const param = /^\{([^}]*)\}$/.exec(part);
    if (param) {
      const name = param[1]!;
      let key = IDENTIFIER.test(name) && !(name in pathParams) ? name : `p${index}`;
      while (key in pathParams) key = `${key}_`;
      pathParams[key] = name;
      index++;
      const next = parts[i + 1] ?? "";
      // path-to-regexp reads identifier characters after `:name` as more of the name: quote it then.
      express += /^[\w$]/.test(next) ? `:"${key}"` : `:${key}`;
      // find-my-way ends a parameter's name only at `/`, `-` or `.`: before any other literal
      // (`{id}:cancel`, `{id}_x`, or text made a parameter) it needs an explicit, lazy pattern.
      const plain = next === "" || (/^[/.-]/.test(next) && !(next.split("/")[0] ?? "").includes("*"));
      fastify += plain ? `:${key}` : `:${key}([^/]+?)`;
    } else {
      // path-to-regexp v8 reserves these characters; a backslash makes them literal.
      express += part.replace(/[{}()[\]+?!:*\\]/g, (c) => `\\${c}`);
      // find-my-way reads `:` as a parameter; `::` is a literal colon.
      fastify += part
        .split("/")
        .map((text) => (text.includes("*") ? literalParam(text) : text.replace(/:/g, "::")))
        .join("/");
    }
  });
  return { express, fastify, pathParams };
}

/** The same paths as string literals for templates. */
export function routePathLiterals(specPath: string): { express: string; fastify: string; pathParams: Record<string, string> } {
  const paths = routePaths(specPath);
  return { express: stringLiteral(paths.express), fastify: stringLiteral(paths.fastify), pathParams: paths.pathParams };
}
