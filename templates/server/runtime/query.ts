/**
 * Query strings and form bodies as objects, decoded as URLSearchParams decodes them (`+` is a
 * space, percent-decoding, UTF-8); repeated keys become arrays. One accumulation rule for both.
 */

/**
 * A parsed query or form: no prototype properties (a `__proto__` or `constructor` key is just a
 * key), yet unlike `Object.create(null)` it keeps V8's fast property layout. Adapters recognise a
 * query the framework parsed with `parseQueryString` by this class.
 */
const QueryObject = function QueryObject() {} as unknown as new () => Record<string, string | string[]>;
QueryObject.prototype = Object.create(null);

/** Whether a framework's parsed query came from `parseQueryString` (so the runtime can use it as it is). */
export function isParsedQuery(value: unknown): value is Record<string, string | string[]> {
  return value instanceof QueryObject;
}

/** The query string of a request URL as an object (see parseQueryString). */
export function parseQuery(url: string): Record<string, string | string[]> {
  const mark = url.indexOf("?");
  if (mark === -1) return new QueryObject();
  const hash = url.indexOf("#", mark);
  return parseQueryString(hash === -1 ? url.slice(mark + 1) : url.slice(mark + 1, hash));
}

/**
 * A query string (without `?`) as an object. Fastify's adapter installs it as Fastify's query
 * parser, so a request's query is parsed once.
 */
export function parseQueryString(query: string): Record<string, string | string[]> {
  if (query.length === 0) return new QueryObject();
  // Nothing to decode (the usual case): split by hand, which gives what URLSearchParams gives
  // (it would also drop a leading `?`) at a fraction of its cost.
  if (query.indexOf("%") === -1 && query.indexOf("+") === -1 && query.charCodeAt(0) !== 0x3f) {
    const out = new QueryObject();
    let start = 0;
    while (start <= query.length) {
      let end = query.indexOf("&", start);
      if (end === -1) end = query.length;
      if (end > start) {
        const eq = query.indexOf("=", start);
        const bare = eq === -1 || eq > end;
        addValue(out, bare ? query.slice(start, end) : query.slice(start, eq), bare ? "" : query.slice(eq + 1, end));
      }
      start = end + 1;
    }
    return out;
  }
  return searchParamsToObject(new URLSearchParams(query));
}

/** URL-encoded pairs (a query, a form body) as an object; a repeated key becomes an array of its values. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out = new QueryObject();
  for (const [key, value] of params) addValue(out, key, value);
  return out;
}

function addValue(out: Record<string, string | string[]>, key: string, value: string): void {
  const seen = out[key];
  if (seen === undefined) out[key] = value;
  else if (typeof seen === "string") out[key] = [seen, value];
  else seen.push(value);
}
