import { callStatement } from "../../format/print-width.js";
import type { ApiDocument } from "../../ir/document.js";
import type { Operation } from "../../ir/operation.js";
import type { OperationNames, ResolvedNames } from "../../resolve/resolve-names.js";
import { pascalCase } from "../../resolve/identifiers.js";
import type { ServerNames } from "../../resolve/server-names.js";
import { commentText, jsDocLines, stringLiteral } from "../escape.js";
import { docBlock } from "../jsdoc.js";
import { PrintContext } from "../print-context.js";
import { allowsAnonymous, contractLiteral, requestTypeExpression, resultTypeExpression, verifierMembers, type ContractOperationView } from "./contract-view.js";
import { ProjectionTable } from "./projection.js";
import { isMultipartMediaType } from "./form-plan.js";
import { pathParts } from "./path-parts.js";
import type { ServerRouteView, ServerSchemeView, ServerView } from "./server-view-types.js";

const CREDENTIAL_TYPES = { bearer: "BearerCredentials", basic: "BasicCredentials", apiKey: "ApiKeyCredentials" } as const;

/**
 * The neutral view every server template renders from: routes, tags, schemes and the contract.
 * Nothing in it belongs to one framework; a pack's hooks (src/packs/pack-api.ts) add that.
 */
export function buildServerView(api: ApiDocument, names: ResolvedNames, serverNames: ServerNames, headers: { generated: string; scaffold: string }): ServerView {
  const ctx = new PrintContext(api, names, { typePrefix: "M." });
  const routeOf = new Map<string, ServerRouteView>();
  const contractOps: ContractOperationView[] = [];
  const projections = new ProjectionTable(api.schemas);
  for (const op of api.operations) {
    const opNames = names.operations.get(op.pointer)!;
    const server = serverNames.operations.get(op.pointer)!;
    const doc = docBlock(operationDocLines(op));
    routeOf.set(op.pointer, {
      key: opNames.value,
      keyLiteral: stringLiteral(opNames.value),
      contractName: server.contract,
      handlerType: server.handler,
      method: op.method.toUpperCase(),
      methodLiteral: stringLiteral(op.method.toUpperCase()),
      methodLower: op.method,
      path: pathParts(op.path).parts,
      specPath: stringLiteral(op.path),
      doc,
      memberDoc: docBlock([...operationDocLines(op), ...streamHintLines(op, opNames)], "  "),
      throwNotImplemented: callStatement("throw notImplemented", [stringLiteral(opNames.value)], "    "),
    });
    contractOps.push({
      doc,
      key: opNames.value,
      contractName: server.contract,
      contract: contractLiteral(op, opNames, ctx, projections),
      requestType: server.request,
      request: requestTypeExpression(op, opNames, allowsAnonymous(op)),
      resultType: server.result,
      result: resultTypeExpression(op, opNames, ctx),
      handlerType: server.handler,
    });
  }
  const verifiers = verifierMembers(api);
  const schemes: ServerSchemeView[] = verifiers.map((v) => ({
    key: v.key,
    nameLiteral: stringLiteral(v.name),
    credentials: v.credentials,
    credentialsType: CREDENTIAL_TYPES[v.credentials],
    pascalName: pascalCase(v.name),
    description: commentText(`${v.name}: ${v.description}`),
  }));
  const tags = serverNames.tags.map((t) => {
    const routes = byRouteSpecificity(t.operations).map((op) => routeOf.get(op.pointer)!);
    return {
      file: t.file,
      handlersName: t.handlersName,
      handlersType: t.handlersType,
      pascalName: t.pascalName,
      title: commentText(t.tag),
      routes,
    };
  });
  return {
    header: headers.generated,
    scaffoldHeader: headers.scaffold,
    title: commentText(api.title),
    routes: byRouteSpecificity(api.operations).map((op) => routeOf.get(op.pointer)!),
    needsBusboy: api.operations.some((op) => op.requestBody?.content.some((m) => isMultipartMediaType(m.contentType)) === true),
    tags,
    schemes,
    contract: {
      operations: contractOps,
      schemeSpecs: verifiers.map((v) => ({ key: v.key, spec: v.spec })),
      projections: projections.entries(),
      tagGroups: tags.map((t) => ({ handlersType: t.handlersType, keys: t.routes.map((r) => stringLiteral(r.key)).join(" | ") })),
    },
  };
}

/**
 * Operations in the order routers should see them: where two paths differ, a literal segment
 * comes before a parameter, so `/things/special` is registered before `/things/{id}` and routers
 * that match in registration order agree with those that prefer literals.
 * Otherwise spec order (the sort is stable).
 */
function byRouteSpecificity(operations: Operation[]): Operation[] {
  const kinds = (op: Operation) => op.path.split("/").map((segment) => (segment.includes("{") ? 1 : 0));
  return [...operations].sort((a, b) => {
    const [x, y] = [kinds(a), kinds(b)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
}

/** The scaffold's hint for a streaming operation: what its handler answers with. */
function streamHintLines(op: Operation, opNames: OperationNames): string[] {
  for (const [i, response] of op.responses.entries()) {
    const j = response.content.findIndex((media) => media.stream !== undefined);
    const item = j >= 0 ? opNames.responses[i]![j]!.item : undefined;
    if (item) return jsDocLines(`Streams ${response.content[j]!.contentType}: answer \`{ status: ${response.status}, body }\` with an async generator (or any iterable) of ${item.type} (../models.gen.ts).`);
  }
  return [];
}

function operationDocLines(op: Operation): string[] {
  const lines: string[] = [];
  if (op.summary) lines.push(...jsDocLines(op.summary));
  lines.push(...jsDocLines(`${op.method.toUpperCase()} ${op.path}`));
  if (op.deprecated) lines.push(`@deprecated${op.sunset ? ` Sunset: ${jsDocLines(op.sunset).join(" ")}` : ""}`);
  return lines;
}
