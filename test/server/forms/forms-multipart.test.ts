/**
 * Form and multipart request bodies on the server (issue 11), in every pack: urlencoded fields
 * coerced to the schema's types (arrays, numbers, booleans, deepObject objects), multipart parts
 * parsed while streaming with busboy, text parts coerced and validated, files handed over as
 * UploadedFile objects, `encoding.contentType` enforced per part, limits on parts, fields, files
 * and the body. Driven by the generated client and by raw bodies; every recorded raw case must be
 * answered byte-identically by the three packs.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import { EXAMPLE_SPEC, PACKS, type Pack } from "../conformance/harness.js";
import { call, problemOf, recorded, type CallInit } from "../conformance/http.js";
import { BODY_LIMIT, bootForms, type FormsServer, LIMITS, prepareFormsOutput } from "./harness.js";

const BOUNDARY = "apigen-test-boundary";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

/** A multipart/form-data body written by hand, as any client could send it. */
function multipart(parts: Part[], { close = true } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename === undefined ? "" : `; filename="${part.filename}"`}\r\n`;
    if (part.type) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(part.value), Buffer.from("\r\n"));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const FORM = "application/x-www-form-urlencoded";
const avatarPart: Part = { name: "avatar", value: PNG, filename: "me.png", type: "image/png" };

describe.each(PACKS)("%s server: form and multipart bodies", (pack: Pack) => {
  let srv: FormsServer;
  let api: any;
  const http = (name: string, path: string, init: CallInit) => call(srv.url, pack, `forms-${name}`, "POST", path, { auth: null, ...init });
  const form = (name: string, body: string) => http(name, "/signups", { raw: body, headers: { "content-type": FORM } });
  const upload = (name: string, parts: Part[], headers: Record<string, string> = {}, path = "/avatars") => http(name, path, { raw: multipart(parts), headers: { "content-type": MULTIPART, ...headers } });

  beforeAll(async () => {
    srv = await bootForms(pack, prepareFormsOutput(pack));
    api = srv.client.createClient({ baseUrl: srv.url, retry: false, auth: { apiKey: "secret" } });
  }, 180_000);
  afterAll(async () => {
    // No request may have turned into a 500 (or any logged error).
    expect(srv?.errors).toEqual([]);
    await srv?.close();
  });

  describe("application/x-www-form-urlencoded", () => {
    it("round-trips every shape through the generated client", async () => {
      const body = { name: "Ada", age: 30, newsletter: true, ratio: 0.5, interests: ["fiction"], codes: [1, 2, 3], address: { city: "Paris", zip: 75001, geo: { lat: 48.85, verified: false } }, prefs: { theme: "dark", size: 2 } };
      const echo = await api.forms.createSignup({ body });
      expect(echo.body).toEqual(body);
      expect(echo.types).toEqual({ name: "string", age: "number", newsletter: "boolean", ratio: "number", interests: "array", codes: "array", address: "object", prefs: "object" });
      expect(echo.zip).toBe(75001);
    });

    it("coerces numbers and booleans, and a single value for an array field is a one-item array", async () => {
      const answer = await form("coerced", "name=Ada&age=30&newsletter=true&interests=fiction&codes=4|5&address[geo][lat]=1.5");
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.body).toEqual({ name: "Ada", age: 30, newsletter: true, interests: ["fiction"], codes: [4, 5], address: { geo: { lat: 1.5 } } });
      expect(answer.json.types).toMatchObject({ age: "number", newsletter: "boolean", interests: "array" });
    });

    it("answers wrong types, over-long text and unknown fields with pointers", async () => {
      const wrong = problemOf(await form("wrong-types", "name=Ada&age=abc&newsletter=yes&address[zip]=x"), 400, "VALIDATION_ERROR");
      expect(wrong.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/body/address/zip", "/body/age", "/body/newsletter"]);
      const long = problemOf(await form("too-long", `name=${"a".repeat(21)}&age=1`), 400, "VALIDATION_ERROR");
      expect(long.errors).toEqual([expect.objectContaining({ pointer: "/body/name" })]);
      const extra = problemOf(await form("unknown-field", "name=Ada&age=1&admin=true"), 400, "VALIDATION_ERROR");
      expect(extra.errors).toEqual([{ pointer: "/body/admin", message: 'Unknown property "admin".' }]);
    });
  });

  describe("multipart/form-data", () => {
    it("gives the handler typed fields and UploadedFile objects, through the generated client", async () => {
      const body = {
        avatar: new File([PNG], "me.png", { type: "image/png" }),
        caption: "hello",
        tags: ["solo"],
        count: 3,
        public: true,
        meta: { source: "camera" },
        attachments: [new File(["one"], "a.txt", { type: "text/plain" }), new File(["two!"], "b.txt", { type: "text/plain" })],
      };
      const echo = await api.forms.uploadAvatar({ body });
      expect(echo.avatar).toEqual({ uploadedFile: true, blob: true, fieldName: "avatar", fileName: "me.png", contentType: "image/png", size: PNG.length, text: PNG.toString("utf8") });
      expect(echo.attachments.map((f: { fileName: string; size: number; text: string }) => [f.fileName, f.size, f.text])).toEqual([["a.txt", 3, "one"], ["b.txt", 4, "two!"]]);
      expect(echo.fields).toEqual({ caption: "hello", tags: ["solo"], count: 3, public: true, meta: { source: "camera" } });
      expect(echo.types).toMatchObject({ avatar: "file", attachments: "array", tags: "array", count: "number", public: "boolean", meta: "object" });
      // The secured operation reads its parts after authentication.
      const secured = await api.forms.uploadDocuments({ body: { avatar: body.avatar, caption: "doc" } });
      expect(secured.principal).toBe("key-holder");
      expect(secured.avatar.size).toBe(PNG.length);
    });

    it("parses a raw body: one file for an array field is a one-item array, a part without Content-Type is text/plain (RFC 7578)", async () => {
      const answer = await upload("raw-ok", [avatarPart, { name: "caption", value: "hi" }, { name: "count", value: "7" }, { name: "attachments", value: "x", filename: "x.bin" }]);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.fields).toEqual({ caption: "hi", count: 7 });
      expect(answer.json.attachments).toEqual([{ uploadedFile: true, blob: true, fieldName: "attachments", fileName: "x.bin", contentType: "text/plain", size: 1, text: "x" }]);
    });

    it("validates text parts like form fields: wrong type, over maxLength, missing file", async () => {
      const invalid = problemOf(await upload("invalid-parts", [avatarPart, { name: "caption", value: "far too long" }, { name: "count", value: "many" }]), 400, "VALIDATION_ERROR");
      expect(invalid.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/body/caption", "/body/count"]);
      const missing = problemOf(await upload("missing-file", [{ name: "caption", value: "hi" }]), 400, "VALIDATION_ERROR");
      expect(missing.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body/avatar"]);
    });

    it("enforces encoding.contentType per part with a 415 pointing at the part", async () => {
      const problem = problemOf(await upload("wrong-part-type", [{ ...avatarPart, type: "text/plain" }, { name: "caption", value: "hi" }]), 415, "UNSUPPORTED_MEDIA_TYPE");
      expect(problem.errors).toEqual([{ pointer: "/body/avatar", message: "The part's content type text/plain is not allowed; use image/png, image/jpeg." }]);
      const json = problemOf(await upload("wrong-json-part-type", [avatarPart, { name: "caption", value: "hi" }, { name: "meta", value: "{}", type: "text/xml" }]), 415, "UNSUPPORTED_MEDIA_TYPE");
      expect(json.errors[0].pointer).toBe("/body/meta");
    });

    it("limits parts, field size, file size and the whole body (413 problems)", async () => {
      const parts = Array.from({ length: LIMITS.maxParts + 1 }, (_, i): Part => ({ name: "tags", value: `t${i}` }));
      const many = problemOf(await upload("too-many-parts", [avatarPart, { name: "caption", value: "hi" }, ...parts]), 413, "PAYLOAD_TOO_LARGE");
      expect(many.errors).toEqual([{ pointer: "/body", message: `The body has more than ${LIMITS.maxParts} parts.` }]);
      const field = problemOf(await upload("field-too-large", [avatarPart, { name: "caption", value: "c".repeat(LIMITS.maxFieldSize + 1) }]), 413, "PAYLOAD_TOO_LARGE");
      expect(field.errors).toEqual([{ pointer: "/body/caption", message: `The part exceeds the limit of ${LIMITS.maxFieldSize} bytes for a field.` }]);
      const file = problemOf(await upload("file-too-large", [{ ...avatarPart, value: Buffer.alloc(LIMITS.maxFileSize + 1) }, { name: "caption", value: "hi" }]), 413, "PAYLOAD_TOO_LARGE");
      expect(file.errors).toEqual([{ pointer: "/body/avatar", message: `The file exceeds the limit of ${LIMITS.maxFileSize} bytes.` }]);
      const files = Array.from({ length: 5 }, (_, i): Part => ({ name: "attachments", value: Buffer.alloc(2000), filename: `f${i}` }));
      const whole = await upload("body-too-large", [avatarPart, { name: "caption", value: "hi" }, ...files]);
      problemOf(whole, 413, "PAYLOAD_TOO_LARGE");
      expect(whole.json.detail).toBe(`The request body exceeds the limit of ${BODY_LIMIT} bytes.`);
      // Without Content-Length (chunked), the limit holds while streaming.
      const streamed = await chunked(srv.url, "/avatars", MULTIPART, multipart([avatarPart, { name: "caption", value: "hi" }, ...files]));
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body).code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("answers a malformed body or a missing boundary with 400 MALFORMED_REQUEST_BODY, never a 500 or a hang", async () => {
      const truncated = await http("truncated", "/avatars", { raw: multipart([avatarPart, { name: "caption", value: "hi" }], { close: false }), headers: { "content-type": MULTIPART } });
      expect(problemOf(truncated, 400, "MALFORMED_REQUEST_BODY").detail).toBe("The request body is not valid multipart/form-data.");
      const noBoundary = await http("no-boundary", "/avatars", { raw: multipart([avatarPart]), headers: { "content-type": "multipart/form-data" } });
      expect(problemOf(noBoundary, 400, "MALFORMED_REQUEST_BODY").detail).toBe("The multipart/form-data Content-Type has no boundary.");
      const garbage = await http("garbage", "/avatars", { raw: "this is not multipart at all", headers: { "content-type": MULTIPART } });
      problemOf(garbage, 400, "MALFORMED_REQUEST_BODY");
      // The server is fine afterwards.
      expect((await upload("after-errors", [avatarPart, { name: "caption", value: "ok" }])).status).toBe(200);
    });

    it("authenticates before reading the parts", async () => {
      problemOf(await upload("secured-no-key", [avatarPart, { name: "caption", value: "hi" }], {}, "/documents"), 401, "AUTHENTICATION_REQUIRED");
      const ok = await upload("secured-ok", [avatarPart, { name: "caption", value: "hi" }], { "x-api-key": "secret" }, "/documents");
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json.principal).toBe("key-holder");
    });

    it("fingerprints a multipart body for its idempotency key: the same key with other parts is a 422", async () => {
      const headers = { "x-api-key": "secret", "idempotency-key": `multipart-${pack}` };
      expect((await upload("idempotent-first", [avatarPart, { name: "caption", value: "first" }], headers, "/documents")).status).toBe(200);
      const replay = await upload("idempotent-replay", [avatarPart, { name: "caption", value: "first" }], headers, "/documents");
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      problemOf(await upload("idempotent-changed", [avatarPart, { name: "caption", value: "second" }], headers, "/documents"), 422, "IDEMPOTENCY_KEY_REUSED");
    });
  });
});

/** A POST with a chunked body (no Content-Length), read to the end. */
function chunked(base: string, path: string, contentType: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: "POST", headers: { "content-type": contentType, "transfer-encoding": "chunked" } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    for (let at = 0; at < body.length; at += 1024) req.write(body.subarray(at, at + 1024));
    req.end();
  });
}

describe("busboy is needed only by specs with a multipart body", () => {
  it("main.ts says so when it is, and no runtime file imports busboy statically", () => {
    const withMultipart = path.join(SCRATCH, "forms-multipart", PACKS[0]!);
    expect(readFileSync(path.join(withMultipart, "main.ts"), "utf8")).toContain("the server parses them with busboy (npm i busboy)");
    const without = path.join(SCRATCH, "forms-no-multipart");
    rmSync(without, { recursive: true, force: true });
    expect(runCli(["generate", EXAMPLE_SPEC, "--out", without, "--server", "express", "--no-lint"]).status).toBe(0);
    expect(readFileSync(path.join(without, "main.ts"), "utf8")).not.toContain("busboy");
    for (const dir of [withMultipart, without])
      for (const file of readdirSync(path.join(dir, "runtime", "server"))) expect(readFileSync(path.join(dir, "runtime", "server", file), "utf8"), file).not.toMatch(/from "busboy"|import\("busboy"\)|require\("busboy"\)/);
  });
});

describe("all packs", () => {
  it("answer every recorded form and multipart case with the same status, headers and body", () => {
    expect(recorded.size).toBeGreaterThan(15);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
