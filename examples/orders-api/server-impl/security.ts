// Who may call the example API. A real service would verify JWTs or look keys up in a
// database; the example knows a few fixed credentials (see the README).
import type { SecurityVerifiers } from "./server/contract.gen.js";

/** Whoever the verifiers recognise; handlers receive it as `request.principal`. */
export interface Principal {
  id: string;
}

const BEARER_TOKENS: Record<string, Principal> = { "alice-token": { id: "alice" }, "bob-token": { id: "bob" } };
const API_KEYS: Record<string, Principal> = { "example-api-key": { id: "integration" } };
/** OAuth2 client-credentials tokens with their scopes (back-office systems). */
const OAUTH_TOKENS: Record<string, { principal: Principal; scopes: string[] }> = {
  "backoffice-token": { principal: { id: "backoffice" }, scopes: ["orders:read", "orders:delete"] },
  "reporting-token": { principal: { id: "reporting" }, scopes: ["orders:read"] },
};

export const verifiers: SecurityVerifiers<Principal> = {
  bearerAuth: ({ token }) => {
    const principal = Object.hasOwn(BEARER_TOKENS, token) ? BEARER_TOKENS[token] : undefined;
    return principal && { principal };
  },
  apiKeyAuth: ({ key }) => {
    const principal = Object.hasOwn(API_KEYS, key) ? API_KEYS[key] : undefined;
    return principal && { principal };
  },
  oauth2: ({ token }) => (Object.hasOwn(OAUTH_TOKENS, token) ? OAUTH_TOKENS[token] : undefined),
};
