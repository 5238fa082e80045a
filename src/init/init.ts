import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import Handlebars from "handlebars";
import { CONFIG_FILES } from "../config/load-config.js";
import { stringLiteral } from "../emit/escape.js";
import { TEMPLATES_DIR } from "../templates-dir.js";

export type ConfigFormat = "ts" | "mjs" | "json" | "yaml";
export const CONFIG_FORMATS: readonly ConfigFormat[] = ["ts", "mjs", "json", "yaml"];

export interface InitOptions {
  /** The project folder: where the spec is looked for and the config is written. */
  cwd: string;
  /** The OpenAPI document (path relative to cwd, or an http(s) URL); found in cwd when not given. */
  spec?: string;
  /** The config file's format (default: ts, or mjs when the project has no typescript package). */
  format?: ConfigFormat;
  /** The output folder of the generated code (default: src/api). */
  out?: string;
  /** Ask for what the options leave open. False when stdin is not a TTY (or with --yes): ask nothing. */
  interactive: boolean;
  /** Asks one question; an empty answer means the default. Default: a readline prompt on stdin/stdout. */
  prompt?: (question: string, defaultAnswer: string) => Promise<string>;
}

export interface InitResult {
  /** The absolute path of the config file written. */
  file: string;
  /** What to run next. */
  nextCommand: string;
}

/** A problem the user can fix (existing config, no spec found, bad answer): print the message, exit 1. */
export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InitError";
  }
}

/** Where a spec usually lives, in the order they are tried (relative to the project folder). */
export const SPEC_CANDIDATES: readonly string[] = ["openapi", "swagger", "api", "spec/openapi", "docs/openapi"].flatMap((base) =>
  ["yaml", "yml", "json"].map((ext) => `${base}.${ext}`),
);

export const DEFAULT_OUTPUT = "src/api";
export const NEXT_COMMAND = "npx apigen generate";
const MAX_ATTEMPTS = 5;

/**
 * Writes a commented apigen config file (one job) into `cwd`, and says what to run next.
 * Never overwrites: an existing config of any format is an InitError, and the file is created
 * exclusively. Asks questions only when `interactive`.
 */
export async function init(options: InitOptions): Promise<InitResult> {
  const cwd = path.resolve(options.cwd);
  const existing = CONFIG_FILES.find((name) => existsSync(path.join(cwd, name)));
  if (existing) throw new InitError(`${existing} already exists in ${cwd}; apigen init does not overwrite it. Edit it, or delete it and run init again.`);
  if (options.format !== undefined && !CONFIG_FORMATS.includes(options.format)) {
    throw new InitError(`unknown config format ${JSON.stringify(options.format)}; use one of ${CONFIG_FORMATS.join(", ")}`);
  }

  let prompt = options.interactive ? options.prompt : undefined;
  let closePrompt: (() => void) | undefined;
  if (options.interactive && !prompt) ({ prompt, close: closePrompt } = terminalPrompt());
  try {
    const spec = await chooseSpec(cwd, options.spec, prompt);
    const out = options.out ?? (prompt ? await askNonEmpty(prompt, "Output folder for the generated code", DEFAULT_OUTPUT) : DEFAULT_OUTPUT);
    const client = prompt ? await askYesNo(prompt, "Generate the typed client too? (y/n)", true) : true;
    const format = options.format ?? (prompt ? await askFormat(prompt, defaultFormat(cwd)) : defaultFormat(cwd));

    const file = path.join(cwd, `apigen.config.${format}`);
    const contents = renderConfig(format, { input: configPath(cwd, spec), output: configPath(cwd, out), client });
    await writeExclusive(file, contents);
    return { file, nextCommand: NEXT_COMMAND };
  } finally {
    closePrompt?.();
  }
}

/** The first of SPEC_CANDIDATES in `cwd` that looks like an OpenAPI (or Swagger) document. */
export function findSpec(cwd: string): string | undefined {
  for (const candidate of SPEC_CANDIDATES) {
    const file = path.join(cwd, candidate);
    if (isFile(file) && looksLikeSpec(file)) return candidate;
  }
  return undefined;
}

export interface ConfigValues {
  /** Spec path or URL as it goes into the config (relative to the config's folder, `/`-separated). */
  input: string;
  output: string;
  client: boolean;
}

/** The config file's text. Every value is escaped for its format: a JS string literal, JSON, or a YAML double-quoted scalar. */
export function renderConfig(format: ConfigFormat, values: ConfigValues): string {
  const template = format === "json" ? "config.json.hbs" : format === "yaml" ? "config.yaml.hbs" : "config.module.hbs";
  const quote = format === "yaml" ? yamlDoubleQuoted : stringLiteral;
  const source = readFileSync(path.join(TEMPLATES_DIR, "init", template), "utf8");
  const render = Handlebars.create().compile(source, { noEscape: true, strict: true });
  return render({ input: quote(values.input), output: quote(values.output), client: String(values.client) });
}

/**
 * A YAML double-quoted scalar. Escapes `\` and `"`, and every character YAML does not allow
 * printed (C0/C1 controls, DEL, surrogates, U+FFFE/FFFF) or that YAML 1.1 readers take as a
 * line break (U+0085, U+2028, U+2029).
 */
