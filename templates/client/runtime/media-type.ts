/** Media type helpers shared by the body encoders and the response reader. */

/** The media type of a Content-Type value, lower case and without parameters. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? "").replace(/;.*/, "").trim().toLowerCase();
}

/**
 * application/json and every `+json` type (problem+json, merge-patch+json, vnd.api+json), as the
 * generator and the server runtime decide it (test/runtime/server/media-type.property.test.ts): not
 * `text/json`, which the server would read as text.
 */
export function isJsonMediaType(mediaType: string): boolean {
  return /^\s*(application\/json|[^;]*\+json)\s*(;|$)/i.test(mediaType);
}
