/**
 * Its own module: the runtime loads it only when a server's link leads off the API's origin, so a
 * client that never meets one does not carry it.
 */
/**
 * A URL from the server (a Link header's rel="next") that leads to another origin than the
 * client's baseUrl. Not followed: the request would carry the API's credentials there.
 */
export class CrossOriginLinkError extends Error {
  readonly operation: string;
  readonly url: string;

  constructor(operation: string, url: string, baseOrigin: string) {
    super(`${operation}: the server's link leads to ${new URL(url).origin}, not ${baseOrigin}; not followed, so the API's credentials stay with it (crossOriginLinks: "without-credentials" follows such links without them)`);
    this.name = "CrossOriginLinkError";
    this.operation = operation;
    this.url = url;
  }
}