export function yamlDoubleQuoted(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += ch + value[++i]!;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      out += "\\u" + code.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

async function chooseSpec(cwd: string, given: string | undefined, prompt: InitOptions["prompt"]): Promise<string> {
  if (given !== undefined) {
    if (!isUrl(given) && !isFile(path.resolve(cwd, given))) throw new InitError(`no such file: ${given}`);
    return given;
  }
  const found = findSpec(cwd);
  if (!prompt) {
    if (found) return found;
    throw new InitError(
      `no OpenAPI document found in ${cwd} (looked for ${["openapi", "swagger", "api"].map((b) => `${b}.{yaml,yml,json}`).join(", ")}, spec/openapi.*, docs/openapi.*). Pass its path with --spec <file>.`,
    );
  }
  let question = "Path to your OpenAPI document (YAML or JSON)";
  let answer = "";
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    answer = await askNonEmpty(prompt, question, found ?? "openapi.yaml");
    if (isUrl(answer) || isFile(path.resolve(cwd, answer))) return answer;
    question = `No such file: ${answer}. Path to your OpenAPI document`;
  }
  throw new InitError(`no such file: ${answer}`);
}

async function askNonEmpty(prompt: NonNullable<InitOptions["prompt"]>, question: string, defaultAnswer: string): Promise<string> {
  const answer = (await prompt(question, defaultAnswer)).trim();
  return answer === "" ? defaultAnswer : answer;
}

async function askYesNo(prompt: NonNullable<InitOptions["prompt"]>, question: string, defaultAnswer: boolean): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = (await askNonEmpty(prompt, question, defaultAnswer ? "y" : "n")).toLowerCase();
    if (answer === "y" || answer === "yes") return true;
    if (answer === "n" || answer === "no") return false;
  }
  throw new InitError(`please answer y or n: ${question}`);
}

async function askFormat(prompt: NonNullable<InitOptions["prompt"]>, defaultAnswer: ConfigFormat): Promise<ConfigFormat> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = (await askNonEmpty(prompt, `Config file format (${CONFIG_FORMATS.join(", ")})`, defaultAnswer)).toLowerCase().replace(/^\./, "");
    const format = answer === "yml" ? "yaml" : answer;
    if ((CONFIG_FORMATS as readonly string[]).includes(format)) return format as ConfigFormat;
  }
  throw new InitError(`the config file format must be one of ${CONFIG_FORMATS.join(", ")}`);
}

/**
 * TypeScript when the project uses it (its editor then checks the config against defineConfig's
 * types), else an .mjs config of the same content. Either loads without a TypeScript package.
 */
function defaultFormat(cwd: string): ConfigFormat {
  return resolvesFrom(cwd, "typescript") ? "ts" : "mjs";
}

/** Whether a package resolves from the project folder, as the project's own code would find it. */
export function resolvesFrom(cwd: string, name: string): boolean {
  try {
    createRequire(path.join(cwd, "package.json")).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** A path as the config holds it: relative to the config's folder, `/`-separated; URLs as given. */
function configPath(cwd: string, p: string): string {
  if (isUrl(p)) return p;
  const rel = path.relative(cwd, path.resolve(cwd, p));
  if (rel === "") return ".";
  return path.isAbsolute(rel) ? rel : rel.split(path.sep).join("/");
}

async function writeExclusive(file: string, contents: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new InitError(`${path.basename(file)} already exists; apigen init does not overwrite it.`);
    throw e;
  }
  try {
    await handle.writeFile(contents, "utf8");
  } finally {
    await handle.close();
  }
}

function isUrl(p: string): boolean {
  return /^https?:\/\//i.test(p);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first 64 KB mention an `openapi:` or `swagger:` key (YAML or JSON). */
function looksLikeSpec(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const buffer = Buffer.alloc(65_536);
    const head = buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0));
    return /["']?\b(openapi|swagger)\b["']?\s*:/.test(head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Questions on the terminal: `question (default): `. The end of input (Ctrl-D) while a question
 * waits cancels init with an InitError; readline would otherwise leave the question pending
 * forever and the process would end with nothing said.
 */
export function terminalPrompt(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): { prompt: (question: string, defaultAnswer: string) => Promise<string>; close: () => void } {
  const rl = createInterface({ input, output });
  let closed = false;
  let cancelPending: (() => void) | undefined;
  rl.once("close", () => {
    closed = true;
    cancelPending?.();
  });
  const cancelled = () => new InitError("init cancelled (end of input at a question); nothing was written");
  return {
    prompt: (question, defaultAnswer) => {
      if (closed) return Promise.reject(cancelled());
      return new Promise<string>((resolve, reject) => {
        cancelPending = () => reject(cancelled());
        rl.question(defaultAnswer === "" ? `${question}: ` : `${question} (${defaultAnswer}): `).then(
          (answer) => {
            cancelPending = undefined;
            resolve(answer);
          },
          reject,
        );
      });
    },
    close: () => rl.close(),
  };
}
