/**
 * Generates the forms-multipart fixture's server for one pack (with the client), replaces the
 * handler and security scaffolds with echo handlers typed by the generated contract (what they
 * read off `request.body` must type-check: numbers as numbers, files as UploadedFile), compiles
 * the whole output with tsc --strict and boots it on 127.0.0.1.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { FIXTURES, SCRATCH } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import { typecheck } from "../../helpers/typecheck.js";
import { NEST_COMPILER_OPTIONS, type Pack, listenPack } from "../conformance/harness.js";

export const FORMS_SPEC = path.join(FIXTURES, "specs", "3.0", "forms-multipart.yaml");

/** Multipart limits the suite boots with, small enough to reach from a test. */
export const LIMITS = { maxParts: 8, maxFieldSize: 256, maxFileSize: 2048 };
export const BODY_LIMIT = 8192;

const HANDLERS = `import { UploadedFile } from "../runtime/server/index.js";
import type { FormsHandlers, UploadAvatarRequest } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

function file(value: UploadedFile) {
  return { uploadedFile: value instanceof UploadedFile, blob: value instanceof Blob, fieldName: value.fieldName, fileName: value.fileName ?? null, contentType: value.contentType, size: value.size, text: value.buffer.toString("utf8") };
}

function typesOf(body: object): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, Array.isArray(value) ? "array" : value instanceof UploadedFile ? "file" : typeof value]));
}

function upload(request: UploadAvatarRequest<Principal>) {
  // Typed by the contract: the file is an UploadedFile, attachments an array of them, count a number.
  const avatar: UploadedFile = request.body.avatar;
  const attachments: UploadedFile[] = request.body.attachments ?? [];
  const count: number | undefined = request.body.count;
  const { avatar: _a, attachments: _b, ...fields } = request.body;
  return { status: 200 as const, body: { avatar: file(avatar), attachments: attachments.map(file), fields, count: count ?? null, types: typesOf(request.body), principal: request.principal?.id ?? null } };
}

export const formsHandlers: FormsHandlers<Principal> = {
  async createSignup(request) {
    const age: number = request.body.age;
    const zip: number | undefined = request.body.address?.zip;
    return { status: 200, body: { body: request.body, age, zip: zip ?? null, types: typesOf(request.body) } };
  },
  async uploadAvatar(request) {
    return upload(request);
  },
  async uploadDocuments(request) {
    return upload(request);
  },
};
`;

const SECURITY = `import type { SecurityVerifiers } from "./server/contract.gen.js";

export interface Principal {
  id: string;
}

export const verifiers: SecurityVerifiers<Principal> = {
  async apiKey(credentials) {
    return credentials.key === "secret" ? { principal: { id: "key-holder" } } : undefined;
  },
};
`;

export function prepareFormsOutput(pack: Pack): string {
  const dir = path.join(SCRATCH, "forms-multipart", pack);
  rmSync(dir, { recursive: true, force: true });
  const result = runCli(["generate", FORMS_SPEC, "--out", dir, "--server", pack, "--client", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(dir, "handlers", "forms.ts"), HANDLERS);
  writeFileSync(path.join(dir, "security.ts"), SECURITY);
  const strictest = { noUnusedLocals: false, noUnusedParameters: true };
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? { ...NEST_COMPILER_OPTIONS, ...strictest } : strictest)).toBe("");
  return dir;
}

export interface FormsServer {
  url: string;
  client: any;
  errors: unknown[];
  close(): Promise<void>;
}

export async function bootForms(pack: Pack, dir: string): Promise<FormsServer> {
  const errors: unknown[] = [];
  const { handlers } = await import(path.join(dir, "server", "handlers.gen.ts"));
  const { verifiers } = await import(path.join(dir, "security.ts"));
  const options = { bodyLimit: BODY_LIMIT, multipart: LIMITS, logger: { error: (message: string, details: unknown) => errors.push({ message, details }), warn: () => {} } };
  const config = { handlers, verifiers, options };
  const listening = await listenPack(pack, dir, config);
  const client = await import(path.join(dir, "client.gen.ts"));
  return { ...listening, client, errors };
}
