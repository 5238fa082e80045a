/**
 * `--client-package`: the view for templates/client-package, which turns the output folder into
 * an npm package (package.json, tsconfig.json, README.md, .gitignore) that builds with `tsc` and
 * publishes as it is. Spec text reaches package.json through JSON.stringify, README.md's code
 * blocks through the TypeScript, shell and URL escapes of escape.ts (the snippets are built in
 * client-package-readme-examples.ts), and its prose through markdownText.
 */
import { builtinModules } from "node:module";
import parseSpdx from "spdx-expression-parse";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ApiDocument } from "../../ir/document.js";
import type { ResolvedNames } from "../../resolve/resolve-names.js";
import { TEMPLATES_DIR } from "../../templates-dir.js";
import { APIGEN_VERSION } from "../../version.js";
import type { GeneratedFile } from "../render.js";
import { codeBlock, inlineCode, markdownText, oneLine, stringLiteral } from "../escape.js";
import { callInput, credentialExample, curlLine, schemeDescription } from "./client-package-readme-examples.js";
import type { ClientView } from "./client-view.js";
import { defaultBaseUrl } from "./operation-spec.js";

export interface ClientPackageOptions {
  /** The npm package name, e.g. `@acme/orders-client`. */
  name: string;
  /** The package version; default: the spec's `info.version` when it is semver, else 0.0.0. */
  version?: string;
  /** SPDX license expression; default: the spec's `info.license` identifier, or its name when that is an SPDX id. */
  license?: string;
  repository?: string | { type: string; url: string; directory?: string };
  publishConfig?: Record<string, string | boolean>;
  author?: string;
  homepage?: string;
  keywords?: string[];
}

