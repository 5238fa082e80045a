/**
 * The optional peer dependencies (@redis/client, pino, @opentelemetry/api) are imported only when
 * a server is configured to use them, through one function: the specifier is a variable, so a
 * project without the package still type-checks, and "not installed" is told apart from a package
 * that is installed but fails to load (that error is thrown, not taken for absence).
 */
export async function optionalImport<T>(name: string): Promise<T | undefined> {
  const specifier = name;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}
