import "./copy-runtime.js";
import { describe, expect, it, vi } from "vitest";
import type { ProblemError } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import { compileContract, RequestState } from "../../../.tmp/runtime-server-test/runtime/server/compile.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import { authenticate, challengesFor, withInvalidToken } from "../../../.tmp/runtime-server-test/runtime/server/security.js";
import type { OperationContract, SecuritySchemeSpec, Verifier } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { rawRequest, recordingLogger } from "./helpers.js";

const schemes: Record<string, SecuritySchemeSpec> = {
  bearer: { type: "http", scheme: "bearer" },
  basic: { type: "http", scheme: "basic" },
  headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  queryKey: { type: "apiKey", in: "query", name: "api_key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "sid" },
  oauth: { type: "oauth2" },
  oidc: { type: "openIdConnect" },
  missing: { type: "apiKey", in: "header", name: "X-Other" },
};
const base = { id: "op", method: "GET" as const, path: "/", pathParams: {}, params: {}, headerNames: [], responses: {} };
const state = (headers: Record<string, string> = {}, url = "/") => new RequestState(rawRequest({ url, headers }), "op");

describe("credentials", () => {
  const extract = (scheme: string, headers: Record<string, string>, url = "/") => rt.extractCredentials(schemes[scheme]!, rawRequest({ url, headers }), state(headers, url));
  it("takes bearer tokens case-insensitively, basic user:pass, and API keys from header, query and cookie", () => {
    expect(extract("bearer", { authorization: "bEaReR tok.en" })).toEqual({ type: "bearer", token: "tok.en" });
    expect(extract("oauth", { authorization: "Bearer t" })).toEqual({ type: "bearer", token: "t" });
    expect(extract("oidc", { authorization: "Bearer t" })).toEqual({ type: "bearer", token: "t" });
    expect(extract("basic", { authorization: `Basic ${Buffer.from("ann:p:w").toString("base64")}` })).toEqual({ type: "basic", username: "ann", password: "p:w" });
    expect(extract("headerKey", { "x-api-key": "k1" })).toEqual({ type: "apiKey", key: "k1" });
    expect(extract("queryKey", {}, "/?api_key=k2")).toEqual({ type: "apiKey", key: "k2" });
    expect(extract("cookieKey", { cookie: "a=b; sid=k3" })).toEqual({ type: "apiKey", key: "k3" });
  });

  it("finds none when absent or of another scheme", () => {
    expect(extract("bearer", {})).toBeUndefined();
    expect(extract("bearer", { authorization: "Basic abc" })).toBeUndefined();
    expect(extract("bearer", { authorization: "Bearer " })).toBeUndefined();
    expect(extract("bearer", { authorization: "Bearertoken" })).toBeUndefined();
    expect(extract("basic", { authorization: `Basic ${Buffer.from("nocolon").toString("base64")}` })).toBeUndefined();
    expect(extract("headerKey", { "x-api-key": "" })).toBeUndefined();
  });

  it("builds one challenge per distinct scheme", () => {
    const contract: OperationContract = { ...base, security: [[{ scheme: "bearer", scopes: [] }], [{ scheme: "basic", scopes: [] }, { scheme: "headerKey", scopes: [] }], [{ scheme: "oauth", scopes: ["a"] }], [{ scheme: "cookieKey", scopes: [] }]] };
    // The bearer and oauth schemes share one challenge, which names the scopes bearer tokens need (RFC 6750).
    expect(challengesFor(contract, schemes, "api")).toBe('Bearer realm="api", scope="a", Basic realm="api", ApiKey realm="api", in="header", name="X-API-Key", ApiKey realm="api", in="cookie", name="sid"');
  });

  it("a presented bearer token that is refused adds error=\"invalid_token\"; a scope with a quote is left out of scope=", () => {
    expect(withInvalidToken('Bearer realm="a\\"b", ApiKey realm="api"')).toBe('Bearer realm="a\\"b", error="invalid_token", ApiKey realm="api"');
    const contract: OperationContract = { ...base, security: [[{ scheme: "oauth", scopes: ["ok", 'bad"scope'] }]] };
    expect(challengesFor(contract, schemes, "api")).toBe('Bearer realm="api", scope="ok"');
  });
});

describe("authenticate", () => {
  const bearer: Verifier<any, string> = (c) => (c.token === "admin" ? { principal: "admin", scopes: ["read", "write"] } : c.token === "reader" ? { principal: "reader", scopes: ["read"] } : undefined);
  const key: Verifier<any, string> = (c) => (c.key === "k" ? { principal: "key-user" } : null);
  const logger = recordingLogger();
  const env = { schemes, verifiers: { bearer, headerKey: key, oauth: bearer } as Record<string, Verifier<any, string> | undefined>, logger, warned: new Set<string>() };
  const run = (contract: OperationContract, headers: Record<string, string>) => {
    const s = state(headers);
    return authenticate(env, contract, s.raw, s.requestId, s, compileContract(contract, schemes, "api").challenge);
  };
  const problemOf = async (promise: Promise<unknown>) => ((await promise.then(() => undefined, (e) => e)) as ProblemError).problem;

  it("passes without requirements, and gives the first scheme's principal", async () => {
    expect(await run(base, {})).toBeUndefined();
    const both: OperationContract = { ...base, security: [[{ scheme: "headerKey", scopes: [] }, { scheme: "bearer", scopes: ["read"] }]] };
    expect(await run(both, { "x-api-key": "k", authorization: "Bearer reader" })).toBe("key-user");
  });

  it("AND: every scheme must verify; OR: any alternative may pass", async () => {
    const contract: OperationContract = { ...base, security: [[{ scheme: "bearer", scopes: ["write"] }], [{ scheme: "headerKey", scopes: [] }, { scheme: "bearer", scopes: [] }]] };
    expect(await run(contract, { authorization: "Bearer admin" })).toBe("admin");
    expect(await run(contract, { authorization: "Bearer reader", "x-api-key": "k" })).toBe("key-user");
    const challenge = await run(contract, { "x-api-key": "k" }).catch((e: ProblemError) => e);
    expect((challenge as ProblemError).status).toBe(401);
    expect(rt.renderProblem(challenge as ProblemError, "r", "/").headers["www-authenticate"]).toBe('Bearer realm="api", scope="write", ApiKey realm="api", in="header", name="X-API-Key"');
  });

  it("is a 403 naming the missing scopes when credentials are valid but under-scoped", async () => {
    const contract: OperationContract = { ...base, security: [[{ scheme: "oauth", scopes: ["read", "write", "admin"] }]] };
    const problem = await problemOf(run(contract, { authorization: "Bearer reader" }));
    expect(problem).toMatchObject({ status: 403, code: "INSUFFICIENT_SCOPE", detail: "The credentials lack the required scope(s): write, admin." });
    expect(await problemOf(run(contract, { authorization: "Bearer nobody" }))).toMatchObject({ status: 401, code: "AUTHENTICATION_REQUIRED" });
  });

  it("allows anonymous calls through an empty alternative, with the principal when credentials pass", async () => {
    const contract: OperationContract = { ...base, security: [[{ scheme: "bearer", scopes: [] }], []] };
    expect(await run(contract, {})).toBeUndefined();
    expect(await run(contract, { authorization: "Bearer admin" })).toBe("admin");
  });

  it("rejects schemes without a verifier, warning once", async () => {
    const contract: OperationContract = { ...base, security: [[{ scheme: "missing", scopes: [] }]] };
    expect(await problemOf(run(contract, { "x-other": "v" }))).toMatchObject({ status: 401 });
    await run(contract, { "x-other": "v" }).catch(() => undefined);
    expect(logger.entries.filter((e) => e.level === "warn" && e.details.scheme === "missing")).toHaveLength(1);
  });

  it("lets a verifier's error through (the pipeline makes it a 500) and passes it the context", async () => {
    const verifier = vi.fn(() => {
      throw new Error("db down");
    });
    const local = { ...env, verifiers: { bearer: verifier } };
    const contract: OperationContract = { ...base, security: [[{ scheme: "bearer", scopes: [] }]] };
    const s = state({ authorization: "Bearer x", "x-request-id": "rid" });
    await expect(authenticate(local, contract, s.raw, s.requestId, s, "")).rejects.toThrow("db down");
    expect(verifier).toHaveBeenCalledWith({ type: "bearer", token: "x" }, { requestId: "rid", operationId: "op", scheme: "bearer" });
  });
});
