/**
 * Security requirements no request can meet are said at generation (normalize/security-requirements.ts):
 * the oracle found oas-3.0-response-http-behavior (`api_key` never declared) and
 * oas-3.0-security-multiple (`basic` AND `oauth2`, both in `Authorization`) answering 401 to
 * everything with no word from apigen.
 */
import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/load/load-spec.js";
import { SourceText } from "../../src/load/source-text.js";
import { normalizeDocument } from "../../src/normalize/normalize-document.js";

const ok = { "200": { description: "ok" } };
const document = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  security: [{ ghost: [] }],
  paths: {
    "/inherited": { get: { responses: ok } },
    "/inherited-too": { get: { responses: ok } },
    "/and": { post: { security: [{ key: [], basic: [], oauth: ["w"] }], responses: ok } },
    "/fine": { post: { security: [{ key: [], oauth: [] }, { basic: [] }, { mtls: [] , cookieKey: [] }], responses: ok } },
    "/key-in-authorization": { post: { security: [{ authKey: [], basic: [] }], responses: ok } },
  },
  components: {
    securitySchemes: {
      key: { type: "apiKey", in: "header", name: "X-API-KEY" },
      authKey: { type: "apiKey", in: "header", name: "authorization" },
      cookieKey: { type: "apiKey", in: "cookie", name: "k" },
      basic: { type: "http", scheme: "basic" },
      oauth: { type: "oauth2", flows: { implicit: { authorizationUrl: "https://x/a", scopes: { w: "w" } } } },
      mtls: { type: "mutualTLS" },
    },
  },
};

describe("security requirements no request can meet", () => {
  const { diagnostics } = normalizeDocument({ document: document as unknown as OpenApiDocument, version: "3.0", source: new SourceText("spec.yaml", "") } as never);
  const said = diagnostics.map((d) => `${d.severity} ${d.code} ${d.pointer}`);

  it("an undeclared scheme is a warning, once where the requirement is written", () => {
    expect(said.filter((s) => s.includes("UNDECLARED"))).toEqual(["warning APIGEN_SECURITY_SCHEME_UNDECLARED #/security/0/ghost"]);
  });

  it("an AND of two schemes that both need Authorization is a warning; different carriers are fine", () => {
    expect(said.filter((s) => s.includes("UNSATISFIABLE"))).toEqual([
      "warning APIGEN_SECURITY_UNSATISFIABLE #/paths/~1and/post/security/0/oauth",
      "warning APIGEN_SECURITY_UNSATISFIABLE #/paths/~1key-in-authorization/post/security/0/basic",
    ]);
    expect(diagnostics.find((d) => d.code === "APIGEN_SECURITY_UNSATISFIABLE")!.message).toMatch(/"basic" and "oauth" together.*`Authorization` header/);
  });
});
