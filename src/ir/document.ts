import type { OpenApiVersion } from "../load/load-spec.js";
import type { Operation, SecurityScheme } from "./operation.js";
import type { ComponentSchema } from "./schema.js";

/** The whole API after normalisation: what every emitter reads instead of the raw document. */
export interface ApiDocument {
  sourceVersion: OpenApiVersion;
  title: string;
  version: string;
  description?: string;
  /** `info.license`: its name, and its SPDX `identifier` (3.1) or `url`. */
  license?: { name: string; identifier?: string; url?: string };
  /** Server URLs with the default of each `{variable}`. */
  servers: { url: string; description?: string; variables?: Record<string, string> }[];
  /** Component schemas and other $ref targets, in a deterministic order (spec order). */
  schemas: ComponentSchema[];
  operations: Operation[];
  /** Webhooks (3.1), same shape as operations; `path` holds the webhook name. */
  webhooks: Operation[];
  securitySchemes: SecurityScheme[];
}
