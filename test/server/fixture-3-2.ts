/**
 * What the suites serving the OpenAPI 3.2 fixture (test/fixtures/specs/3.2/openapi-3-2.yaml)
 * share: the spec, and its security.ts (alice-token holds catalog.read; the legacy key is refused).
 */
import path from "node:path";
import { FIXTURES } from "../helpers/paths.js";

export const SPEC_3_2 = path.join(FIXTURES, "specs", "3.2", "openapi-3-2.yaml");

export const SECURITY_3_2 = `import type { SecurityVerifiers } from "./server/contract.gen.js";

export interface Principal {
  id: string;
}

export const verifiers: SecurityVerifiers<Principal> = {
  async device({ token }) {
    return token === "alice-token" ? { principal: { id: "alice" }, scopes: ["catalog.read"] } : undefined;
  },
  async legacyKey() {
    return undefined;
  },
};
`;
