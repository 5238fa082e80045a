import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import { fingerprintOf, scopedKey } from "../../../.tmp/runtime-server-test/runtime/server/idempotency.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";

const response = { status: 201, headers: { "content-type": "application/json" }, body: "{}" };

describe("MemoryIdempotencyStore", () => {
  it("claims a key, reports in-flight, then done, and mismatch for another fingerprint", async () => {
    const store = new rt.MemoryIdempotencyStore();
    expect(await store.begin("k", "f1", "o", 1000)).toEqual({ state: "new" });
    expect(await store.begin("k", "f1", "o", 1000)).toEqual({ state: "in-flight" });
    expect(await store.begin("k", "f2", "o", 1000)).toEqual({ state: "mismatch" });
    await store.complete("k", "o", response, 1000);
    expect(await store.begin("k", "f1", "o", 1000)).toEqual({ state: "done", response });
    expect(await store.begin("k", "f2", "o", 1000)).toEqual({ state: "mismatch" });
  });

  it("frees a released key, released by its owner only; a completed one stays", async () => {
    const store = new rt.MemoryIdempotencyStore();
    await store.begin("k", "f", "o", 1000);
    await store.release("k", "someone else");
    expect(await store.begin("k", "other", "o2", 1000)).toEqual({ state: "mismatch" });
    await store.release("k", "o");
    expect(await store.begin("k", "other", "o2", 1000)).toEqual({ state: "new" });
    await store.complete("k", "o2", response, 1000);
    await store.release("k", "o2");
    expect((await store.begin("k", "other", "o3", 1000)).state).toBe("done");
  });

  it("expires entries after their TTL (lazily)", async () => {
    let now = 0;
    const store = new rt.MemoryIdempotencyStore({ now: () => now });
    await store.begin("k", "f", "o", 1000);
    await store.complete("k", "o", response, 1000);
    now = 999;
    expect((await store.begin("k", "f", "o", 1000)).state).toBe("done");
    now = 1000;
    expect(await store.begin("k", "g", "o", 1000)).toEqual({ state: "new" });
  });

  it("keeps at most maxBytes of stored responses, dropping the least recently used, and never one bigger than that", async () => {
    let now = 0;
    const store = new rt.MemoryIdempotencyStore({ maxBytes: 100, now: () => now });
    const sized = (n: number) => ({ status: 201, headers: {}, body: "x".repeat(n) });
    for (const key of ["a", "b"]) {
      await store.begin(key, "f", "o", 1000);
      await store.complete(key, "o", sized(40), 1000);
    }
    expect(store.bytes).toBe(80);
    await store.begin("c", "f", "o", 1000);
    await store.complete("c", "o", sized(40), 1000);
    expect([store.bytes, store.size]).toEqual([80, 2]);
    expect(await store.begin("a", "g", "o", 1000)).toEqual({ state: "new" });
    expect((await store.begin("b", "f", "o", 1000)).state).toBe("done");
    await store.begin("huge", "f", "o", 1000);
    await store.complete("huge", "o", { status: 200, headers: { "content-type": "text/plain" }, body: Buffer.alloc(101) }, 1000);
    expect(await store.begin("huge", "other", "o", 1000)).toEqual({ state: "new" });
    expect(store.bytes).toBe(80);
    // Expired records give their bytes back when met.
    now = 10_000;
    await store.begin("b", "f", "o", 1000);
    await store.begin("c", "f", "o", 1000);
    expect(store.bytes).toBe(0);
  });

  it("stays bounded, dropping the least recently used key", async () => {
    const store = new rt.MemoryIdempotencyStore({ maxEntries: 2 });
    await store.begin("a", "f", "o", 1000);
    await store.begin("b", "f", "o", 1000);
    await store.begin("a", "f", "o", 1000); // touch a: b is now the oldest
    await store.begin("c", "f", "o", 1000);
    expect(store.size).toBe(2);
    expect((await store.begin("a", "f", "o", 1000)).state).toBe("in-flight");
    expect((await store.begin("b", "f", "o", 1000)).state).toBe("new");
  });
});

describe("keys and fingerprints", () => {
  it("scopes keys by operation and credentials without storing them in clear", () => {
    const a = scopedKey("createOrder", ["Bearer alice"], "key-1");
    expect(a).not.toContain("alice");
    expect(a).toMatch(/^createOrder:.+:key-1$/);
    expect(scopedKey("createOrder", ["Bearer bob"], "key-1")).not.toBe(a);
    expect(scopedKey("cancelOrder", ["Bearer alice"], "key-1")).not.toBe(a);
    expect(scopedKey("createOrder", ["ab", "c"], "k")).not.toBe(scopedKey("createOrder", ["a", "bc"], "k"));
  });

  it("fingerprints method, URL and body bytes", () => {
    const f = fingerprintOf("POST", "/orders", Buffer.from("{}"));
    expect(fingerprintOf("POST", "/orders", Buffer.from("{}"))).toBe(f);
    expect(fingerprintOf("POST", "/orders", Buffer.from("{ }"))).not.toBe(f);
    expect(fingerprintOf("PUT", "/orders", Buffer.from("{}"))).not.toBe(f);
    expect(fingerprintOf("POST", "/orders?x=1", Buffer.from("{}"))).not.toBe(f);
    expect(fingerprintOf("POST", "/orders", undefined)).not.toBe(f);
  });
});
