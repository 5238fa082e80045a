import { isAlias, isCollection, isPair, parseDocument, visit, type Document, type Node } from "yaml";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { findJsonProblem } from "./json-scan.js";
import { jsonSyntaxError } from "./json-syntax.js";
import type { SourceText } from "./source-text.js";

/**
 * Bound that keeps a hostile YAML document (alias bombs, "billion laughs") from exhausting
 * memory: yaml's toJS counts the nodes aliases expand to and gives up past this.
 */
export const MAX_ALIAS_COUNT = 1000;

/**
 * Deepest nesting of objects and arrays accepted. Real specs stay far below (the deepest in
 * apigen's corpus, GitHub and Kubernetes included, nests 23 levels); the stages after loading
 * (and prettier) recurse over the document, so this keeps a hostile one from overflowing the stack.
 */
export const MAX_NESTING_DEPTH = 256;

/** `recovered`: syntax errors read past (only with `recover`), each still an error to report. */
export type ParseResult = { ok: true; value: unknown; recovered?: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses YAML or JSON. JSON goes through JSON.parse (about 10x faster on large specs), then a scan
 * for duplicate keys (which JSON.parse silently resolves to the last one) and excessive nesting.
 * A local file named `.json` is JSON and nothing else: what JSON.parse rejects is reported in JSON's
 * terms. Other text that starts with `{` is tried as JSON first and else read as YAML (of which
 * JSON is a subset), as is every other text. YAML is checked for the same, plus alias bombs and
 * alias cycles.
 */
export function parseSpecText(source: SourceText, options: { recover?: boolean } = {}): ParseResult {
  const trimmed = source.text.trimStart();
  // A local file's name is the user's own word; a URL's path is not (servers answer YAML at /openapi.json).
  const declaredJson = /\.json$/i.test(source.file) && !/^https?:\/\//i.test(source.file);
  if (declaredJson || trimmed.startsWith("{")) {
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(source.text);
      parsed = true;
    } catch (e) {
      if (declaredJson) return { ok: false, diagnostics: [jsonSyntaxError(source, firstLine((e as Error).message))] };
      // else: the YAML parser reads it, or reports where its syntax breaks
    }
    if (parsed) {
      const problem = findJsonProblem(source.text, MAX_NESTING_DEPTH);
      if (!problem) {
        source.isJson = true;
        return { ok: true, value };
      }
      return { ok: false, diagnostics: [problem.kind === "too-deep" ? tooDeep(source, problem.offset) : duplicateKey(source, problem.key, problem.offset)] };
    }
  }
  const doc = parseDocument(source.text, { uniqueKeys: true, prettyErrors: false });
  const errors = doc.errors.map((e): Diagnostic => {
    const offset = e.pos[0];
    return {
      code: e.code === "DUPLICATE_KEY" ? "APIGEN_DUPLICATE_KEY" : "APIGEN_PARSE_ERROR",
      severity: "error",
      message: firstLine(e.message),
      pointer: "",
      position: source.positionAtOffset(offset),
      help: e.code === "DUPLICATE_KEY" ? DUPLICATE_HELP : "Fix the YAML/JSON syntax at this position.",
    };
  });
  // With `recover` (apigen lint), a document that parsed into a mapping despite syntax errors is
  // read as far as the parser understood it (yaml resumes after a bad line); the errors travel along.
  if (errors.length > 0 && !(options.recover && isCollection(doc.contents))) return { ok: false, diagnostics: errors };
  const structure = structureProblem(doc, source);
  if (structure) return { ok: false, diagnostics: [...errors, structure] };
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return errors.length > 0 ? { ok: true, value, recovered: errors } : { ok: true, value };
  } catch (e) {
    const first = firstAlias(doc);
    return {
      ok: false,
      diagnostics: [
        {
          code: "APIGEN_YAML_ALIAS_LIMIT",
          severity: "error",
          message: `${firstLine((e as Error).message)}: YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes`,
          pointer: "",
          position: first?.range ? source.positionAtOffset(first.range[0]) : { file: source.file, line: 1, column: 1 },
          help: "Reduce the use of YAML aliases (*name); apigen refuses documents whose aliases expand beyond a safe size.",
        },
      ],
    };
  }
}

const DUPLICATE_HELP = "Each key may appear once in a mapping; remove or rename the duplicate.";

function duplicateKey(source: SourceText, key: string, offset: number): Diagnostic {
  return {
    code: "APIGEN_DUPLICATE_KEY",
    severity: "error",
    message: `Map keys must be unique; ${JSON.stringify(key)} is repeated`,
    pointer: "",
    position: source.positionAtOffset(offset),
    help: DUPLICATE_HELP,
  };
}

function tooDeep(source: SourceText, offset: number): Diagnostic {
  return {
    code: "APIGEN_INPUT_TOO_DEEP",
    severity: "error",
    message: `objects and arrays are nested more than ${MAX_NESTING_DEPTH} levels deep here`,
    pointer: "",
    position: source.positionAtOffset(offset),
    help: "No API description needs such nesting; apigen refuses it rather than risk running out of stack.",
  };
}

/**
 * One walk over the YAML tree (in document order, without expanding aliases) for what the parser
 * does not report: nesting deeper than MAX_NESTING_DEPTH, and an alias inside the node it refers
 * to, which would make the value infinite (yaml's toJS builds a cyclic object from it).
 */
function structureProblem(doc: Document, source: SourceText): Diagnostic | undefined {
  interface Entry {
    node: unknown;
    depth: number;
    parent: Entry | undefined;
  }
  const anchors = new Map<string, unknown>();
  const stack: Entry[] = [{ node: doc.contents, depth: 1, parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const node = entry.node as Node | null;
    if (!node || typeof node !== "object") continue;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      for (let e = entry.parent; e; e = e.parent) {
        if (e.node === target) {
          return {
            code: "APIGEN_YAML_ALIAS_LIMIT",
            severity: "error",
            message: `alias *${node.source} is inside the node it refers to, which would make the document infinite`,
            pointer: "",
            position: node.range ? source.positionAtOffset(node.range[0]) : { file: source.file, line: 1, column: 1 },
            help: "Replace the alias with a $ref, or copy the part it stands for.",
          };
        }
      }
      continue;
    }
    if ("anchor" in node && typeof node.anchor === "string") anchors.set(node.anchor, node);
    if (!isCollection(node)) continue;
    if (entry.depth > MAX_NESTING_DEPTH) return tooDeep(source, node.range?.[0] ?? 0);
    const children: unknown[] = [];
    for (const item of node.items) {
      if (isPair(item)) children.push(item.key, item.value);
      else children.push(item);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: entry.depth + 1, parent: entry });
  }
  return undefined;
}

function firstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node)) found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
