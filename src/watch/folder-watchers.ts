import { watch as watchDirectory, realpathSync, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * Watchers on the parent folders of a set of files. A folder is watched rather than the file:
 * editors that save by writing a temporary file and renaming it over the original replace the
 * inode, which a watcher on the file would lose. Events are filtered by file name; a folder that
 * cannot be watched is reported once.
 */
export class FolderWatchers {
  /** Folder -> its watcher and the names in it that matter. */
  private readonly folders = new Map<string, { watcher: FSWatcher; names: Set<string> }>();
  /** Folders already reported as not watchable, so the warning is printed once. */
  private readonly unwatchable = new Set<string>();

  constructor(
    private readonly onChange: (files: string[]) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Makes the folder watchers match `files` exactly (absolute paths). */
  sync(files: Set<string>): void {
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of withRealPath(file)) {
        const dir = path.dirname(target);
        const names = wanted.get(dir) ?? new Set<string>();
        names.add(path.basename(target));
        wanted.set(dir, names);
      }
    }
    for (const [dir, entry] of this.folders) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        this.folders.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const existing = this.folders.get(dir);
      if (existing) existing.names = names;
      else this.add(dir, names);
    }
  }

  close(): void {
    for (const { watcher } of this.folders.values()) watcher.close();
    this.folders.clear();
  }

  private add(dir: string, names: Set<string>): void {
    try {
      const entry = { watcher: undefined as unknown as FSWatcher, names };
      entry.watcher = watchDirectory(dir, { persistent: true }, (_event, name) => {
        if (this.folders.get(dir) !== entry) return;
        // Some platforms do not say which file changed: count it as a change to each watched one.
        const hit = name == null ? [...entry.names] : entry.names.has(String(name)) ? [String(name)] : [];
        if (hit.length > 0) this.onChange(hit.map((n) => path.join(dir, n)));
      });
      entry.watcher.on("error", () => {
        // The folder went away (or the watcher broke): drop it, and let a run find out what is left.
        if (this.folders.get(dir) !== entry) return;
        entry.watcher.close();
        this.folders.delete(dir);
        this.onChange([...entry.names].map((n) => path.join(dir, n)));
      });
      this.folders.set(dir, entry);
      this.unwatchable.delete(dir);
    } catch (e) {
      if (!this.unwatchable.has(dir)) {
        this.unwatchable.add(dir);
        this.log(`apigen: cannot watch ${displayPath(dir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); changes there are not seen`);
      }
    }
  }
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

/** A path as the user reads it: relative to the working directory when it is inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}
