import type { PathPart } from "../../packs/pack-api.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A spec path template as neutral parts for the packs' route syntax (their hooks), with the
 * route parameter keys. Parameter names that are not identifiers (`{order-id}`) get positional
 * keys (`p0`), which every router accepts; the contract's `pathParams` maps them back to the
 * spec's names. Empty literals (between two parameters) are left out.
 */
export function pathParts(specPath: string): { parts: PathPart[]; pathParams: Record<string, string> } {
  const pathParams: Record<string, string> = {};
  const parts: PathPart[] = [];
  let index = 0;
  for (const piece of specPath.split(/(\{[^}]*\})/)) {
    const param = /^\{([^}]*)\}$/.exec(piece);
    if (!param) {
      if (piece !== "") parts.push({ literal: piece });
      continue;
    }
    const name = param[1]!;
    let key = IDENTIFIER.test(name) && !(name in pathParams) ? name : `p${index}`;
    while (key in pathParams) key = `${key}_`;
    pathParams[key] = name;
    index++;
    parts.push({ param: name, key });
  }
  return { parts, pathParams };
}
