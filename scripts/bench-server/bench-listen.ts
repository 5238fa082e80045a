// Tells the bench which port a server listens on (one JSON line on stdout), with the keep-alive
// the generated main.ts sets (65 s), on every server of the bench alike.
import type { Server } from "node:http";

export function announce(server: Server): void {
  // A clean exit on SIGTERM, so `node --cpu-prof` writes its profile.
  process.once("SIGTERM", () => process.exit(0));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not listening on TCP");
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
}
