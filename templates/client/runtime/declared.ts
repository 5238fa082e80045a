/** Which declared response of an operation a status falls under, as OpenAPI resolves it. */

/** The key in `responses` for `status`: the exact code, else its range (`4XX`), else `default`. */
export function declaredResponseKey(responses: Record<string, string[]>, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return "default" in responses ? "default" : undefined;
}
