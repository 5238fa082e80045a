// Child process of kill.test.ts: writes the new output over the old one with the built write stage
// (dist/, since plain node cannot import the .ts sources), so the test can SIGKILL it mid-write.
//   node kill-child.mjs <outDir>            apply the new output
//   node kill-child.mjs <outDir> recover    only run recoverOutput (to kill a recovery)
// APIGEN_KILL_PAUSE_AT=<phase> makes it print "PAUSED <phase>" there and hang until killed, so
// the kill lands exactly at that phase boundary. It prints "START" right before the write
// begins and "DONE" after it, for kills at a random delay.
import { applyOutput, recoverOutput } from "../../dist/write/apply-output.js";
import { buildManifest } from "../../dist/write/manifest.js";
import { planOutput } from "../../dist/write/plan-output.js";
import { META, newSet } from "./kill-fixture.mjs";

const [outDir, mode] = process.argv.slice(2);
const pauseAt = process.env.APIGEN_KILL_PAUSE_AT;

if (mode === "recover") {
  process.stdout.write("START\n");
  await recoverOutput(outDir);
} else {
  const files = newSet();
  const plan = await planOutput(outDir, files, { force: false });
  if (plan.problems.length > 0) {
    process.stderr.write(JSON.stringify(plan.problems) + "\n");
    process.exit(3);
  }
  const manifest = buildManifest(files, META);
  process.stdout.write("START\n");
  await applyOutput(outDir, plan, manifest, {
    onPhase: async (phase) => {
      if (phase !== pauseAt) return;
      process.stdout.write(`PAUSED ${phase}\n`);
      await new Promise(() => setInterval(() => {}, 60_000)); // hang until SIGKILL
    },
  });
}
process.stdout.write("DONE\n");
