/**
 * The requests of apigen's shared server conformance check (`apigen/testing`), against the
 * example Orders API with its example handlers (examples/orders-api/). Every one has a
 * deterministic answer on a freshly booted server: the example's catalogue has fixed ids, and
 * no case creates anything, so a pack's answers can be compared with the answers every built-in
 * pack gives (templates/conformance/answers.json).
 */

export interface ConformanceCase {
  name: string;
  method: string;
  /** The request target as sent (origin-form; an absolute-form one for the proxy case). `{cursor}`: the last `next_cursor` answered. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

const PRODUCT = "7b1e5d2c-3f4a-4b6c-8d9e-0f1a2b3c4d01";
const NO_SUCH_ORDER = "00000000-0000-4000-8000-000000000000";
/** The one origin the conformance config allows cross-origin calls from. */
export const CONFORMANCE_ORIGIN = "https://app.example";

const alice = { authorization: "Bearer alice-token" };
const json = { ...alice, "content-type": "application/json" };

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  { name: "a list", method: "GET", target: "/products", headers: alice },
  { name: "a first page with a signed cursor", method: "GET", target: "/products?limit=1", headers: alice },
  { name: "the next page by cursor", method: "GET", target: "/products?limit=1&cursor={cursor}", headers: alice },
  { name: "a tampered cursor", method: "GET", target: "/products?limit=1&cursor={cursor}x", headers: alice },
  { name: "one resource", method: "GET", target: `/products/${PRODUCT}`, headers: alice },
  { name: "HEAD of a GET operation", method: "HEAD", target: `/products/${PRODUCT}`, headers: alice },
  { name: "a path parameter of the wrong format", method: "GET", target: "/products/not-a-uuid", headers: alice },
  { name: "a path that is not valid percent-encoding", method: "GET", target: "/products/%E0%A4%A", headers: alice },
  { name: "an absolute-form target", method: "GET", target: "http://api.example/categories", headers: alice },
  { name: "a handler's own problem", method: "GET", target: `/orders/${NO_SUCH_ORDER}`, headers: alice },
  { name: "a deprecated operation", method: "GET", target: `/orders/${NO_SUCH_ORDER}/invoice`, headers: alice },
  { name: "no credentials", method: "GET", target: "/orders" },
  { name: "invalid credentials", method: "GET", target: "/orders", headers: { authorization: "Bearer nobody" } },
  { name: "an API key", method: "GET", target: "/orders?limit=5", headers: { "x-api-key": "example-api-key" } },
  { name: "a missing scope", method: "DELETE", target: `/orders/${NO_SUCH_ORDER}`, headers: { authorization: "Bearer reporting-token" } },
  { name: "a query of the wrong type", method: "GET", target: "/orders?limit=abc", headers: alice },
  { name: "an unacceptable Accept", method: "GET", target: "/orders", headers: { ...alice, accept: "text/html" } },
  { name: "malformed JSON", method: "POST", target: "/orders", headers: json, body: "{broken" },
  { name: "missing body fields", method: "POST", target: "/orders", headers: json, body: "{}" },
  { name: "an undeclared content type", method: "POST", target: "/orders", headers: { ...alice, "content-type": "application/xml" }, body: "<order/>" },
  { name: "a body over the limit", method: "POST", target: "/orders", headers: json, body: JSON.stringify({ note: "x".repeat(5000) }) },
  { name: "a known path with another method", method: "PUT", target: "/orders", headers: alice },
  { name: "an unknown path", method: "GET", target: "/nothing/here" },
  { name: "a trailing slash", method: "GET", target: "/products/", headers: alice },
  { name: "a CORS preflight", method: "OPTIONS", target: "/orders", headers: { origin: CONFORMANCE_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, idempotency-key" } },
  { name: "a cross-origin call", method: "GET", target: "/categories", headers: { ...alice, origin: CONFORMANCE_ORIGIN } },
  { name: "a call from another origin", method: "GET", target: "/categories", headers: { ...alice, origin: "https://elsewhere.example" } },
  { name: "liveness", method: "GET", target: "/livez" },
  { name: "readiness", method: "GET", target: "/readyz" },
  { name: "readiness by HEAD", method: "HEAD", target: "/readyz" },
];
