/**
 * The headers every answer of an operation carries, worked out once per operation (compile.ts)
 * so that a request pays only for copying them:
 * - `X-Content-Type-Options: nosniff` on every answer (problems and probes set it themselves), so
 *   a browser never runs a JSON or text body as a script or page;
 * - `Cache-Control: no-store` on answers of authenticated operations, so neither a shared cache
 *   nor the browser keeps one caller's data; a handler that sets its own Cache-Control wins;
 * - `Deprecation`, `Sunset` (the spec's `x-sunset`) and `Link: <url>; rel="deprecation"` (the
 *   spec's `x-deprecation-link`, RFC 9745) on every answer of a deprecated operation.
 */
import type { OperationContract } from "./types.js";

export function operationHeaders(contract: OperationContract, authenticated: boolean): [string, string][] {
  const headers: [string, string][] = [["x-content-type-options", "nosniff"]];
  if (authenticated) headers.push(["cache-control", "no-store"]);
  const { deprecated } = contract;
  if (deprecated) {
    headers.push(["deprecation", "true"]);
    const sunset = deprecated.sunset && new Date(deprecated.sunset);
    if (sunset && !Number.isNaN(sunset.getTime())) headers.push(["sunset", sunset.toUTCString()]);
    // A URL with `>` or a line break would break the header: such a link is left out.
    if (deprecated.link && !/[<>\s]/.test(deprecated.link)) headers.push(["link", `<${deprecated.link}>; rel="deprecation"`]);
  }
  return headers;
}
