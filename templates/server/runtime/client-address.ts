/**
 * The client's address, for rate limits (and logs): the peer's address the adapter read from the
 * connection, or, when `ServerOptions.trustProxy` says the server runs behind proxies, the one
 * they recorded in `X-Forwarded-For`. Each proxy appends the address it received the request
 * from, so the rightmost entries are the ones a trusted proxy wrote, and anything left of them
 * may be whatever the client sent.
 */
import type { RawRequest } from "./types.js";

/**
 * `true`: the leftmost `X-Forwarded-For` address (every hop trusted); a number n: the address n
 * hops from the right (n proxies in front of the server; the one a proxy of ours saw); false,
 * 0 or undefined, or no header: the peer's address.
 */
export function clientAddressOf(raw: RawRequest, trustProxy: boolean | number | undefined): string | undefined {
  if (!trustProxy) return raw.clientAddress;
  const header = raw.headers["x-forwarded-for"];
  if (header === undefined) return raw.clientAddress;
  const hops = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  if (hops.length === 0) return raw.clientAddress;
  if (trustProxy === true) return hops[0];
  return hops[Math.max(0, hops.length - Math.floor(trustProxy))];
}
