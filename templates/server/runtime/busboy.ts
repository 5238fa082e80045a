/**
 * busboy, the multipart parser (./multipart.ts), loaded on the first multipart request by a
 * specifier TypeScript does not resolve: a server whose spec has no multipart body compiles and
 * runs without busboy installed. The few busboy types used are declared here for the same reason.
 */
/** What this file uses of busboy's API (busboy 1.x). */
export interface BusboyPartInfo {
  filename?: string | undefined;
  mimeType: string;
  valueTruncated?: boolean;
}
export interface BusboyFileStream {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "limit" | "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  resume(): unknown;
}
export interface Busboy {
  on(event: "field", listener: (name: string, value: string, info: BusboyPartInfo) => void): unknown;
  on(event: "file", listener: (name: string, stream: BusboyFileStream, info: BusboyPartInfo) => void): unknown;
  on(event: "partsLimit" | "filesLimit" | "fieldsLimit" | "close" | "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  write(chunk: Uint8Array): boolean;
  end(chunk?: Uint8Array): unknown;
  destroy(): unknown;
}
export type BusboyFactory = (config: {
  headers: Record<string, string | string[] | undefined>;
  limits: { parts: number; fieldSize: number; fileSize: number; fields: number; files: number; fieldNameSize: number; headerPairs: number };
  defParamCharset: string;
}) => Busboy;

/** A variable, so that TypeScript does not look for busboy's types (or busboy) at compile time. */
const BUSBOY: string = "busboy";
let busboyLoaded: Promise<BusboyFactory> | undefined;

export function loadBusboy(): Promise<BusboyFactory> {
  return (busboyLoaded ??= import(BUSBOY).then(
    (module: { default?: BusboyFactory }) => (module.default ?? module) as BusboyFactory,
    (error: unknown) => {
      busboyLoaded = undefined;
      // Not `new Error(message, { cause })`: the runtime compiles with lib ES2020 too.
      throw Object.assign(new Error("apigen: this API takes multipart/form-data bodies, which need the busboy package (npm install busboy)."), { cause: error });
    },
  ));
}
