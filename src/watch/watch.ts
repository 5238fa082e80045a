import { watch as watchDirectory, realpathSync, type FSWatcher } from "node:fs";
import path from "node:path";

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
 * Watches the parent folder of each file rather than the file itself: editors that save by
 * writing a temporary file and renaming it over the original replace the inode, which a watcher
 * on the file would lose. Events are filtered by file name and debounced; runs never overlap
 * (changes during a run queue exactly one more run). The watched set is `files()` plus the last
 * run's inputs; after a failed run the files already watched stay watched, so a broken `$ref`d
 * file being edited is still seen when it is fixed.
 */
export async function watch(options: WatchOptions): Promise<void> {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const { signal } = options;
  if (signal?.aborted) return;

  /** Folder -> its watcher and the names in it that matter. */
  const folders = new Map<string, { watcher: FSWatcher; names: Set<string> }>();
  /** Folders already reported as not watchable, so the warning is printed once. */
  const unwatchable = new Set<string>();
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
  const closeAll = (): void => {
    for (const { watcher } of folders.values()) watcher.close();
    folders.clear();
  };
  const onAbort = (): void => {
    stopped = true;
    if (timer) clearTimeout(timer);
    closeAll();
    wake?.();
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  /** Makes the folder watchers match `files` exactly (absolute paths). */
  const sync = (files: Set<string>): void => {
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of withRealPath(file)) {
        const dir = path.dirname(target);
        const names = wanted.get(dir) ?? new Set<string>();
        names.add(path.basename(target));
        wanted.set(dir, names);
      }
    }
    for (const [dir, entry] of folders) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        folders.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const existing = folders.get(dir);
      if (existing) {
        existing.names = names;
        continue;
      }
      try {
        const entry = { watcher: undefined as unknown as FSWatcher, names };
        entry.watcher = watchDirectory(dir, { persistent: true }, (_event, name) => {
          const current = folders.get(dir);
          if (current !== entry) return;
          // Some platforms do not say which file changed: count it as a change to each watched one.
          const hit = name == null ? [...entry.names] : entry.names.has(String(name)) ? [String(name)] : [];
          if (hit.length > 0) onChange(hit.map((n) => path.join(dir, n)));
        });
        entry.watcher.on("error", () => {
          // The folder went away (or the watcher broke): drop it, and let a run find out what is left.
          if (folders.get(dir) !== entry) return;
          entry.watcher.close();
          folders.delete(dir);
          onChange([...entry.names].map((n) => path.join(dir, n)));
        });
        folders.set(dir, entry);
        unwatchable.delete(dir);
      } catch (e) {
        if (!unwatchable.has(dir)) {
          unwatchable.add(dir);
          log(`apigen: cannot watch ${display(dir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); changes there are not seen`);
        }
      }
    }
  };

  const callerFiles = (): string[] => {
    try {
      return options.files();
    } catch (e) {
      log(`apigen: ${(e as Error).message}`);
      return [];
    }
  };

  try {
    // Watch the initial files before the first run, so an edit made during it is not missed.
    watched = toWatchSet(callerFiles());
    sync(watched);
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
      sync(watched);
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
      const names = [...changed].map(display);
      changed.clear();
      log(`apigen: change in ${names.join(", ")}, regenerating…`);
    }
  } finally {
    stopped = true;
    if (timer) clearTimeout(timer);
    closeAll();
    signal?.removeEventListener("abort", onAbort);
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

/** The file, and its real path when it is (or sits in) a symlink: an edit of the target must count too. */
function withRealPath(file: string): string[] {
  try {
    const real = realpathSync(file);
    return real === file ? [file] : [file, real];
  } catch {
    return [file];
  }
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}
