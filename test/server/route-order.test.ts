/**
 * Overlapping paths (`/things/{id}` declared before `/things/special`): every pack sends a
 * request for the literal path to the literal route, whatever order the spec lists them in; and
 * a parameter followed by a literal in one segment (`/things/{id}:cancel`); a literal `*`, which
 * find-my-way would read as a wildcard (or refuse before the end of a path).
 * Booted with the untouched scaffolds, whose 501 problems name the operation that answered.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { typecheck } from "../helpers/typecheck.js";
import { ALL_PACKS, boot, NEST_COMPILER_OPTIONS, type BootedServer } from "./conformance/harness.js";

const DIR = path.join(SCRATCH, "route-order");
const SPEC = `openapi: 3.1.0
info: { title: Overlap, version: 1.0.0 }
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: OK } }
  /things/special:
    get:
      operationId: getSpecialThing
      tags: [special]
      responses: { "200": { description: OK } }
  /{slug}:
    get:
      operationId: getPage
      tags: [pages]
      parameters: [{ name: slug, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: OK } }
  /things/{id}:cancel:
    post:
      operationId: cancelThing
      tags: [things]
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { "204": { description: Cancelled } }
  /files/a*b/meta:
    get:
      operationId: getStarMeta
      tags: [files]
      responses: { "200": { description: OK } }
  /files/{name}*:
    get:
      operationId: getStarred
      tags: [files]
      parameters: [{ name: name, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: OK } }
`;

describe.each(ALL_PACKS)("%s", (pack) => {
  let srv: BootedServer;
  beforeAll(async () => {
    const out = path.join(DIR, pack);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path.join(DIR, "openapi.yaml"), SPEC);
    const result = runCli(["generate", path.join(DIR, "openapi.yaml"), "--out", out, "--server", pack, "--client", "--format", "none"]);
    expect(result.status, result.stderr).toBe(0);
    // Also writes the tsconfig.json (decorators for Nest) that vitest compiles the output with.
    expect(typecheck(out, ["**/*.ts"], pack === "nest" ? NEST_COMPILER_OPTIONS : {})).toBe("");
    srv = await boot(pack, out);
  });
  afterAll(() => srv?.close());

  it("a literal segment wins over a parameter declared earlier", async () => {
    const special = await (await fetch(`${srv.url}/things/special`)).json();
    expect(special.detail).toBe("Operation getSpecialThing is not implemented yet.");
    const other = await (await fetch(`${srv.url}/things/other`)).json();
    expect(other.detail).toBe("Operation getThing is not implemented yet.");
  });

  it("a spec GET that takes a probe's path (`/{slug}` here) answers it, not the probe", async () => {
    const livez = await (await fetch(`${srv.url}/livez`)).json();
    expect(livez.detail).toBe("Operation getPage is not implemented yet.");
  });

  it("a parameter followed by a literal (`{id}:cancel`, Google-style custom methods) routes as written", async () => {
    const cancel = await (await fetch(`${srv.url}/things/abc:cancel`, { method: "POST" })).json();
    expect(cancel.detail).toBe("Operation cancelThing is not implemented yet.");
    expect((await fetch(`${srv.url}/things/abc`, { method: "POST" })).status).toBe(405);
  });

  it("a `*` in a path is the character itself, never a wildcard", async () => {
    const meta = await (await fetch(`${srv.url}/files/a*b/meta`)).json();
    expect(meta.detail).toBe("Operation getStarMeta is not implemented yet.");
    const starred = await (await fetch(`${srv.url}/files/report*`)).json();
    expect(starred.detail).toBe("Operation getStarred is not implemented yet.");
    for (const other of ["/files/axb/meta", "/files/a*b/other", "/files/report", "/files/a*b/meta/x"]) expect((await fetch(`${srv.url}${other}`)).status, other).toBe(404);
  });
});