/** Why `name` cannot be published as a new npm package, or undefined when it can (npm's own rules). */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return "the name is empty";
  if (name.length > 214) return "the name is longer than 214 characters";
  if (name.trim() !== name) return "the name has leading or trailing spaces";
  if (name.toLowerCase() !== name) return "the name has uppercase letters";
  if (/^[._]/.test(name)) return "the name starts with a period or an underscore";
  if (name === "node_modules" || name === "favicon.ico") return `"${name}" is not allowed`;
  if (builtinModules.includes(name)) return `"${name}" is a Node.js core module`;
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith("@") && !scoped) return "a scoped name has the form @scope/name";
  const [scope, pkg] = scoped ? [scoped[1]!, scoped[2]!] : [undefined, name];
  if (/^[._]/.test(pkg)) return "the name after the scope starts with a period or an underscore";
  if (/[~'!()*]/.test(pkg)) return "the name contains one of ~'!()*";
  for (const part of scope === undefined ? [pkg] : [scope, pkg]) {
    if (encodeURIComponent(part) !== part) return "the name contains characters that are not URL-safe (allowed: a-z 0-9 - . _ ~ and @scope/)";
  }
  return undefined;
}

/** A valid semantic version (semver.org 2.0.0), as npm requires in package.json. */
export function isSemver(version: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/.test(version);
}

/** What is wrong with the options, for a usage error; undefined when they are fine. */
export function clientPackageProblem(options: ClientPackageOptions): string | undefined {
  const nameProblem = packageNameProblem(options.name);
  if (nameProblem) return `--client-package ${JSON.stringify(options.name)} is not a valid npm package name: ${nameProblem}`;
  if (options.version !== undefined && !isSemver(options.version)) return `--client-package-version ${JSON.stringify(options.version)} is not a semantic version (e.g. 1.2.3)`;
  return undefined;
}

/** The package's version: the option, else the spec's `info.version` when it is semver, else 0.0.0. */
function packageVersion(api: ApiDocument, options: ClientPackageOptions): string {
  return options.version ?? (isSemver(api.version) ? api.version : "0.0.0");
}

/**
 * What the generated client sends as User-Agent (X-Client in browsers): `<package>/<version>
 * apigen/<version>`, the package being `--client-package` and its version, or without one the
 * spec's title as a slug and its `info.version` (spaces and controls taken out: header-safe).
 */
export function clientUserAgent(api: ApiDocument, options: ClientPackageOptions | undefined): string {
  const token = (text: string) => text.replace(/[^\x21-\x7e]+/g, "-");
  const name = options?.name ?? (api.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "api-client");
  const version = options ? packageVersion(api, options) : token(api.version) || "0.0.0";
  return `${token(name)}/${version} apigen/${APIGEN_VERSION}`;
}

/** The entry points the package exports, by subpath: generated modules, built into dist/. */
const ENTRY_POINTS: [subpath: string, module: string][] = [
  [".", "client.gen"],
  ["./models", "models.gen"],
  ["./schemas", "schemas.gen"],
  ["./client-schemas", "client-schemas.gen"],
  ["./problem", "problem.gen"],
];

/**
 * Views for the client-package templates, by output file. `files` are the files generated beside
 * the package (core and client): zod becomes a peer dependency only if one of them imports it.
 */
export function buildClientPackageView(api: ApiDocument, names: ResolvedNames, client: ClientView["client"], options: ClientPackageOptions, files: GeneratedFile[]): Record<string, unknown> {
  const usesZod = files.some((f) => f.path.endsWith(".ts") && /\bfrom\s*["']zod(?:\/[^"']*)?["']|\bimport\(\s*["']zod/.test(f.contents));
  const version = packageVersion(api, options);
  return {
    "package.json": { json: packageJson(api, options, version, usesZod ? apigenZodRange() : undefined) },
    "tsconfig.json": {},
    ".gitignore": {},
    "README.md": readmeView(api, names, client, options.name, version, usesZod),
  };
}

function packageJson(api: ApiDocument, options: ClientPackageOptions, version: string, zodRange: string | undefined): string {
  const exports: Record<string, { types: string; default: string }> = {};
  for (const [subpath, module] of ENTRY_POINTS) exports[subpath] = { types: `./dist/${module}.d.ts`, default: `./dist/${module}.js` };
  const license = options.license ?? spdxLicenseOf(api);
  const pkg = {
    name: options.name,
    version,
    description: `TypeScript client for ${oneLine(api.title)}, generated by apigen from its OpenAPI document`,
    ...(license ? { license } : {}),
    ...(options.author ? { author: options.author } : {}),
    ...(options.homepage ? { homepage: options.homepage } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.keywords ? { keywords: options.keywords } : {}),
    type: "module",
    main: "./dist/client.gen.js",
    types: "./dist/client.gen.d.ts",
    exports,
    files: ["dist"],
    sideEffects: false,
    engines: { node: ">=20.19" },
    scripts: { build: "tsc -p tsconfig.json", prepare: "npm run build" },
    ...(zodRange ? { peerDependencies: { zod: zodRange }, peerDependenciesMeta: { zod: { optional: true } } } : {}),
    devDependencies: { typescript: "^5.9", ...(zodRange ? { zod: zodRange } : {}) },
    ...(options.publishConfig ? { publishConfig: options.publishConfig } : {}),
  };
  return JSON.stringify(pkg, null, 2);
}

/**
 * The package's license from the spec: 3.1's `identifier`, else the `name`, when it is an SPDX
 * expression ("MIT", "Apache-2.0", "MIT OR Apache-2.0"), as npm wants it. A name such as
 * "Proprietary" or "Apache 2.0" is not guessed at: the config's clientPackage.license says it then.
 */
export function spdxLicenseOf(api: ApiDocument): string | undefined {
  for (const candidate of [api.license?.identifier, api.license?.name]) {
    if (candidate === undefined) continue;
    try {
      parseSpdx(candidate);
      return candidate;
    } catch {
      // not an SPDX expression: try the next
    }
  }
  return undefined;
}

/**
 * The zod range for the generated package: apigen's own `zod` dependency (the version the
 * generated schemas are written and tested against). An exact pin is widened to a caret range:
 * as a peer dependency an exact version would make npm refuse any other zod 4 in the project.
 */
function apigenZodRange(): string {
  const pkg = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, "..", "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const range = pkg.dependencies?.zod;
  if (!range) throw new Error("internal: apigen's package.json has no zod dependency");
  return /^\d+\.\d+\.\d+$/.test(range) ? `^${range}` : range;
}

interface CallView {
  heading: string;
  summary: string;
  ts: string;
  curl: string;
}

/** A streaming operation's items are read with `for await`; any other call is awaited. */
function exampleCall(call: string, streaming: boolean): string {
  return streaming ? `for await (const item of ${call}) console.log(item);` : `const data = await ${call};`;
}

function readmeView(api: ApiDocument, names: ResolvedNames, client: ClientView["client"], name: string, version: string, usesZod: boolean) {
  const baseUrl = defaultBaseUrl(api);
  const schemes = new Map(api.securitySchemes.map((s) => [s.name, s]));
  const calls: CallView[] = client.groups.map((group) => {
    const index = client.operations.indexOf(group.operations[0]!);
    const op = api.operations[index];
    if (!op) throw new Error(`internal: no operation for client group ${group.key}`);
    const opNames = names.operations.get(op.pointer)!;
    const line = markdownText(op.summary ?? `${op.method.toUpperCase()} ${op.path}`);
    return {
      heading: markdownText(op.tags[0] ?? group.key),
      summary: `${inlineCode(`${group.key}.${opNames.value}`)}: ${line}`,
      ts: codeBlock("ts", exampleCall(`api.${group.key}.${opNames.value}(${callInput(op, opNames.type)})`, client.operations[index]!.streaming)),
      curl: codeBlock("sh", curlLine(op, baseUrl, schemes)),
    };
  });
  const auth = api.securitySchemes.map((s) => ({ line: `${inlineCode(s.name)}: ${schemeDescription(s)}` }));
  const credentials = api.securitySchemes.map(credentialExample).filter((c): c is string => c !== undefined);
  const setup = [
    `import { createClient } from ${stringLiteral(name)};`,
    "",
    "const api = createClient({",
    baseUrl ? `  baseUrl: ${stringLiteral(baseUrl)}, // the default: the spec's first server` : `  baseUrl: "https://api.example.com", // the spec names no server`,
    ...(credentials.length > 0 ? ["  auth: {", ...credentials.map((c) => `    ${c},`), "  },"] : []),
    "});",
  ].join("\n");
  return {
    title: markdownText(api.title),
    apiVersion: markdownText(api.version),
    packageName: inlineCode(name),
    version: inlineCode(version),
    install: codeBlock("sh", `npm install ${name}`),
    zod: usesZod
      ? `${inlineCode("zod")} is an optional peer dependency: the client itself never loads it. Install it (${inlineCode("npm install zod")}) to use ${inlineCode(`${name}/schemas`)}, ${inlineCode(`${name}/client-schemas`)} (response validation) or ${inlineCode(`${name}/problem`)}.`
      : "The package has no runtime dependencies.",
    setup: codeBlock("ts", setup),
    hasAuth: auth.length > 0,
    auth,
    calls,
    entryPoints: ENTRY_POINTS.map(([subpath, module]) => ({ line: `${inlineCode(subpath === "." ? name : `${name}${subpath.slice(1)}`)}: ${inlineCode(`${module}.ts`)}` })),
    build: codeBlock("sh", "npm install\nnpm run build\nnpm publish"),
  };
}
