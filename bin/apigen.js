#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled TypeScript under dist/.
import { main } from "../dist/cli/main.js";

main(process.argv).then((code) => {
  process.exitCode = code;
});
