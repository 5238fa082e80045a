import { escapePointerToken } from "../../load/json-pointer.js";
import type { LintRule, RuleContext } from "../types.js";
import { isRecord, localParamPointer, pathPointer, segmentsOf } from "./helpers.js";

/** Every `servers` entry of the document, path items and operations, with its pointer. */
function serverEntries(ctx: RuleContext): { url: string; pointer: string }[] {
  const found: { url: string; pointer: string }[] = [];
  const collect = (owner: unknown, base: string) => {
    const servers = isRecord(owner) ? owner.servers : undefined;
    if (!Array.isArray(servers)) return;
    servers.forEach((s, i) => {
      if (isRecord(s) && typeof s.url === "string") found.push({ url: s.url, pointer: `${base}/servers/${i}/url` });
    });
  };
  collect(ctx.document, "#");
  const paths = isRecord(ctx.document.paths) ? ctx.document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    const base = `#/paths/${escapePointerToken(path)}`;
    collect(item, base);
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) collect(op, `${base}/${method}`);
  }
  return found;
}

const LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|[^/:]*\.localhost|[^/:]*\.local)(:\d+)?$/i;

export const httpsServers: LintRule = {
  id: "https-servers",
  severity: "warn",
  description: "Server URLs use https (localhost excepted)",
  help: "Serve the API over TLS only and list https:// URLs; plain http is fine for localhost.",
  check(ctx) {
    for (const { url, pointer } of serverEntries(ctx)) {
      const match = /^http:\/\/([^/?#]*)/i.exec(url);
      if (match && !LOCAL_HOST.test(match[1]!)) ctx.report(pointer, `server ${url} is not https`);
    }
  },
};

const VERSION_SEGMENT = /^v\d+(\.\d+)*$/i;
const VERSION_HEADER = /(^|-)(api-?)?version$/i;
const VERSION_QUERY = /^(v|version|api[-_]?version)$/i;

export const singleVersioningScheme: LintRule = {
  id: "single-versioning-scheme",
  severity: "warn",
  description: "One versioning scheme: path /v1 (preferred), a header, or a query parameter, never mixed",
  help: "Pick one way to carry the API version (a /v1 path prefix is preferred) and drop the others.",
  check(ctx) {
    const uses = { path: [] as string[], header: [] as string[], query: [] as string[] };
    for (const { url, pointer } of serverEntries(ctx)) {
      if (url.split(/[/?#]/).some((s) => VERSION_SEGMENT.test(s))) uses.path.push(pointer);
    }
    for (const path of new Set(ctx.api.operations.map((op) => op.path))) {
      if (segmentsOf(path).some((s) => VERSION_SEGMENT.test(s.text))) uses.path.push(pathPointer(path));
    }
    for (const op of ctx.api.operations) {
      for (const p of op.parameters) {
        if (p.in === "header" && VERSION_HEADER.test(p.name)) uses.header.push(localParamPointer(ctx, op, p));
        if (p.in === "query" && VERSION_QUERY.test(p.name)) uses.query.push(localParamPointer(ctx, op, p));
      }
    }
    const used = (Object.keys(uses) as (keyof typeof uses)[]).filter((k) => uses[k].length > 0);
    if (used.length < 2) return;
    const main = uses.path.length > 0 ? "path" : used.sort((a, b) => uses[b].length - uses[a].length)[0]!;
    for (const scheme of used) {
      if (scheme === main) continue;
      for (const pointer of new Set(uses[scheme])) ctx.report(pointer, `the version is carried in a ${scheme === "header" ? "header" : "query parameter"} here, and in the ${main === "path" ? "path" : main} elsewhere`);
    }
  },
};
