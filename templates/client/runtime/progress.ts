/**
 * Upload and download progress (`onUploadProgress`, `onDownloadProgress`): a fetch wrapper that
 * counts the bytes of the request body as fetch reads it and of the response body as the caller
 * reads it. Loaded only by calls that ask for progress (core.ts imports it dynamically).
 *
 * Uploads are sent as a stream where fetch can send one (Node, Deno, Chromium over HTTP/2 or 3).
 * A body that is not a stream is first read into a Blob, so its total is known (and sent as
 * Content-Length where the platform lets a caller set it: Node), and each retry streams it again.
 * Where fetch cannot stream a request (Firefox, Safari; Chromium over HTTP/1.1, which refuses
 * before reading any of it) the Blob is sent whole and progress is reported once, when it is sent.
 */
import type { CallOptions, ProgressCallback } from "./types.js";

let streams: boolean | undefined;

/** Whether fetch sends a ReadableStream body (the feature test from the Fetch standard's authors). */
function canStreamRequests(): boolean {
  if (streams === undefined) {
    let duplex = false;
    try {
      const init = {
        method: "POST",
        body: new ReadableStream(),
        get duplex() {
          duplex = true;
          return "half";
        },
      };
      // A browser without streaming stringifies the stream, and so sets a text Content-Type.
      streams = !new Request("http://localhost/", init as RequestInit).headers.has("content-type") && duplex;
    } catch {
      streams = false;
    }
  }
  return streams;
}

/** The stream, calling `count` with the size of each chunk as it passes. */
function counted(source: ReadableStream<Uint8Array>, count: (bytes: number) => void): ReadableStream<Uint8Array> {
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        count(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** A Blob as a stream of 64 KiB chunks, read as fetch pulls them (Blob.stream() may give one big chunk). */
function chunked(blob: Blob): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= blob.size) return controller.close();
      const part = blob.slice(offset, (offset += 65_536));
      controller.enqueue(new Uint8Array(await part.arrayBuffer()));
    },
  });
}

/** The response with a body that reports each chunk read; total from Content-Length unless the body is encoded. */
function download(response: Response, report: ProgressCallback): Response {
  if (!response.body) return response;
  const length = response.headers.get("content-length");
  const total = length !== null && !response.headers.has("content-encoding") ? Number(length) : undefined;
  let loaded = 0;
  const body = counted(response.body, (bytes) => report((loaded += bytes), total));
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Response.url cannot be passed to the constructor; the runtime resolves Link targets against it.
  Object.defineProperty(wrapped, "url", { value: response.url });
  return wrapped;
}

/** `fetcher` with progress reporting for one call (its onUploadProgress and onDownloadProgress). */
export function withProgress(fetcher: typeof fetch, { onUploadProgress: onUpload, onDownloadProgress: onDownload }: CallOptions): typeof fetch {
  const progressFetch = async (url: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    const body = init.body;
    if (onUpload && body != null) {
      const headers = new Headers(init.headers);
      const stream = body instanceof ReadableStream;
      let blob: Blob | undefined;
      let total: number | undefined;
      if (!stream) {
        // FormData and URLSearchParams get their Content-Type (with the multipart boundary) here.
        const encoded = new Response(body);
        blob = await encoded.blob();
        total = blob.size;
        const type = encoded.headers.get("content-type");
        if (type && !headers.has("content-type")) headers.set("content-type", type);
        headers.set("content-length", String(total));
      }
      let loaded = 0;
      const report = (bytes: number) => onUpload((loaded += bytes), total);
      if (stream || canStreamRequests()) {
        try {
          const source = stream ? (body as ReadableStream<Uint8Array>) : chunked(blob!);
          response = await fetcher(url, { ...init, headers, body: counted(source, report), duplex: "half" } as RequestInit);
        } catch (error) {
          // Refused before a byte was read (Chromium over HTTP/1.1): nothing was sent, send it whole.
          if (stream || loaded > 0 || init.signal?.aborted) throw error;
          response = await fetcher(url, { ...init, headers, body: blob! });
          onUpload(total!, total);
        }
      } else {
        response = await fetcher(url, { ...init, headers, body: blob! });
        onUpload(total!, total);
      }
    } else response = await fetcher(url, init);
    return onDownload ? download(response, onDownload) : response;
  };
  return progressFetch as typeof fetch;
}
