/**
 * The generated client and the generated server agree on form and multipart bodies: for any
 * value of the fixture's body schemas, what the client puts on the wire (captured from its fetch)
 * decodes on the server (body.ts parseBody + form.ts for urlencoded, multipart.ts for multipart)
 * to the same value, which the server's zod schema accepts. fast-check, fixed seed.
 *
 * The server also reads urlencoded bodies as the spec's `encoding` describes them (deepObject
 * keys, delimited arrays), what other clients send. File names include `"` (sent as %22, as
 * browsers do). Known limits of the encodings themselves, left out of the arbitraries: an empty
 * array (or an empty deepObject object) sends no key at all and arrives absent; -0 travels as
 * "0"; and since the generated client sends an `explode: false` array as repeated keys (it does
 * not follow `encoding` yet), a one-item array whose item holds the delimiter would be split (the
 * fixture's delimited array holds integers).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../../helpers/paths.js";
import { runCli } from "../../helpers/run-cli.js";
import { FORMS_SPEC } from "./harness.js";

const DIR = path.join(SCRATCH, "forms-roundtrip");
const SEED = 20_261_202;

let client: any;
let contracts: any;
let schemas: any;
let body: any;
let form: any;
let multipart: any;

/** The request the generated client would send, captured instead of sent, with a 200 `{}` answer. */
async function captured(call: (api: any) => Promise<unknown>): Promise<{ contentType: string; bytes: Buffer }> {
  let request: Request | undefined;
  const api = client.createClient({
    baseUrl: "http://api.test",
    retry: false,
    auth: { apiKey: "secret" },
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      request = new Request(input, init);
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  await call(api);
  return { contentType: request!.headers.get("content-type")!, bytes: Buffer.from(await request!.arrayBuffer()) };
}

const text = fc.string({ unit: "grapheme", maxLength: 12 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
const signup = fc.record(
  {
    name: fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => [...s].length <= 20 && s.length <= 20),
    age: fc.integer({ min: 0 }),
    newsletter: fc.boolean(),
    ratio: finite,
    interests: fc.array(text, { minLength: 1, maxLength: 4 }),
    codes: fc.array(fc.integer(), { minLength: 1, maxLength: 4 }),
    address: fc.record({ city: text, zip: fc.integer(), geo: fc.record({ lat: finite, verified: fc.boolean() }, { requiredKeys: ["lat"] }) }, { requiredKeys: ["city"] }),
    prefs: fc.record({ theme: text, size: fc.integer() }, { requiredKeys: [] }),
  },
  { requiredKeys: ["name", "age"] },
);

describe("client encoding -> server decoding is the identity", () => {
  beforeAll(async () => {
    rmSync(DIR, { recursive: true, force: true });
    const result = runCli(["generate", FORMS_SPEC, "--out", DIR, "--server", "express", "--client", "--no-lint", "--format", "none"]);
    expect(result.status, result.stderr).toBe(0);
    client = await import(path.join(DIR, "client.gen.ts"));
    contracts = await import(path.join(DIR, "server", "contract.gen.ts"));
    schemas = await import(path.join(DIR, "schemas.gen.ts"));
    body = await import(path.join(DIR, "runtime", "server", "body.ts"));
    form = await import(path.join(DIR, "runtime", "server", "form.ts"));
    multipart = await import(path.join(DIR, "runtime", "server", "multipart.ts"));
  }, 120_000);

  it("application/x-www-form-urlencoded as the generated client sends it (objects as JSON, arrays as repeated keys)", async () => {
    const contract = contracts.createSignupContract;
    const plan = contract.body.forms["application/x-www-form-urlencoded"];
    await fc.assert(
      fc.asyncProperty(signup, async (value) => {
        const wire = await captured((api) => api.forms.createSignup({ body: value }));
        expect(wire.contentType).toBe("application/x-www-form-urlencoded");
        const decoded = form.decodeForm(body.parseBody(wire.bytes, wire.contentType), plan);
        expect(decoded).toEqual(value);
        expect(schemas.CreateSignupBodySchema.parse(decoded)).toEqual(value);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("application/x-www-form-urlencoded as the spec's encoding describes it (other clients): deepObject keys, pipe-joined arrays", async () => {
    const plan = contracts.createSignupContract.body.forms["application/x-www-form-urlencoded"];
    const deep = (form: URLSearchParams, prefix: string, value: Record<string, unknown>) => {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === "object" && item !== null) deep(form, `${prefix}[${key}]`, item as Record<string, unknown>);
        else form.append(`${prefix}[${key}]`, String(item));
      }
    };
    await fc.assert(
      fc.property(signup, (value) => {
        const wire = new URLSearchParams();
        for (const [key, item] of Object.entries(value)) {
          if (key === "address") deep(wire, key, item as Record<string, unknown>);
          else if (key === "codes") wire.append(key, (item as number[]).join("|"));
          else if (key === "prefs") wire.append(key, JSON.stringify(item));
          else for (const one of Array.isArray(item) ? item : [item]) wire.append(key, String(one));
        }
        const decoded = form.decodeForm(body.parseBody(Buffer.from(wire.toString()), "application/x-www-form-urlencoded"), plan);
        expect(decoded).toEqual(value);
        expect(schemas.CreateSignupBodySchema.parse(decoded)).toEqual(value);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("multipart/form-data: text parts, JSON parts, files and arrays of files", async () => {
    const plan = contracts.uploadAvatarContract.body.forms["multipart/form-data"];
    const fileName = fc.oneof(fc.constant("a\"b.png"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 })).filter((s) => !/[/\\]/.test(s) && s !== "." && s !== "..");
    const file = fc.record({ name: fileName, bytes: fc.uint8Array({ maxLength: 64 }), type: fc.constantFrom("image/png", "image/jpeg") });
    const upload = fc.record(
      {
        avatar: file,
        caption: fc.string({ unit: "grapheme", maxLength: 10 }).filter((s) => s.length <= 10),
        tags: fc.array(text, { minLength: 1, maxLength: 3 }),
        count: fc.integer(),
        public: fc.boolean(),
        meta: fc.record({ source: text }, { requiredKeys: [] }),
        attachments: fc.array(fc.record({ name: fc.stringMatching(/^[a-z]{1,8}\.txt$/), bytes: fc.uint8Array({ maxLength: 32 }), type: fc.constant("text/plain") }), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ["avatar", "caption"] },
    );
    const toFile = (f: { name: string; bytes: Uint8Array; type: string }) => new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type });
    await fc.assert(
      fc.asyncProperty(upload, async (value) => {
        const sent = { ...value, avatar: toFile(value.avatar), ...(value.attachments ? { attachments: value.attachments.map(toFile) } : {}) };
        const wire = await captured((api) => api.forms.uploadAvatar({ body: sent }));
        const raw = { headers: { "content-type": wire.contentType, "content-length": String(wire.bytes.length) }, readBody: () => wire.bytes };
        const { body: decoded } = await multipart.readMultipart(raw, plan, 1024 * 1024);
        const parsed = schemas.UploadAvatarBodySchema.parse(decoded);
        const asSent = (f: { fieldName: string; fileName: string; contentType: string; buffer: Buffer }) => ({ name: f.fileName, bytes: new Uint8Array(f.buffer), type: f.contentType });
        const { avatar, attachments, ...fields } = parsed;
        const { avatar: a, attachments: b, ...expectedFields } = value;
        expect(fields).toEqual(expectedFields);
        expect(asSent(avatar)).toEqual({ ...a, bytes: new Uint8Array(a.bytes) });
        expect(attachments?.map(asSent)).toEqual(b?.map((f) => ({ ...f, bytes: new Uint8Array(f.bytes) })));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
