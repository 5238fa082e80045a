import { escapePointerToken } from "../../load/json-pointer.js";
import type { Operation } from "../../ir/operation.js";
import type { LintRule, RuleContext } from "../types.js";
import { hasStatus, isRecord } from "./helpers.js";

const label = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Credentials are required: some requirement applies and none of the alternatives is anonymous (`{}`). */
function requiresAuth(op: Operation): boolean {
  return Boolean(op.security && op.security.length > 0 && op.security.every((req) => req.schemes.length > 0));
}

export const securedOperationDocuments401: LintRule = {
  id: "secured-operation-documents-401",
  severity: "warn",
  description: "Operations that require credentials document 401",
  help: "Declare a 401 problem response (missing or invalid credentials, sent with WWW-Authenticate).",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (requiresAuth(op) && !hasStatus(op, "401", "4XX")) ctx.report(`${op.pointer}/responses`, `${label(op)} requires credentials but documents no 401`);
    }
  },
};

export const securedOperationDocuments403: LintRule = {
  id: "secured-operation-documents-403",
  severity: "warn",
  description: "Operations that require scopes document 403",
  help: "Declare a 403 problem response (authenticated, but the credentials lack a required scope or permission).",
  check(ctx) {
    for (const op of ctx.api.operations) {
      const scoped = op.security?.some((req) => req.schemes.some((s) => s.scopes.length > 0));
      if (requiresAuth(op) && scoped && !hasStatus(op, "403", "4XX")) ctx.report(`${op.pointer}/responses`, `${label(op)} requires scopes but documents no 403`);
    }
  },
};

function schemes(ctx: RuleContext): [string, Record<string, unknown>][] {
  const document = ctx.document as Record<string, unknown>;
  const components = isRecord(document.components) ? document.components : {};
  const all = isRecord(components.securitySchemes) ? components.securitySchemes : {};
  return Object.entries(all).flatMap(([name, scheme]): [string, Record<string, unknown>][] => (isRecord(scheme) ? [[name, scheme]] : []));
}

export const noOauth2ImplicitPassword: LintRule = {
  id: "no-oauth2-implicit-password",
  severity: "warn",
  description: "OAuth2 schemes use neither the implicit nor the password flow (deprecated by RFC 9700)",
  help: "Use the authorization code flow with PKCE (or client credentials for machine clients).",
  check(ctx) {
    for (const [name, scheme] of schemes(ctx)) {
      if (scheme.type !== "oauth2" || !isRecord(scheme.flows)) continue;
      for (const flow of ["implicit", "password"]) {
        if (scheme.flows[flow] !== undefined) ctx.report(`#/components/securitySchemes/${escapePointerToken(name)}/flows/${flow}`, `security scheme "${name}" uses the OAuth2 ${flow} flow`);
      }
    }
  },
};

export const noApiKeyInQuery: LintRule = {
  id: "no-api-key-in-query",
  severity: "warn",
  description: "API keys travel in a header, not the query string (URLs end up in logs)",
  help: "Send the key in a header (`in: header`, e.g. Authorization or X-API-Key).",
  check(ctx) {
    for (const [name, scheme] of schemes(ctx)) {
      if (scheme.type === "apiKey" && scheme.in === "query") ctx.report(`#/components/securitySchemes/${escapePointerToken(name)}/in`, `security scheme "${name}" takes the API key in the query string`);
    }
  },
};
