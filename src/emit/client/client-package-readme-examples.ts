/**
 * The examples in the client package's README.md (client-package-view.ts): per operation, the
 * call with placeholders for its required inputs and the equivalent curl command line; per
 * security scheme, what it is and the credential `createClient` takes for it. Spec text reaches
 * the TypeScript through escape.ts's literals, the command line through its shell and URL escapes.
 */
import type { Operation, Parameter, SecurityScheme } from "../../ir/operation.js";
import { isIdempotencyHeader } from "../../ir/operation.js";
import { inlineCode, jsonLiteral, markdownText, oneLine, shellQuote, stringLiteral, urlText, valuePropertyKey } from "../escape.js";

/** The call's input with placeholders for what the operation requires (nothing optional). */
export function callInput(op: Operation, typePrefix: string): string {
  const parts: string[] = [];
  for (const [location, key] of [["path", "path"], ["query", "query"], ["header", "headers"], ["cookie", "cookies"]] as const) {
    const required = op.parameters.filter((p) => p.in === location && p.required && !isIdempotencyHeader(op, p));
    if (required.length > 0) parts.push(`${key}: { ${required.map((p) => `${valuePropertyKey(p.name)}: ${tsPlaceholder(p)}`).join(", ")} }`);
  }
  if (op.requestBody?.required) parts.push(`body: { /* ${typePrefix}Input["body"] */ }`);
  return parts.length === 0 ? "" : `{ ${parts.join(", ")} }`;
}

function exampleOf(p: Parameter): string | number | boolean | undefined {
  const example = p.schema.examples?.[0];
  return typeof example === "string" || typeof example === "number" || typeof example === "boolean" ? example : undefined;
}

function tsPlaceholder(p: Parameter): string {
  const example = exampleOf(p);
  return example !== undefined ? jsonLiteral(example) : stringLiteral(`<${p.name}>`);
}

/** A placeholder inside a URL: the schema's example, or `<name>`, percent-encoded either way. */
function urlPlaceholder(p: Parameter): string {
  const example = exampleOf(p);
  return example !== undefined ? encodeURIComponent(String(example)) : `<${encodeURIComponent(p.name)}>`;
}

/** One curl command line for the operation: method, URL with placeholders, auth and body headers. */
export function curlLine(op: Operation, baseUrl: string, schemes: Map<string, SecurityScheme>): string {
  const path = op.path.replace(/\{([^}]*)\}|[^{]+|\{/g, (whole, param: string | undefined) => {
    if (param === undefined) return urlText(whole);
    const p = op.parameters.find((q) => q.in === "path" && q.name === param);
    return p ? urlPlaceholder(p) : `<${encodeURIComponent(param)}>`;
  });
  const query = op.parameters.filter((p) => p.in === "query" && p.required).map((p) => `${encodeURIComponent(p.name)}=${urlPlaceholder(p)}`);
  const args: string[] = [];
  // Only the first alternative of the operation's security: any one of them is enough.
  for (const { scheme } of op.security?.[0]?.schemes ?? []) {
    const s = schemes.get(scheme);
    if (!s) continue;
    const label = `<${oneLine(s.name)}>`;
    const httpScheme = s.scheme?.toLowerCase() ?? "bearer";
    if (s.type === "apiKey") {
      if (s.parameterName === undefined) continue;
      if (s.in === "query") query.push(`${encodeURIComponent(s.parameterName)}=${label}`);
      else if (s.in === "cookie") args.push(`-b ${shellQuote(`${oneLine(s.parameterName)}=${label}`)}`);
      else args.push(`-H ${shellQuote(`${oneLine(s.parameterName)}: ${label}`)}`);
    } else if (s.type === "http" && httpScheme === "basic") args.push(`-u ${shellQuote("<username>:<password>")}`);
    else if (s.type === "http" && httpScheme !== "bearer") args.push(`-H ${shellQuote(`Authorization: ${oneLine(s.scheme ?? "")} ${label}`)}`);
    else if (s.type === "mutualTLS") args.push("--cert client.pem --key client.key");
    else args.push(`-H ${shellQuote(`Authorization: Bearer ${label}`)}`);
  }
  const media = op.requestBody?.content[0]?.contentType;
  if (op.requestBody?.required && media) args.push(`-H ${shellQuote(`Content-Type: ${oneLine(media)}`)}`, "--data @body.json");
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? urlText(baseUrl) : `<origin>${urlText(baseUrl)}`;
  const url = `${base}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  return ["curl", ...(url.includes("[") ? ["--globoff"] : []), "-X", op.method.toUpperCase(), shellQuote(url), ...args].join(" ");
}

export function schemeDescription(s: SecurityScheme): string {
  const header = (value: string) => inlineCode(value);
  switch (s.type) {
    case "http": {
      const scheme = s.scheme?.toLowerCase() ?? "bearer";
      if (scheme === "basic") return `HTTP basic authentication: pass ${inlineCode("{ username, password }")}, sent as ${header("Authorization: Basic …")}.`;
      if (scheme === "bearer") return `HTTP bearer token${s.bearerFormat ? ` (${markdownText(s.bearerFormat)})` : ""}, sent as ${header("Authorization: Bearer <token>")}.`;
      return `HTTP ${inlineCode(s.scheme ?? "")} authentication, sent as ${header(`Authorization: ${s.scheme} <credentials>`)}.`;
    }
    case "apiKey":
      return `API key in the ${s.in === "query" ? "query parameter" : s.in === "cookie" ? "cookie" : "header"} ${inlineCode(s.parameterName ?? "")}.`;
    case "oauth2":
      return `OAuth 2 access token${s.flows && s.flows.length > 0 ? ` (flows: ${s.flows.map((f) => markdownText(f)).join(", ")})` : ""}, sent as a bearer token; pass a function to refresh it.`;
    case "openIdConnect":
      return "OpenID Connect access token, sent as a bearer token; pass a function to refresh it.";
    case "mutualTLS":
      return `mutual TLS: give the client a ${inlineCode("fetch")} that presents the client certificate.`;
  }
}

export function credentialExample(s: SecurityScheme): string | undefined {
  const key = valuePropertyKey(s.name);
  if (s.type === "mutualTLS") return undefined;
  if (s.type === "http" && s.scheme?.toLowerCase() === "basic") return `${key}: { username: "<username>", password: "<password>" }`;
  if (s.type === "apiKey") return `${key}: "<api key>"`;
  return `${key}: async () => "<token>"`;
}
