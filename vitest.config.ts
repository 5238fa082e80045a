import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest files, slowest first (per-file times of a CI run). A fresh clone has no timings
 * cache, and vitest then starts the largest files first; these are small files with long runs,
 * so starting them late left one worker busy long after the other had finished.
 */
const SLOWEST_FIRST = [
  "test/corpus/real-specs.test.ts",
  "test/corpus/real-servers.test.ts",
  "test/load/swagger2-corpus.test.ts",
  "test/compat/tsconfig-matrix.test.ts",
  "test/oracle/oracle.test.ts",
  "test/client/client-package.test.ts",
  "test/cli/generate-cli.test.ts",
  "test/cli/workflow.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = SLOWEST_FIRST.indexOf(path.relative(this.ctx.config.root, file.moduleId).split(path.sep).join("/"));
      return i === -1 ? SLOWEST_FIRST.length : i;
    };
    // Stable: the rest keep vitest's order (failed first, then by recorded duration or size).
    return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map((x) => x.file);
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Generation and tsc runs are CPU-bound; two cores, two workers.
    maxWorkers: 2,
    // Empties the shared-output cache (test/helpers/output-cache.ts) once per run.
    globalSetup: ["test/global-setup.ts"],
    sequence: { sequencer: SlowestFirst },
  },
});
