/**
 * The API a template pack is written against, exported from `apigen` for pack authors. A pack is
 * a folder: `manifest.json` (PackManifest), Handlebars templates, runtime files copied as they
 * are, and optionally a TypeScript module of hooks (ServerPackHooks) that turns the neutral view
 * into what its framework needs. The built-in packs (templates/<name>/) use exactly this API.
 */
import type { ClientView } from "../emit/client/client-view.js";
import type { ServerView } from "../emit/server/server-view-types.js";

/**
 * What a client pack's templates receive: the view client.gen.ts is printed from (operations by
 * group, with their type names, method and pagination). Client packs build on the typed client:
 * their files import `./client.gen.js`.
 */
export type ClientPackView = ClientView["client"];

/** The parts of the output a pack builds on, rendered before it with the neutral view. */
export type PackPart = "core" | "server" | "client";

export interface PackTemplateEntry {
  template: string;
  /** Path in the output folder; a `perTag` template's output contains `[file]`. */
  output: string;
  /** `perTag`: once per entry of the view's `tags`, with that entry as `tag`. */
  render: "once" | "perTag";
  /** `scaffold`: written once, the user's from then on. */
  kind: "generated" | "scaffold";
  /**
   * The template prints Prettier's layout for Prettier's default options wherever its code lines
   * fit in 80 columns: with no Prettier configuration in force, such a file is not formatted again
   * (src/format/print-width.ts). apigen's tests run Prettier over each one and expect no change.
   * Ignored for a template the user overrides.
   */
  preformatted?: boolean;
}

export interface PackManifest {
  name: string;
  description?: string;
  /**
   * `server`: chosen with `--server`; `client`: chosen with `--client-pack`, built on the typed
   * client; `part`: one of apigen's own parts that other packs build on (core, server, client,
   * client-package). Packs without a kind are parts (template overrides of a part replace its manifest).
   */
  kind?: "server" | "client" | "part";
  /** The parts this pack's templates import from (core is always generated). */
  needs?: PackPart[];
  /** The hooks module, relative to the pack's folder (`hooks.ts`). */
  hooks?: string;
  /**
   * For tests, not copied to the output: a module whose `listen(dir, config)` starts the server
   * generated in `dir` on 127.0.0.1 with the app's config (handlers, verifiers, options,
   * lifecycle) and resolves to `{ url, server, close }`. apigen's conformance suite boots every
   * pack through it.
   */
  boot?: string;
  templates: PackTemplateEntry[];
  /** Files copied byte for byte; a `from` that ends in `/` copies every .ts file of that folder. */
  runtime: { from: string; output: string }[];
}

/**
 * One piece of a path template, in order: literal text (slashes included) and parameters.
 * `/orders/{orderId}:cancel` is `[{ literal: "/orders/" }, { param: "orderId", key: "orderId" },
 * { literal: ":cancel" }]`.
 */
export type PathPart = { literal: string } | { param: string; key: string };

/** What hooks get besides the view: apigen's escaping and naming, so a pack never writes its own. */
export interface PackTools {
  /** A TypeScript string literal of any text (spec text is untrusted). */
  stringLiteral(text: string): string;
  /**
   * A name allocator whose names are clear of `reserved` (the names the pack's files declare or
   * import) and of each other: `allocate("OrdersController")` returns it, or `OrdersController2`.
   */
  names(reserved: readonly string[]): { allocate(preferred: string): string };
  /**
   * The names the pack's own templates import, declare or re-export at the top level, read from
   * them (the user's overrides included), as apigen keeps its own names clear of its templates':
   * `names(templateNames())`, plus any name a hook puts into an import list of a template.
   */
  templateNames(): string[];
  /**
   * Prettier's layout for the lines a `preformatted` template prints (its default options: 80
   * columns, two-space indents): whether a line fits at an indent, and an import statement laid
   * out on one line or a name per line. A file whose code lines do not all fit is formatted anyway.
   */
  layout: {
    fits(line: string, indent?: string): boolean;
    namedImport(names: readonly string[], from: string, options?: { typeOnly?: boolean }): string;
    /** `callee(args)` + `end` at `indent`: one line, or an argument per line (first line unindented). */
    call(callee: string, args: readonly string[], indent: string, end?: string): string;
    /** `head[a, b]` + `end` at `indent` (an array; `brackets` "{}" for an object): one line, or an item per line. */
    list(head: string, items: readonly string[], indent: string, brackets?: "[]" | "{}", end?: string): string;
  };
}

/**
 * A server pack's hooks. All optional; a pack without hooks renders the neutral view as it is.
 * Hooks run in apigen's process: a pack is code you trust, like any dependency.
 */
export interface ServerPackHooks {
  /**
   * The route of one operation in the framework's syntax, from the path's parts (a plain string;
   * apigen makes it a literal, `routePath` in each route of the view). Text a router reads as
   * syntax must be escaped here: a spec path is untrusted and must not become another pattern.
   */
  routePath?(parts: readonly PathPart[]): string;
  /** Adds the fields the pack's templates need (names, imports, decorators) to the view. */
  extendView?(view: ServerView, tools: PackTools): ServerView;
}

/** A client pack's hooks (optional): the same tools, over the client's view. */
export interface ClientPackHooks {
  extendView?(view: ClientPackView, tools: PackTools): ClientPackView;
}
