import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Generation and tsc runs are CPU-bound; two cores, two workers.
    maxWorkers: 2,
  },
});
