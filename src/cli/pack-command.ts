import path from "node:path";
import type { Command } from "commander";
import { newPack } from "../packs/new-pack.js";

/** `apigen pack new <name>`: a new server pack to start from (src/packs/new-pack.ts). */
export function registerPackCommand(program: Command): void {
  const pack = program.command("pack").description("template packs: write your own server pack");
  pack
    .command("new")
    .description("write a new server pack (Node's http module over apigen's runtime, with hooks, a boot module and a test) to start a pack of your framework from")
    .argument("<name>", "the pack's name: lower-case letters, digits and dashes")
    .option("--dir <folder>", "where to write <name>/ (default: this folder)", ".")
    .action((name: string, flags: { dir: string }) => {
      const { folder, files } = newPack(name, flags.dir);
      const shown = path.relative(process.cwd(), folder) || ".";
      const server = shown.startsWith(".") || path.isAbsolute(shown) ? shown : `./${shown}`;
      process.stdout.write(`apigen: wrote ${files.length} files to ${shown}/\n`);
      process.stdout.write(`next: apigen generate openapi.yaml --out src/api --server ${server}\n`);
      process.stdout.write(`      its test: npx vitest run ${shown}/test (it generates, boots and calls a small API)\n`);
      process.stdout.write(`      ${shown}/runtime/ compiles inside an output only: exclude it from your tsconfig\n`);
    });
}
