import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { getAtPointer, isObject, parsePointer } from "../load/json-pointer.js";
import type { OpenApiVersion } from "../load/load-spec.js";
import type { SourceText } from "../load/source-text.js";
import type { ComponentSchema } from "../ir/schema.js";

export type RawObject = Record<string, unknown>;

/**
 * State shared while one document is normalised: the raw document, the schema components found
 * so far (every $ref target becomes one, so recursion never needs inlining), and diagnostics.
 */
export class NormalizeContext {
  readonly document: RawObject;
  readonly version: OpenApiVersion;
  readonly source: SourceText;
  readonly diagnostics: Diagnostic[] = [];
  private readonly components = new Map<string, ComponentSchema | null>();
  private readonly queue: string[] = [];

  constructor(document: RawObject, version: OpenApiVersion, source: SourceText) {
    this.document = document;
    this.version = version;
    this.source = source;
  }

  /** Registers a $ref target as a component (once) and returns its id. */
  componentFor(ref: string): string {
    if (!this.components.has(ref)) {
      this.components.set(ref, null);
      this.queue.push(ref);
    }
    return ref;
  }

  /** The raw value a local $ref points at (the loader has checked it exists). */
  resolveRaw(ref: string): unknown {
    const tokens = parsePointer(ref);
    return tokens ? getAtPointer(this.document, tokens) : undefined;
  }

  /** Follows `$ref` chains of non-schema objects (parameters, responses, ...) to the object itself. */
  deref(value: unknown): { value: unknown; ref?: string } {
    let current = value;
    let ref: string | undefined;
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === "string" && !seen.has(current.$ref)) {
      seen.add(current.$ref);
      ref = current.$ref;
      current = this.resolveRaw(current.$ref);
    }
    return { value: current, ref };
  }

  nextPending(): string | undefined {
    return this.queue.shift();
  }

  /** A component's schema once normalised. */
  schemaOf(id: string): ComponentSchema["schema"] | undefined {
    return this.components.get(id)?.schema;
  }

  setComponent(component: ComponentSchema): void {
    this.components.set(component.id, component);
  }

  /** Components in registration order: spec order for `components/schemas`, then discovery order. */
  allComponents(): ComponentSchema[] {
    return [...this.components.values()].filter((c): c is ComponentSchema => c !== null);
  }

  /** A schema the structural check let through but that has no meaning (e.g. `type: 12`); `recovery`: its one obvious reading, if any (see check/recoverable.ts). */
  error(code: string, message: string, pointer: string, help?: string, recovery?: string): void {
    this.diagnostics.push({ code, severity: "error", message, pointer, help, ...(recovery ? { recovery } : {}) });
  }

  warn(code: string, message: string, pointer: string, help?: string): void {
    // No position yet: finding one re-parses the text with ranges, which only pays off when printed.
    this.diagnostics.push({ code, severity: "warning", message, pointer, help });
  }
}

export { isObject };
