/**
 * `apigen/testing`: apigen's shared server conformance check, for pack authors. Generate the
 * example API with your pack, boot it with the config written next to it, run the cases:
 *
 *   prepareConformance({ pack: packDir, out });
 *   const { config } = await import(path.join(out, "conformance.config.ts"));
 *   const server = await listen(out, config);               // your pack's boot module
 *   expect((await runConformance(server.url)).failures).toEqual([]);
 */
export { CONFORMANCE_CASES, CONFORMANCE_ORIGIN, type ConformanceCase } from "./conformance-cases.js";
export { CONFORMANCE_OPTIONS, prepareConformance, type PrepareOptions } from "./prepare-conformance.js";
export { type ConformanceFailure, type ConformanceReport, type RecordedAnswer, runConformance } from "./run-conformance.js";
