/**
 * Unions on the server (issue 11): strictness (`additionalProperties: false`) in every variant of
 * a discriminated union, with and without mapping, in variants that are allOf compositions and in
 * a closed allOf merge; and precise 400s: an unknown or missing tag points at the tag and lists
 * the allowed values, errors of the chosen variant point inside it, and a union without
 * discriminator reports its closest variant. Every pack, over HTTP, byte-identical answers.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { boot, NEST_COMPILER_OPTIONS, PACKS, type BootedServer, type Pack } from "./conformance/harness.js";
import { call, problemOf, recorded } from "./conformance/http.js";

const SPEC = path.join(FIXTURES, "specs", "3.1", "unions-strict.yaml");

/** Handlers that answer what validation parsed, so an accepted body shows what reached them. */
const ECHO_HANDLERS = `import type { DefaultHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

export const defaultHandlers: DefaultHandlers<Principal> = {
  async createPayment({ body }) { return { status: 200, body: body.payment_method }; },
  async createShape({ body }) { return { status: 200, body }; },
  async createPet({ body }) { return { status: 200, body }; },
  async createContact({ body }) { return { status: 200, body }; },
  async createLabel({ body }) { return { status: 200, body }; },
};
`;

function prepare(pack: Pack): string {
  const dir = path.join(SCRATCH, "unions", pack);
  const result = runCli(["generate", SPEC, "--out", dir, "--server", pack, "--client", "--force", "--no-lint", "--format", "none"]);
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(path.join(dir, "handlers", "default.ts"), ECHO_HANDLERS);
  expect(typecheck(dir, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
  return dir;
}

const errorsOf = (answer: Awaited<ReturnType<typeof call>>) => problemOf(answer, 400, "VALIDATION_ERROR").errors;

describe.each(PACKS)("%s server: unions", (pack: Pack) => {
  let srv: BootedServer;
  const post = (name: string, url: string, json: unknown) => call(srv.url, pack, `unions: ${name}`, "POST", url, { json, auth: null });

  beforeAll(async () => {
    srv = await boot(pack, prepare(pack));
  }, 180_000);
  afterAll(() => srv?.close());

  it("accepts each variant and hands the parsed value to the handler", async () => {
    const card = await post("card", "/payments", { payment_method: { type: "card", token: "tok_12345678" } });
    expect([card.status, card.json]).toEqual([200, { type: "card", token: "tok_12345678" }]);
    const square = await post("square", "/shapes", { kind: "Square", side: 2 });
    expect([square.status, square.json]).toEqual([200, { kind: "Square", side: 2 }]);
    const dog = await post("dog", "/pets", { petType: "dog", name: "Rex", packSize: 3 });
    expect([dog.status, dog.json]).toEqual([200, { petType: "dog", name: "Rex", packSize: 3 }]);
    const phone = await post("phone", "/contacts", { phone: "+4915112345678" });
    expect([phone.status, phone.json]).toEqual([200, { phone: "+4915112345678" }]);
    const label = await post("label", "/labels", { petType: "x", name: "y", color: "red" });
    expect([label.status, label.json]).toEqual([200, { petType: "x", name: "y", color: "red" }]);
  });

  it("rejects extra properties in a strict variant of a discriminated union (mapping)", async () => {
    const errors = errorsOf(await post("extra in card", "/payments", { payment_method: { type: "card", token: "tok_12345678", cvv: "123" } }));
    expect(errors).toEqual([{ pointer: "/body/payment_method/cvv", message: 'Unknown property "cvv".' }]);
  });

  it("rejects extra properties in a strict variant of a discriminated union without mapping", async () => {
    const errors = errorsOf(await post("extra in square", "/shapes", { kind: "Square", side: 2, radius: 1 }));
    expect(errors).toEqual([{ pointer: "/body/radius", message: 'Unknown property "radius".' }]);
  });

  it("rejects extra properties in a variant that is an allOf composition, and accepts every member's properties", async () => {
    const errors = errorsOf(await post("extra in dog", "/pets", { petType: "dog", name: "Rex", packSize: 3, indoor: true }));
    expect(errors).toEqual([{ pointer: "/body/indoor", message: 'Unknown property "indoor".' }]);
    const cat = await post("cat", "/pets", { petType: "cat", name: "Tom", indoor: true });
    expect([cat.status, cat.json]).toEqual([200, { petType: "cat", name: "Tom", indoor: true }]);
  });

  it("rejects extra properties after a closed allOf merge", async () => {
    const errors = errorsOf(await post("extra in label", "/labels", { petType: "x", name: "y", color: "red", size: 1 }));
    expect(errors).toEqual([{ pointer: "/body/size", message: 'Unknown property "size".' }]);
  });

  it("a spec pattern that backtracks catastrophically answers at once on a long value", async () => {
    // Natively this pattern needs about 2^n steps for n letters and a "!": 60 would not finish.
    const slug = `${"a".repeat(60)}!`;
    const started = performance.now();
    const errors = errorsOf(await post("catastrophic pattern", "/labels", { petType: "x", name: "y", slug }));
    expect(errors).toEqual([{ pointer: "/body/slug", message: "Invalid string: must match pattern /^([a-z0-9]+-?)*[a-z0-9]$/u" }]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await post("long slug", "/labels", { petType: "x", name: "y", slug: "ab-".repeat(50_000) + "c" })).status).toBe(200);
  });

  it("an unknown or missing tag points at the tag and lists the allowed values", async () => {
    const allowed = 'Invalid option: expected one of "card"|"bank_transfer"';
    expect(errorsOf(await post("unknown tag", "/payments", { payment_method: { type: "cheque" } }))).toEqual([{ pointer: "/body/payment_method/type", message: allowed }]);
    expect(errorsOf(await post("missing tag", "/payments", { payment_method: { token: "tok_12345678" } }))).toEqual([{ pointer: "/body/payment_method/type", message: allowed }]);
    expect(errorsOf(await post("unknown shape", "/shapes", { kind: "circle", radius: 1 }))).toEqual([{ pointer: "/body/kind", message: 'Invalid option: expected one of "Circle"|"Square"' }]);
  });

  it("errors of the chosen variant point inside it", async () => {
    const errors = errorsOf(await post("bad card", "/payments", { payment_method: { type: "card", token: "short" } }));
    expect(errors).toEqual([{ pointer: "/body/payment_method/token", message: expect.stringContaining(">=8") }]);
    const missing = errorsOf(await post("bank without iban", "/payments", { payment_method: { type: "bank_transfer" } }));
    expect(missing.map((e: any) => e.pointer)).toEqual(["/body/payment_method/iban"]);
    const dog = errorsOf(await post("dog without pack", "/pets", { petType: "dog", name: "" }));
    expect(dog.map((e: any) => e.pointer).sort()).toEqual(["/body/name", "/body/packSize"]);
  });

  it("a union without discriminator reports its closest variant", async () => {
    const phone = errorsOf(await post("bad phone", "/contacts", { phone: "12" }));
    expect(phone).toEqual([{ pointer: "/body/phone", message: expect.stringContaining("Invalid string") }]);
    const email = errorsOf(await post("bad email", "/contacts", { email: "nope", extra: 1 }));
    expect(email.map((e: any) => e.pointer)).toEqual(["/body/email", "/body/extra"]);
    // Every variant fails hard here (a wrong type, a missing property): zod alone says "Invalid input" at /body.
    const wrongType = errorsOf(await post("email of wrong type", "/contacts", { email: 5 }));
    expect(wrongType).toEqual([{ pointer: "/body/email", message: "Invalid input: expected string, received number" }]);
  });
});

describe("all packs: unions", () => {
  it("answer every recorded case with the same status, headers and body", () => {
    expect(recorded.size).toBeGreaterThan(10);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
