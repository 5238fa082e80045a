import path from "node:path";
import { displayPath, FolderWatchers } from "./folder-watchers.js";

export interface WatchRunResult {
  ok: boolean;
  /** The input files of this run: the spec and every file it $refs (paths or URLs; URLs are not watched). */
  files: string[];
}

export interface WatchOptions {
  /** Files to watch besides the last run's inputs: the spec, the config file, template overrides. Asked again after every run. */
  files: () => string[];
  /** One generation. Prints its own diagnostics; a failed run (ok: false) or a throw keeps the watch going. */
  run: () => Promise<WatchRunResult>;
  /** Quiet time after the last change before a run starts (default 100 ms). */
  debounceMs?: number;
  /** Aborting closes every watcher; the returned promise resolves once a run in progress has finished. */
  signal?: AbortSignal;
  /** Status lines (default: standard error). */
  log?: (line: string) => void;
}

export const DEFAULT_DEBOUNCE_MS = 100;

/**
 * Runs `run()` once, then again after every change to a watched file, until `signal` aborts.
 *
 * Watches the parent folder of each file (FolderWatchers). Events are debounced; runs never overlap
 * (changes during a run queue exactly one more run). The watched set is `files()` plus the last
 * run's inputs; after a failed run the files already watched stay watched, so a broken `$ref`d
 * file being edited is still seen when it is fixed.
 */
export async function watch(options: WatchOptions): Promise<void> {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const { signal } = options;
  if (signal?.aborted) return;

  let watched = new Set<string>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let stopped = false;
  let wake: (() => void) | undefined;

  const fire = (): void => {
    timer = undefined;
    dirty = true;
    wake?.();
  };
  const onChange = (files: Iterable<string>): void => {
    if (stopped) return;
    for (const f of files) changed.add(f);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };
  const folders = new FolderWatchers(onChange, log);
  const onAbort = (): void => {
    stopped = true;
    if (timer) clearTimeout(timer);
    folders.close();
    wake?.();
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  const callerFiles = () => filesOf(options, log);

  try {
    // Watch the initial files before the first run, so an edit made during it is not missed.
    watched = toWatchSet(callerFiles());
    folders.sync(watched);
    let announced: string | undefined;
    while (!stopped) {
      let result: WatchRunResult;
      try {
        result = await options.run();
      } catch (e) {
        log(`apigen: ${(e as Error).message}`);
        result = { ok: false, files: [] };
      }
      if (stopped) break;
      const next = toWatchSet([...callerFiles(), ...result.files]);
      if (!result.ok) for (const f of watched) next.add(f);
      watched = next;
      folders.sync(watched);
      const key = [...watched].sort().join("\0");
      if (key !== announced) {
        announced = key;
        log(`apigen: watching ${watched.size} file(s) for changes (Ctrl-C to stop)`);
      }
      if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (stopped) break;
      dirty = false;
      // The run about to start reads every change recorded so far, so a debounce timer still
      // pending for one of them must not start another run (one that would name no file).
      if (timer) clearTimeout(timer);
      timer = undefined;
      const names = [...changed].map(displayPath);
      changed.clear();
      log(`apigen: change in ${names.join(", ")}, regenerating…`);
    }
  } finally {
    stopped = true;
    if (timer) clearTimeout(timer);
    folders.close();
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The caller's files; a failure to list them is reported and counts as none. */
function filesOf(options: WatchOptions, log: (line: string) => void): string[] {
  try {
    return options.files();
  } catch (e) {
    log(`apigen: ${(e as Error).message}`);
    return [];
  }
}

/** Absolute paths of the local files among `files` (URLs and standard input are not watchable). */
function toWatchSet(files: string[]): Set<string> {
  const set = new Set<string>();
  for (const f of files) {
    if (f === "-" || f === "<stdin>" || /^[a-z][a-z0-9+.-]*:\/\//i.test(f)) continue;
    set.add(path.resolve(f));
  }
  return set;
}
