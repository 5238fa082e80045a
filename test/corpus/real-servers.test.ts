/**
 * Real-world specs through the server packs (issue 4, "More checks"): the server output of every
 * real spec that generates (GitHub's included) must compile under tsc7 --strict for each pack, and
 * the Nest and Fastify outputs must boot once compiled to JS with TypeScript 5.9.
 *
 * The machinery lives in scripts/corpus.mjs (the server step of `npm run corpus`, which also boots
 * GitHub's servers in every pack; its TypeScript 5.9 emit takes minutes, too slow for the default
 * run, so this test boots two medium-size specs instead: rclone, unsecured, must answer the scaffold's 501
 * problem, and Blockfrost, secured by an API key, a 401). This file is separate from
 * real-specs.test.ts so the two can run on different workers; it writes to
 * .tmp/test/corpus-servers.
 *
 * Known compile failures are listed as ratchets: a new one fails the test, a fixed one only logs.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as corpus from "../../scripts/corpus.mjs";
import { SCRATCH } from "../helpers/paths.js";

type Pack = corpus.ServerPack;

const PACKS: Pack[] = corpus.SERVER_PACKS;

/** Refused by apigen as shipped (see INVALID_AS_SHIPPED in real-specs.test.ts); their `-warn` entries (`--validation warn`) are used. */
const INVALID_AS_SHIPPED = new Set(["directus", "blockfrost"]);

/**
 * Server outputs known not to compile, per spec and pack, as `<file in the output folder> <TS code>`
 * (none today).
 */
const KNOWN_SERVER_COMPILE_FAILURES: Record<string, Partial<Record<Pack, string[]>>> = {};

/** Specs whose output is compiled with TypeScript 5.9 and booted, with the status the probe must get. */
const BOOT_SPECS: Record<string, number> = {
  rclone: 501,
  "blockfrost-warn": 401,
  // GitHub's TypeScript 5.9 emit takes 35 s on an idle machine and minutes on a busy one: opt in.
  ...(process.env.APIGEN_CORPUS_BOOT_GITHUB ? { github: 501 } : {}),
};
/**
 * Packs booted: Nest (decorators, module wiring), Fastify (find-my-way refuses some route shapes
 * at registration that tsc cannot see) and Hono (its router may too). Express routing runs under
 * Nest too.
 */
const BOOT_PACKS: Pack[] = ["nest", "fastify", "hono"];

const specs = corpus.corpusSpecs().filter((s) => s.group === "real" && !INVALID_AS_SHIPPED.has(s.slug));

function ratchet(label: string, found: string[], known: string[] = []) {
  const fresh = found.filter((f) => !known.includes(f));
  const fixed = known.filter((k) => !found.includes(k));
  if (fixed.length) console.log(`${label}: no longer failing, remove from the known list: ${fixed.join(", ")}`);
  expect(fresh, `${label}: new failures`).toEqual([]);
}

describe("real-world specs: server output of every pack", () => {
  let generated: corpus.ServerGenerateResult[] = [];
  let tsc: corpus.ServerTypecheckResult;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    corpus.setCorpusDir(path.join(SCRATCH, "corpus-servers"));
    let t = performance.now();
    generated = await corpus.generateServers(specs, { jobs: 2 });
    timings.generate = Math.round(performance.now() - t);
    const complete = specs.filter((s) => generated.filter((g) => g.slug === s.slug).every((g) => g.exitCode === 0 && !g.crashed)).map((s) => s.slug);
    t = performance.now();
    tsc = corpus.typecheckServers(complete);
    timings.tsc = Math.round(performance.now() - t);
    console.log(`server outputs: generation ${timings.generate} ms, tsc7 ${timings.tsc} ms (${tsc.runs.map((r) => `${r.name} ${r.ms} ms`).join(", ")})`);
  }, 900_000);

  for (const pack of PACKS) {
    it(`${pack}: every real spec's server output generates and compiles under tsc7 --strict`, () => {
      expect(tsc.unattributed, "tsc output not attributable to a spec").toEqual([]);
      for (const spec of specs) {
        const g = generated.find((x) => x.slug === spec.slug && x.pack === pack);
        expect(g, `${spec.slug}: not generated`).toBeDefined();
        expect(g!.crashed, `${spec.slug} --server ${pack} crashed apigen:\n${g!.stderr}`).toBe(false);
        expect(g!.exitCode, `${spec.slug} --server ${pack} failed:\n${g!.stderr}`).toBe(0);
        const errors = tsc.bySlug[spec.slug]?.[pack] ?? [];
        const prefix = `${corpus.serverDir(spec.slug, pack)}/`;
        const found = [...new Set(errors.map((e) => `${e.file.startsWith(prefix) ? e.file.slice(prefix.length) : e.file} ${e.code}`))];
        if (errors.length) console.log(`${spec.slug} (${pack}):\n${errors.slice(0, 20).map((e) => `  ${e.file}:${e.line} ${e.code} ${e.message}`).join("\n")}`);
        ratchet(`${spec.slug} --server ${pack} compile errors`, found, KNOWN_SERVER_COMPILE_FAILURES[spec.slug]?.[pack]);
      }
    });
  }

  for (const pack of BOOT_PACKS)
    for (const [slug, status] of Object.entries(BOOT_SPECS)) {
      it(`${pack}: ${slug} compiled with TypeScript 5.9 boots, answers a known route ${status} and an unknown one 404`, async () => {
        const g = generated.find((x) => x.slug === slug && x.pack === pack);
        expect(g?.exitCode, `${slug} --server ${pack} did not generate`).toBe(0);
        const compiled = await corpus.compileServer(slug, pack);
        expect(compiled.errors, `${slug}: tsc 5.9 errors`).toEqual([]);
        const probe = await corpus.pickProbe(g!.input);
        expect(probe?.expect, `${slug}: probe ${probe?.method} ${probe?.path}`).toBe(status);
        const boot = await corpus.bootServer(slug, pack, probe);
        console.log(`${pack} ${slug}: tsc 5.9 emit ${compiled.ms} ms, boot ${boot.bootMs} ms; ${probe!.method} ${probe!.path} -> ${boot.known?.status}, unknown -> ${boot.unknown?.status}`);
        expect(boot.problems, `${slug}: ${boot.stderr}`).toEqual([]);
        expect(boot.known!.body).toMatchObject({ status, instance: probe!.path });
        expect(boot.unknown!.body).toMatchObject({ status: 404, title: "Not Found" });
      }, 240_000);
    }
});
