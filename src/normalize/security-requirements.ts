import type { ApiDocument } from "../ir/document.js";
import type { SecurityScheme } from "../ir/operation.js";
import { escapePointerToken } from "../load/json-pointer.js";
import { isObject, type NormalizeContext } from "./context.js";

/**
 * Security requirements no request can meet, said at generation instead of found as a server
 * that answers 401 to everything: a requirement naming a scheme that components.securitySchemes
 * does not declare (OpenAPI: each name MUST be declared; the server denies it, fail-closed), and
 * an AND of schemes that need the same carrier (basic AND oauth2 both need `Authorization`,
 * which a request has one of). Each is said once per place it is written.
 */
export function checkSecurityRequirements(ctx: NormalizeContext, api: ApiDocument): void {
  const said = new Set<string>();
  const say = (code: string, message: string, pointer: string, help: string) => {
    if (said.has(`${code} ${pointer} ${message}`)) return;
    said.add(`${code} ${pointer} ${message}`);
    ctx.warn(code, message, pointer, help);
  };
  const schemes = new Map(api.securitySchemes.map((s) => [s.name, s]));
  for (const op of [...api.operations, ...api.webhooks]) {
    const raw = ctx.resolveRaw(op.pointer);
    const base = isObject(raw) && Array.isArray(raw.security) ? `${op.pointer}/security` : "#/security";
    (op.security ?? []).forEach((alternative, i) => {
      const carriers = new Map<string, string>();
      for (const { scheme } of alternative.schemes) {
        const at = `${base}/${i}/${escapePointerToken(scheme)}`;
        const declared = schemes.get(scheme);
        if (!declared) {
          say("APIGEN_SECURITY_SCHEME_UNDECLARED", `security requirement names ${JSON.stringify(scheme)}, which components.securitySchemes does not declare; the server denies every request that needs it (401)`, at, "Declare the scheme under components.securitySchemes, or fix the name.");
          continue;
        }
        const carrier = carrierOf(declared);
        const other = carrier && carriers.get(carrier);
        if (other) say("APIGEN_SECURITY_UNSATISFIABLE", `security requirement needs ${JSON.stringify(other)} and ${JSON.stringify(scheme)} together, but both travel in the ${carrier}; no request can carry both, so the server denies this alternative (401)`, at, "Make them alternatives (separate objects in the security list) or move an apiKey to another header.");
        else if (carrier) carriers.set(carrier, scheme);
      }
    });
  }
}

/** Where a scheme's credential travels: one request has one of each. */
function carrierOf(s: SecurityScheme): string | undefined {
  if (s.type === "mutualTLS") return undefined;
  if (s.type === "apiKey" && s.in === "header" && s.parameterName?.toLowerCase() !== "authorization") return `\`${s.parameterName?.toLowerCase()}\` header`;
  if (s.type === "apiKey" && s.in !== "header") return `${s.in} parameter \`${s.parameterName}\``;
  return "`Authorization` header";
}
