/**
 * A rollout without dropped requests (issue 12): two instances of each pack behind a load balancer
 * that polls /readyz, constant load through it, and one instance told to stop with SIGTERM in the
 * middle. The instance fails readiness, keeps accepting while the balancer notices, drains and
 * exits 0; not one request fails, and the other instance carries the load afterwards.
 */
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_IMPLEMENTATION, EXAMPLE_SPEC, PACKS } from "../server/conformance/harness.js";
import { buildServer, type Instance, startInstance, stopInstances } from "./harness.js";
import { type LoadBalancer, runLoad, startLoadBalancer } from "./load-balancer.js";

const running: Instance[] = [];
const balancers: LoadBalancer[] = [];
afterAll(async () => {
  await stopInstances(running);
  for (const balancer of balancers) await balancer.close();
});

describe.each(PACKS)("%s: SIGTERM under load", (pack) => {
  it("drops no request while one of two instances stops", async () => {
    const dir = buildServer(pack, EXAMPLE_SPEC, EXAMPLE_IMPLEMENTATION);
    // The balancer checks every 100 ms; the stopping instance keeps accepting for 2 s after SIGTERM (margin for a busy CI machine).
    const env = { SHUTDOWN_DELAY_MS: "2000", DRAIN_TIMEOUT_MS: "5000" };
    const [stopping, staying] = await Promise.all([startInstance(dir, env), startInstance(dir, env)]);
    running.push(stopping!, staying!);
    const balancer = await startLoadBalancer([stopping!.url, staying!.url]);
    balancers.push(balancer);
    await expect.poll(() => balancer.ready().length, { timeout: 5_000 }).toBe(2);

    let stopLoad!: () => void;
    const load = runLoad(balancer.url, "/orders", { authorization: "Bearer alice-token" }, 16, new Promise<void>((resolve) => (stopLoad = resolve)));
    await new Promise((r) => setTimeout(r, 700));
    stopping!.kill("SIGTERM");
    expect(await stopping!.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    stopLoad();
    const result = await load;

    expect(result.failures).toEqual([]);
    expect(result.byBackend[stopping!.url]).toBeGreaterThan(20);
    expect(result.byBackend[staying!.url]).toBeGreaterThan(result.byBackend[stopping!.url]!);
    expect(balancer.ready()).toEqual([staying!.url]);
  }, 120_000);
});
