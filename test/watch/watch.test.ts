import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { watch, type WatchRunResult } from "../../src/watch/watch.js";
import { SCRATCH } from "../helpers/paths.js";

const ROOT = path.join(SCRATCH, "watch", String(process.pid));
const DEBOUNCE = 80;
/** Longer than the debounce plus fs event latency: after it, no further run may start. */
const QUIET = 400;

let folderCount = 0;
function folder(files: Record<string, string>): string {
  const dir = path.join(ROOT, `case-${++folderCount}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails after a bounded time (fs events can be slow on a busy machine). */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A fake run() that counts calls, never overlapping ones, and answers with `answer(n)` for call n. */
function fakeRun(answer: (n: number) => WatchRunResult | Promise<WatchRunResult>) {
  /** runs: calls started; finished: calls settled (their files are watched right after). */
  const state = { runs: 0, finished: 0, active: 0, maxActive: 0 };
  const run = async (): Promise<WatchRunResult> => {
    state.runs++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    try {
      return await answer(state.runs);
    } finally {
      state.active--;
      state.finished++;
    }
  };
  return { state, run };
}

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe("watch", () => {
  it("runs once, then once per edit, including an editor's write-then-rename, and ignores other files", async () => {
    const dir = folder({ "openapi.yaml": "v1", "notes.txt": "x" });
    const spec = path.join(dir, "openapi.yaml");
    const { state, run } = fakeRun(() => ({ ok: true, files: [spec] }));
    const lines: string[] = [];
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: (l) => lines.push(l) });

    await until(() => state.finished === 1, "the first run");
    await sleep(QUIET);
    expect(state.runs).toBe(1);

    writeFileSync(spec, "v2");
    await until(() => state.finished === 2, "a run after the first edit");
    await sleep(QUIET);
    expect(state.runs).toBe(2);

    writeFileSync(spec, "v3");
    await until(() => state.finished === 3, "a run after the second edit");
    await sleep(QUIET);
    expect(state.runs).toBe(3);

    // How editors save: write a temporary file, rename it over the original (new inode).
    const temp = path.join(dir, ".openapi.yaml.swp");
    writeFileSync(temp, "v4");
    renameSync(temp, spec);
    await until(() => state.finished === 4, "a run after the rename");
    await sleep(QUIET);
    expect(state.runs).toBe(4);

    // And the watch survives the inode change: one more plain edit still counts.
    writeFileSync(spec, "v5");
    await until(() => state.finished === 5, "a run after editing the renamed file");

    writeFileSync(path.join(dir, "notes.txt"), "not an input");
    await sleep(QUIET);
    expect(state.runs).toBe(5);

    ac.abort();
    await done;
    expect(state.maxActive).toBe(1);
    expect(lines).toContain("apigen: watching 1 file(s) for changes (Ctrl-C to stop)");
    expect(lines.filter((l) => l.startsWith("apigen: change in ") && l.includes("openapi.yaml") && l.endsWith("regenerating…"))).toHaveLength(4);
  });

  it("debounces a burst of writes into one run", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    const spec = path.join(dir, "openapi.yaml");
    const { state, run } = fakeRun(() => ({ ok: true, files: [spec] }));
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: () => {} });
    await until(() => state.finished === 1, "the first run");
    for (let i = 0; i < 5; i++) {
      writeFileSync(spec, `burst ${i}`);
      await sleep(5);
    }
    await until(() => state.finished === 2, "a run after the burst");
    await sleep(QUIET);
    expect(state.runs).toBe(2);
    ac.abort();
    await done;
  });

  it("never runs twice at once: changes during a run queue exactly one more run", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    const spec = path.join(dir, "openapi.yaml");
    let release: (() => void) | undefined;
    const { state, run } = fakeRun(async (n) => {
      if (n === 2) await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, files: [spec] };
    });
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: () => {} });
    await until(() => state.finished === 1, "the first run");
    writeFileSync(spec, "v2");
    await until(() => state.runs === 2 && release !== undefined, "the second (slow) run");
    // Two separate changes while run 2 is still going, each past the debounce.
    writeFileSync(spec, "v3");
    await sleep(QUIET);
    writeFileSync(spec, "v4");
    await sleep(QUIET);
    expect(state.runs).toBe(2);
    release!();
    await until(() => state.finished === 3, "the queued run");
    await sleep(QUIET);
    expect(state.runs).toBe(3);
    expect(state.maxActive).toBe(1);
    ac.abort();
    await done;
  });

  it("a change already covered by the run it started does not start another run naming no file", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    const spec = path.join(dir, "openapi.yaml");
    let release: (() => void) | undefined;
    const { state, run } = fakeRun(async (n) => {
      if (n === 2) await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, files: [spec] };
    });
    const lines: string[] = [];
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: (l) => lines.push(l) });
    await until(() => state.finished === 1, "the first run");
    writeFileSync(spec, "v2");
    await until(() => state.runs === 2 && release !== undefined, "the second (slow) run");
    writeFileSync(spec, "v3");
    await sleep(QUIET); // past the debounce: a third run is due
    writeFileSync(spec, "v4"); // seen, but its debounce is still pending when run 2 ends
    await sleep(30);
    release!();
    await until(() => state.finished === 3, "the queued run");
    await sleep(QUIET);
    const changes = lines.filter((l) => l.includes("change in"));
    expect(changes.length).toBeGreaterThanOrEqual(2); // runs 2 and 3 were announced
    for (const line of changes) expect(line).toMatch(/change in \S.*openapi\.yaml/);
    ac.abort();
    await done;
  });

  it("keeps watching after a failed or throwing run, and keeps a broken $ref'd file watched", async () => {
    const dir = folder({ "openapi.yaml": "v1", "pet.yaml": "p1" });
    const spec = path.join(dir, "openapi.yaml");
    const pet = path.join(dir, "pet.yaml");
    const lines: string[] = [];
    const { state, run } = fakeRun((n) => {
      if (n === 1) return { ok: true, files: [spec, pet] };
      // A broken pet.yaml: the loader only knows the spec itself now.
      if (n === 2) return { ok: false, files: [spec] };
      if (n === 3) throw new Error("boom");
      return { ok: true, files: [spec] };
    });
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: (l) => lines.push(l) });
    await until(() => state.finished === 1, "the first run");
    expect(lines).toContain("apigen: watching 2 file(s) for changes (Ctrl-C to stop)");

    writeFileSync(pet, "broken");
    await until(() => state.finished === 2, "the failing run");
    writeFileSync(pet, "still broken");
    await until(() => state.finished === 3, "the throwing run");
    expect(lines).toContain("apigen: boom");
    writeFileSync(pet, "fixed");
    await until(() => state.finished === 4, "the run after the fix");

    // Run 4 succeeded without pet.yaml among its inputs: it is no longer watched.
    await sleep(QUIET);
    writeFileSync(pet, "unreferenced now");
    await sleep(QUIET);
    expect(state.runs).toBe(4);
    expect(lines).toContain("apigen: watching 1 file(s) for changes (Ctrl-C to stop)");
    ac.abort();
    await done;
  });

  it("watches files that a later run starts to reference, in another folder", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    mkdirSync(path.join(dir, "schemas"));
    const spec = path.join(dir, "openapi.yaml");
    const shared = path.join(dir, "schemas", "shared.yaml");
    writeFileSync(shared, "s1");
    const { state, run } = fakeRun((n) => ({ ok: true, files: n === 1 ? [spec] : [spec, shared] }));
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: () => {} });
    await until(() => state.finished === 1, "the first run");
    writeFileSync(shared, "s2");
    await sleep(QUIET);
    expect(state.runs).toBe(1);
    writeFileSync(spec, "v2 with a $ref to schemas/shared.yaml");
    await until(() => state.finished === 2, "the run after the spec edit");
    writeFileSync(shared, "s3");
    await until(() => state.finished === 3, "the run after the shared schema edit");
    ac.abort();
    await done;
  });

  it("stops when the signal aborts: resolves, and later edits run nothing", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    const spec = path.join(dir, "openapi.yaml");
    const { state, run } = fakeRun(() => ({ ok: true, files: [spec] }));
    const ac = new AbortController();
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: () => {} });
    await until(() => state.finished === 1, "the first run");
    writeFileSync(spec, "v2");
    // Abort inside the debounce window: the pending run is dropped.
    ac.abort();
    await done;
    writeFileSync(spec, "v3");
    await sleep(QUIET);
    expect(state.runs).toBe(1);
  });

  it("lets a run in progress finish when aborted, then resolves without another run", async () => {
    const dir = folder({ "openapi.yaml": "v1" });
    const spec = path.join(dir, "openapi.yaml");
    let release: (() => void) | undefined;
    let finished = false;
    const { state, run } = fakeRun(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return { ok: true, files: [spec] };
    });
    const ac = new AbortController();
    let resolved = false;
    const done = watch({ files: () => [spec], run, debounceMs: DEBOUNCE, signal: ac.signal, log: () => {} }).then(() => (resolved = true));
    await until(() => release !== undefined, "the first run to start");
    writeFileSync(spec, "v2");
    ac.abort();
    await sleep(50);
    expect(resolved).toBe(false);
    release!();
    await done;
    expect(finished).toBe(true);
    expect(state.runs).toBe(1);
  });

  it("does nothing when the signal is already aborted", async () => {
    const { state, run } = fakeRun(() => ({ ok: true, files: [] }));
    await watch({ files: () => [], run, signal: AbortSignal.abort(), log: () => {} });
    expect(state.runs).toBe(0);
  });
});
