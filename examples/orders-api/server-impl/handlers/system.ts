// Handlers of the "system" operations.
import type { SystemHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";

export const systemHandlers: SystemHandlers<Principal> = {
  getHealth() {
    return { status: 200, body: { status: "ok", version: "1.0.0", time: new Date().toISOString() } };
  },
};
