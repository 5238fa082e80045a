/**
 * Turning untrusted spec names into TypeScript identifiers. Every generated name goes through
 * here, so reserved words, leading digits, punctuation and collisions are handled in one place.
 */

/** ECMAScript and TypeScript words that cannot (or should not) name a value or type. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean number string symbol " +
    "bigint object never unknown undefined type of await async declare namespace module keyof infer is readonly " +
    "unique global require constructor arguments eval"
  ).split(" "),
);

/**
 * TypeScript's global names that the printed types use (`Record<string, X>`, `Date`, `Blob`...):
 * a spec schema named like one gets a suffix instead of shadowing it (a component called `Record`
 * becomes `RecordModel`). The names the core files take for themselves are read from their
 * templates (emit/template-names.ts) and passed to typeName beside these.
 */
const TYPESCRIPT_GLOBALS = [
  "Record", "Array", "ReadonlyArray", "Partial", "Omit", "Pick", "Promise", "Date", "Blob", "File", "Object",
  "String", "Number", "Boolean", "Error", "Symbol", "Function", "Map", "Set", "JSON", "Math", "RegExp",
];

/** Words of a name: runs of letters and digits in any script (`user-name` -> `user`, `name`). */
function words(raw: string): string[] {
  const parts = raw.match(/[\p{L}\p{N}]+/gu) ?? [];
  // Split camelCase humps so `getUserByID` and `get_user_by_id` agree.
  return parts.flatMap((p) => p.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u));
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `user-name` -> `UserName`; `1st-place` -> `_1stPlace`; `` -> `Unnamed`. */
export function pascalCase(raw: string): string {
  const joined = words(raw).map(capitalise).join("");
  if (joined === "") return "Unnamed";
  return /^\p{N}/u.test(joined) ? `_${joined}` : joined;
}

/** `get-user` -> `getUser`; `delete` -> `delete_` (a reserved word as a value name). */
export function camelCase(raw: string): string {
  const parts = words(raw);
  if (parts.length === 0) return "unnamed";
  const [first, ...rest] = parts;
  let name = first!.charAt(0).toLowerCase() + first!.slice(1) + rest.map(capitalise).join("");
  if (/^\p{N}/u.test(name)) name = `_${name}`;
  return RESERVED.has(name) ? `${name}_` : name;
}

/** The names a component's type must not take: TypeScript's globals and `taken`, the core files' own names. */
export function takenTypeNames(taken: Iterable<string>): ReadonlySet<string> {
  return new Set([...TYPESCRIPT_GLOBALS, ...taken]);
}

/** A type name that neither collides with TypeScript keywords nor with names the output uses (`taken`). */
export function typeName(raw: string, taken: ReadonlySet<string> = takenTypeNames([])): string {
  const name = pascalCase(raw);
  return taken.has(name) ? `${name}Model` : name;
}

/** Hands out names, adding a numeric suffix on collision; first come (in spec order) keeps the plain name. */
export class NameAllocator {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name);
  }

  allocate(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }

  isUsed(name: string): boolean {
    return this.used.has(name);
  }
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Whether a wire name can be written as a bare property key. */
export function isPlainPropertyKey(name: string): boolean {
  return PLAIN_KEY.test(name) && name !== "__proto__";
}
