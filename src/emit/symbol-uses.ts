/**
 * The symbols printed code refers to, recorded by the printers as they print them, so a file
 * imports exactly what it uses. Searching the printed text instead found names inside spec text
 * (an enum value "M.fast", a property called isJsonEqual) and imported what nothing used, which
 * fails projects built with noUnusedLocals.
 */
export class SymbolUses {
  private readonly used = new Set<string>();

  /** Records `name` as used and returns it, to be printed. */
  use(name: string): string {
    this.used.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }
}
