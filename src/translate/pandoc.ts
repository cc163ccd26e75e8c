/**
 * pandoc-ts-wrapper: one typed way to run pandoc, whichever pandoc there is.
 *
 * The backend is chosen in one place, `pandocBackendInfo()`:
 *  - `COURSEBOOK_PANDOC=wasm` forces pandoc-wasm, `COURSEBOOK_PANDOC=system` forces
 *    the `pandoc` on the PATH, and `COURSEBOOK_PANDOC=/path/to/pandoc` names one;
 *  - otherwise a `pandoc` 3.x found on the PATH is preferred (native, faster),
 *  - else the `pandoc-wasm` npm package (pandoc 3 compiled to WebAssembly), so that
 *    `npm ci` alone is enough. An older pandoc on the PATH (2.x: no Figure blocks in
 *    its AST) is passed over for pandoc-wasm.
 *
 * Both backends see the same thing: the input (text on stdin, bytes as an input
 * file), the resources as files of pandoc's working directory, and every new file
 * pandoc writes there (e.g. `--extract-media=media`) comes back in `mediaFiles`.
 * pandoc-wasm's virtual file system is flat, so resource names are plain file
 * names (no folders) for both backends.
 *
 * pandoc-wasm is loaded on first use only (about 2 s: a 58 MB module), then the
 * one instance is reused; calls to it are queued, as the instance has a single
 * file system.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type PandocBackend = 'system' | 'wasm';

export interface PandocBackendInfo {
  backend: PandocBackend;
  /** The executable, for the system backend (undefined when forced but not found). */
  executable?: string;
  /** e.g. "3.1.11"; for wasm, known once the module is loaded. */
  version?: string;
  /** Why this backend, for logs: "pandoc 3.1.11 on the PATH", "no pandoc on the PATH". */
  reason: string;
}

export interface PandocRequest {
  /** Text goes to pandoc's stdin; bytes (a DOCX…) are given to pandoc as an input file. */
  input: Uint8Array | string;
  /** Input format with extensions, e.g. "docx+styles", "markdown-smart". */
  from: string;
  /** Output format with extensions, e.g. "docx", "json". */
  to: string;
  /**
   * Other pandoc options, command-line style: "--wrap=none", "--extract-media=media",
   * "--lua-filter=f.lua", "-M key=value"… Not -o/-f/-t or input files: the wrapper
   * manages those.
   */
  args?: string[];
  /** Files pandoc may read, by plain file name (images for DOCX export, a reference.docx…). */
  resources?: Record<string, Uint8Array>;
}

export interface PandocResult {
  output: Uint8Array;
  /** Files pandoc created besides the output, by relative path (e.g. "media/media/rId9.png"). */
  mediaFiles: Record<string, Uint8Array>;
  /** pandoc's warnings, one message each. */
  warnings: string[];
}

export class PandocError extends Error {
  constructor(
    message: string,
    /** pandoc's error output, as it printed it. */
    readonly stderr: string = '',
    /** What went wrong, in pandoc's words (its first error line), for callers that rephrase the message. */
    readonly reason: string = message,
  ) {
    super(message);
    this.name = 'PandocError';
  }
}

/** Oldest system pandoc used: pandoc 3.0 brought the Figure block the translate code relies on. */
const MIN_SYSTEM_MAJOR = 3;
const INPUT_NAME = 'cb-pandoc-input';
const OUTPUT_NAME = 'cb-pandoc-output';

// ---------------------------------------------------------------------------
// Backend choice.

const backendCache = new Map<string, PandocBackendInfo>();

/** Which pandoc runPandoc uses, and why. Cached per PATH and COURSEBOOK_PANDOC. */
export function pandocBackendInfo(env: NodeJS.ProcessEnv = process.env): PandocBackendInfo {
  const forced = env.COURSEBOOK_PANDOC?.trim() ?? '';
  const key = `${forced}\0${env.PATH ?? ''}`;
  let info = backendCache.get(key);
  if (!info) {
    info = chooseBackend(forced, env);
    backendCache.set(key, info);
  }
  return info;
}

/** 'system' (a pandoc executable) or 'wasm' (the pandoc-wasm package). */
export function pandocBackend(env: NodeJS.ProcessEnv = process.env): PandocBackend {
  return pandocBackendInfo(env).backend;
}

function chooseBackend(forced: string, env: NodeJS.ProcessEnv): PandocBackendInfo {
  if (forced === 'wasm') return { backend: 'wasm', reason: 'COURSEBOOK_PANDOC=wasm' };
  if (forced !== '' && forced !== 'system') {
    const version = systemVersion(forced, env);
    return version
      ? { backend: 'system', executable: forced, version, reason: `COURSEBOOK_PANDOC=${forced} (pandoc ${version})` }
      : { backend: 'system', reason: `COURSEBOOK_PANDOC=${forced} is not a pandoc that runs` };
  }
  const found = findOnPath('pandoc', env);
  if (!found) {
    return forced === 'system'
      ? { backend: 'system', reason: 'COURSEBOOK_PANDOC=system but there is no pandoc on the PATH' }
      : { backend: 'wasm', reason: 'no pandoc on the PATH' };
  }
  const version = systemVersion(found, env);
  const major = Number(version?.split('.')[0]);
  if (version && (major >= MIN_SYSTEM_MAJOR || forced === 'system')) {
    return { backend: 'system', executable: found, version, reason: `pandoc ${version} at ${found}` };
  }
  if (forced === 'system') return { backend: 'system', reason: `${found} does not run (pandoc --version failed)` };
  return {
    backend: 'wasm',
    reason: version
      ? `pandoc ${version} at ${found} is older than ${MIN_SYSTEM_MAJOR}.0`
      : `${found} does not run`,
  };
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | null {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, command + ext.toLowerCase());
      try {
        if (!fs.statSync(candidate).isFile()) continue;
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not there, or not executable
      }
    }
  }
  return null;
}

function systemVersion(executable: string, env: NodeJS.ProcessEnv): string | undefined {
  const run = spawnSync(executable, ['--version'], { encoding: 'utf8', env, timeout: 15_000 });
  if (run.status !== 0 || typeof run.stdout !== 'string') return undefined;
  return /^pandoc(?:\.exe)?\s+(\d+(?:\.\d+)*)/m.exec(run.stdout)?.[1];
}

// ---------------------------------------------------------------------------
// Running.

/** Runs one conversion. Throws PandocError when pandoc reports an error. */
export async function runPandoc(request: PandocRequest): Promise<PandocResult> {
  const args = request.args ?? [];
  checkRequest(request, args);
  const info = pandocBackendInfo();
  if (info.backend === 'wasm') return runWasm(request, args);
  if (!info.executable) throw new PandocError(`cannot run pandoc: ${info.reason}`);
  return runSystem(info.executable, request, args);
}

function checkRequest(request: PandocRequest, args: string[]): void {
  for (const name of Object.keys(request.resources ?? {})) {
    if (name === '' || /[\\/]/.test(name) || name === '.' || name === '..' || name === INPUT_NAME || name === OUTPUT_NAME) {
      throw new PandocError(`resource name "${name}" must be a plain file name (pandoc-wasm's file system has no folders)`);
    }
  }
  for (const arg of args) {
    if (/^(-o|-f|-r|-t|-w|--output|--from|--read|--to|--write)(=|$)/.test(arg) || /^-[ofrtw]./.test(arg)) {
      throw new PandocError(`runPandoc: give the formats as "from" and "to" and no output option (got "${arg}")`);
    }
  }
}

async function runSystem(executable: string, request: PandocRequest, args: string[]): Promise<PandocResult> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursebook-pandoc-'));
  try {
    const known = new Set([OUTPUT_NAME, INPUT_NAME]);
    for (const [name, data] of Object.entries(request.resources ?? {})) {
      await fsp.writeFile(path.join(dir, name), data);
      known.add(name);
    }
    const argv = ['--from', request.from, '--to', request.to, '--output', OUTPUT_NAME, ...args];
    const binaryInput = typeof request.input !== 'string';
    if (binaryInput) {
      await fsp.writeFile(path.join(dir, INPUT_NAME), request.input);
      argv.push(INPUT_NAME);
    }
    const { code, stderr, spawnError } = await spawnPandoc(executable, argv, dir, binaryInput ? null : (request.input as string));
    if (spawnError) throw new PandocError(`cannot run ${executable}: ${spawnError.message}`);
    if (code !== 0) throw failure(request, stderr, `exit status ${code}`);

    const outputFile = path.join(dir, OUTPUT_NAME);
    const output = fs.existsSync(outputFile) ? new Uint8Array(await fsp.readFile(outputFile)) : new Uint8Array();
    const mediaFiles: Record<string, Uint8Array> = {};
    for (const rel of await listFiles(dir)) {
      if (!known.has(rel)) mediaFiles[rel] = new Uint8Array(await fsp.readFile(path.join(dir, ...rel.split('/'))));
    }
    return { output, mediaFiles, warnings: warningsFromStderr(stderr) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

function spawnPandoc(
  executable: string,
  argv: string[],
  cwd: string,
  stdin: string | null,
): Promise<{ code: number | null; stderr: string; spawnError?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(executable, argv, { cwd, env: process.env, stdio: ['pipe', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    let spawnError: Error | undefined;
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => (spawnError = error));
    // pandoc may exit before reading all of stdin (on a usage error): not our error to report.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => {
      const result: { code: number | null; stderr: string; spawnError?: Error } = {
        code,
        stderr: Buffer.concat(chunks).toString('utf8'),
      };
      if (spawnError) result.spawnError = spawnError;
      resolve(result);
    });
  });
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fsp.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** "[WARNING] message" blocks of pandoc's stderr (continuation lines joined); [INFO] lines dropped. */
function warningsFromStderr(stderr: string): string[] {
  const warnings: string[] = [];
  let current: string | null = null;
  for (const line of stderr.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const tagged = /^\[(\w+)\]\s*(.*)$/.exec(line);
    if (tagged) {
      if (current !== null) warnings.push(current);
      current = tagged[1] === 'INFO' ? null : tagged[2]!;
    } else if (current !== null) {
      current += ` ${line.trim()}`;
    } else {
      current = line.trim();
    }
  }
  if (current !== null) warnings.push(current);
  return warnings;
}

function failure(request: PandocRequest, stderr: string, fallback: string): PandocError {
  const reason =
    stderr
      .split(/\r?\n/)
      .map((l) => l.replace(/^(pandoc:\s*)?(ERROR:?\s*)?/, '').trim())
      .find((l) => l !== '' && !/^\[(WARNING|INFO)\]/.test(l)) ?? fallback;
  return new PandocError(`pandoc could not convert ${request.from} to ${request.to}: ${reason}`, stderr, reason);
}

// ---------------------------------------------------------------------------
// pandoc-wasm.

interface WasmWarning {
  verbosity?: string;
  pretty?: string;
}
interface WasmResult {
  stdout: string;
  stderr: string;
  warnings: WasmWarning[];
  files: Record<string, Blob | string>;
  mediaFiles: Record<string, Blob>;
}
interface WasmPandoc {
  convert(options: Record<string, unknown>, stdin: string | null, files: Record<string, Blob | string>): Promise<WasmResult>;
  query(options: Record<string, unknown>): Promise<unknown>;
}

let wasmModule: Promise<WasmPandoc> | null = null;
let wasmLoads = 0;
let wasmQueue: Promise<unknown> = Promise.resolve();

function loadWasm(): Promise<WasmPandoc> {
  if (!wasmModule) {
    wasmLoads++;
    // A variable specifier: the package has no type declarations, WasmPandoc describes it.
    const specifier = wasmLoads === 1 ? 'pandoc-wasm' : reloadSpecifier(wasmLoads);
    wasmModule = (import(specifier) as Promise<WasmPandoc>).catch((error: unknown) => {
      wasmModule = null;
      throw new PandocError(`cannot load pandoc-wasm (run npm install): ${(error as Error).message}`);
    });
  }
  return wasmModule;
}

/** A fresh module instance (a new URL), after a WebAssembly trap left the old one unusable. */
function reloadSpecifier(n: number): string {
  const file = createRequire(import.meta.url).resolve('pandoc-wasm');
  return `${pathToFileURL(file).href}?instance=${n}`;
}

/** The pandoc version inside pandoc-wasm (loads it). */
export async function wasmPandocVersion(): Promise<string> {
  const pandoc = await loadWasm();
  return String(await pandoc.query({ query: 'version' }));
}

function runWasm(request: PandocRequest, args: string[]): Promise<PandocResult> {
  // One instance, one file system: conversions run one after the other.
  const run = wasmQueue.then(() => convertWasm(request, args));
  wasmQueue = run.catch(() => undefined);
  return run;
}

async function convertWasm(request: PandocRequest, args: string[]): Promise<PandocResult> {
  const pandoc = await loadWasm();
  const options: Record<string, unknown> = { ...argsToDefaults(args), from: request.from, to: request.to };
  options['output-file'] = OUTPUT_NAME;
  const files: Record<string, Blob | string> = {};
  for (const [name, data] of Object.entries(request.resources ?? {})) files[name] = new Blob([new Uint8Array(data)]);
  let stdin: string | null = null;
  if (typeof request.input === 'string') {
    stdin = request.input;
  } else {
    files[INPUT_NAME] = new Blob([new Uint8Array(request.input)]);
    options['input-files'] = [INPUT_NAME];
  }

  let result: WasmResult;
  try {
    result = await pandoc.convert(options, stdin, files);
  } catch (error) {
    // A trap (RuntimeError) may leave the Haskell runtime in any state: start afresh next time.
    wasmModule = null;
    throw new PandocError(`pandoc-wasm crashed converting ${request.from} to ${request.to}: ${(error as Error).message}`);
  }

  const produced = result.files[OUTPUT_NAME];
  const stderr = result.stderr ?? '';
  if (/(^|\n)\s*(pandoc:\s*)?ERROR\b/.test(stderr) || (stderr.trim() !== '' && produced === undefined)) {
    throw failure(request, stderr, 'no output');
  }
  const output = produced === undefined ? new Uint8Array() : await toBytes(produced);
  const mediaFiles: Record<string, Uint8Array> = {};
  for (const [name, blob] of Object.entries(result.mediaFiles ?? {})) mediaFiles[name] = await toBytes(blob);

  const warnings = (result.warnings ?? [])
    .filter((w) => w.verbosity !== 'INFO' && typeof w.pretty === 'string')
    .map((w) => w.pretty!.replace(/\s*\n\s*/g, ' '));
  for (const w of warningsFromStderr(stderr)) if (!warnings.includes(w)) warnings.push(w);
  return { output, mediaFiles, warnings };
}

async function toBytes(data: Blob | string): Promise<Uint8Array> {
  return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(await data.arrayBuffer());
}

/** Long options that take a value (also accepted as "--name value"). */
const VALUE_OPTIONS = new Set([
  'wrap', 'columns', 'tab-stop', 'extract-media', 'reference-doc', 'resource-path', 'lua-filter', 'filter',
  'metadata', 'metadata-file', 'variable', 'template', 'shift-heading-level-by', 'markdown-headings',
  'reference-location', 'track-changes', 'top-level-division', 'id-prefix', 'eol', 'dpi', 'toc-depth',
  'default-image-extension', 'css', 'bibliography', 'csl', 'highlight-style', 'syntax-highlighting',
  'include-in-header', 'include-before-body', 'include-after-body', 'title-prefix', 'number-offset',
  'indented-code-classes', 'abbreviations', 'split-level', 'slide-level', 'email-obfuscation',
]);
const NUMBER_OPTIONS = new Set(['columns', 'tab-stop', 'shift-heading-level-by', 'dpi', 'toc-depth', 'split-level', 'slide-level']);
const LIST_OPTIONS = new Set([
  'metadata-file', 'css', 'bibliography', 'include-in-header', 'include-before-body', 'include-after-body',
]);
/** Command-line names whose defaults-file key differs. */
const RENAMED: Record<string, string> = {
  s: 'standalone',
  N: 'number-sections',
  toc: 'table-of-contents',
  M: 'metadata',
  V: 'variable',
  L: 'lua-filter',
  'highlight-style': 'syntax-highlighting',
};

/**
 * pandoc-wasm takes options as a defaults file (a JSON object), not as a command
 * line: maps the usual options onto it. An option it does not know is passed on
 * by its long name, and pandoc rejects it if it is not a defaults-file key.
 */
export function argsToDefaults(args: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const put = (name: string, value: string | true): void => {
    const key = RENAMED[name] ?? name;
    if (key === 'lua-filter' || key === 'filter') {
      options.filters = [...((options.filters as string[] | undefined) ?? []), String(value)];
    } else if (key === 'metadata' || key === 'variable') {
      const target = key === 'metadata' ? 'metadata' : 'variables';
      const text = String(value);
      const at = text.search(/[=:]/);
      const map = ((options[target] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
      if (at < 0) map[text] = true;
      else map[text.slice(0, at)] = text.slice(at + 1);
      options[target] = map;
    } else if (key === 'resource-path') {
      options[key] = String(value).split(/[:;]/).filter(Boolean);
    } else if (LIST_OPTIONS.has(key)) {
      options[key] = [...((options[key] as string[] | undefined) ?? []), String(value)];
    } else if (NUMBER_OPTIONS.has(key) && value !== true) {
      options[key] = Number(value);
    } else {
      options[key] = value;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const long = /^--([\w-]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([A-Za-z])(.*)$/s.exec(arg);
    let name: string;
    let value: string | undefined;
    if (long) {
      name = long[1]!;
      value = long[2];
    } else if (short) {
      name = short[1]!;
      value = short[2] === '' ? undefined : short[2]!.replace(/^=/, '');
    } else {
      throw new PandocError(`runPandoc: unexpected argument "${arg}" (input is given as "input")`);
    }
    const key = RENAMED[name] ?? name;
    const takesValue = VALUE_OPTIONS.has(key) || key === 'metadata' || key === 'variable';
    if (value === undefined && takesValue) {
      const next = args[i + 1];
      if (next === undefined) throw new PandocError(`runPandoc: option "${arg}" needs a value`);
      value = next;
      i++;
    }
    put(name, value ?? true);
  }
  return options;
}

// ---------------------------------------------------------------------------
// The pandoc AST (JSON), as far as the translate code reads and writes it.

export type Attr = [id: string, classes: string[], attributes: [string, string][]];
export type Target = [url: string, title: string];
type Tagged<T extends string, C = undefined> = C extends undefined ? { t: T; c?: undefined } : { t: T; c: C };

export type Inline =
  | Tagged<'Str', string>
  | Tagged<'Space'>
  | Tagged<'SoftBreak'>
  | Tagged<'LineBreak'>
  | Tagged<'Emph' | 'Underline' | 'Strong' | 'Strikeout' | 'Superscript' | 'Subscript' | 'SmallCaps', Inline[]>
  | Tagged<'Quoted', [{ t: 'SingleQuote' | 'DoubleQuote' }, Inline[]]>
  | Tagged<'Cite', [unknown[], Inline[]]>
  | Tagged<'Code', [Attr, string]>
  | Tagged<'Math', [{ t: 'DisplayMath' | 'InlineMath' }, string]>
  | Tagged<'RawInline', [format: string, text: string]>
  | Tagged<'Link', [Attr, Inline[], Target]>
  | Tagged<'Image', [Attr, Inline[], Target]>
  | Tagged<'Note', Block[]>
  | Tagged<'Span', [Attr, Inline[]]>;

export type Alignment = { t: 'AlignLeft' | 'AlignRight' | 'AlignCenter' | 'AlignDefault' };
export type ColSpec = [Alignment, { t: 'ColWidth'; c: number } | { t: 'ColWidthDefault' }];
export type Cell = [Attr, Alignment, rowSpan: number, colSpan: number, Block[]];
export type Row = [Attr, Cell[]];
export type TableHead = [Attr, Row[]];
export type TableBody = [Attr, rowHeadColumns: number, head: Row[], body: Row[]];
export type TableFoot = [Attr, Row[]];
export type Caption = [short: Inline[] | null, Block[]];

export type Block =
  | Tagged<'Plain' | 'Para', Inline[]>
  | Tagged<'LineBlock', Inline[][]>
  | Tagged<'CodeBlock', [Attr, string]>
  | Tagged<'RawBlock', [format: string, text: string]>
  | Tagged<'BlockQuote', Block[]>
  | Tagged<'OrderedList', [[number, { t: string }, { t: string }], Block[][]]>
  | Tagged<'BulletList', Block[][]>
  | Tagged<'DefinitionList', [Inline[], Block[][]][]>
  | Tagged<'Header', [level: number, Attr, Inline[]]>
  | Tagged<'HorizontalRule'>
  | Tagged<'Table', [Attr, Caption, ColSpec[], TableHead, TableBody[], TableFoot]>
  | Tagged<'Figure', [Attr, Caption, Block[]]>
  | Tagged<'Div', [Attr, Block[]]>;

export interface PandocDocument {
  'pandoc-api-version': number[];
  meta: Record<string, unknown>;
  blocks: Block[];
}

export const emptyAttr = (): Attr => ['', [], []];

/** The value of a key=value attribute. */
export function attrValue(attr: Attr, key: string): string | undefined {
  return attr[2].find(([k]) => k === key)?.[1];
}

export interface AstVisitor {
  /** Called on each block after its children; may return several blocks, or none. */
  block?: (block: Block) => Block | Block[];
  /** Called on each inline after its children; may return several inlines, or none. */
  inline?: (inline: Inline) => Inline | Inline[];
}

/** Rebuilds blocks bottom-up through the visitor (children first, then the element). */
export function transformBlocks(blocks: Block[], visitor: AstVisitor): Block[] {
  return blocks.flatMap((block) => {
    const rebuilt = transformBlockChildren(block, visitor);
    return visitor.block ? visitor.block(rebuilt) : rebuilt;
  });
}

export function transformInlines(inlines: Inline[], visitor: AstVisitor): Inline[] {
  return inlines.flatMap((inline) => {
    const rebuilt = transformInlineChildren(inline, visitor);
    return visitor.inline ? visitor.inline(rebuilt) : rebuilt;
  });
}

function transformCaption(caption: Caption, v: AstVisitor): Caption {
  return [caption[0] ? transformInlines(caption[0], v) : null, transformBlocks(caption[1], v)];
}

function transformRows(rows: Row[], v: AstVisitor): Row[] {
  return rows.map(([attr, cells]) => [
    attr,
    cells.map(([cAttr, align, rs, cs, content]): Cell => [cAttr, align, rs, cs, transformBlocks(content, v)]),
  ]);
}

function transformBlockChildren(block: Block, v: AstVisitor): Block {
  switch (block.t) {
    case 'Plain':
    case 'Para':
      return { t: block.t, c: transformInlines(block.c, v) };
    case 'LineBlock':
      return { t: 'LineBlock', c: block.c.map((line) => transformInlines(line, v)) };
    case 'BlockQuote':
      return { t: 'BlockQuote', c: transformBlocks(block.c, v) };
    case 'OrderedList':
      return { t: 'OrderedList', c: [block.c[0], block.c[1].map((item) => transformBlocks(item, v))] };
    case 'BulletList':
      return { t: 'BulletList', c: block.c.map((item) => transformBlocks(item, v)) };
    case 'DefinitionList':
      return {
        t: 'DefinitionList',
        c: block.c.map(([term, defs]): [Inline[], Block[][]] => [transformInlines(term, v), defs.map((d) => transformBlocks(d, v))]),
      };
    case 'Header':
      return { t: 'Header', c: [block.c[0], block.c[1], transformInlines(block.c[2], v)] };
    case 'Table': {
      const [attr, caption, specs, head, bodies, foot] = block.c;
      return {
        t: 'Table',
        c: [
          attr,
          transformCaption(caption, v),
          specs,
          [head[0], transformRows(head[1], v)],
          bodies.map(([bAttr, n, h, b]): TableBody => [bAttr, n, transformRows(h, v), transformRows(b, v)]),
          [foot[0], transformRows(foot[1], v)],
        ],
      };
    }
    case 'Figure':
      return { t: 'Figure', c: [block.c[0], transformCaption(block.c[1], v), transformBlocks(block.c[2], v)] };
    case 'Div':
      return { t: 'Div', c: [block.c[0], transformBlocks(block.c[1], v)] };
    default:
      return block;
  }
}

function transformInlineChildren(inline: Inline, v: AstVisitor): Inline {
  switch (inline.t) {
    case 'Emph':
    case 'Underline':
    case 'Strong':
    case 'Strikeout':
    case 'Superscript':
    case 'Subscript':
    case 'SmallCaps':
      return { t: inline.t, c: transformInlines(inline.c, v) };
    case 'Quoted':
      return { t: 'Quoted', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    case 'Cite':
      return { t: 'Cite', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    case 'Link':
      return { t: 'Link', c: [inline.c[0], transformInlines(inline.c[1], v), inline.c[2]] };
    case 'Image':
      return { t: 'Image', c: [inline.c[0], transformInlines(inline.c[1], v), inline.c[2]] };
    case 'Note':
      return { t: 'Note', c: transformBlocks(inline.c, v) };
    case 'Span':
      return { t: 'Span', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    default:
      return inline;
  }
}

/** The text of inlines, formatting dropped ("\n" for a line break, notes left out). */
export function inlineText(inlines: Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    switch (inline.t) {
      case 'Str':
        out += inline.c;
        break;
      case 'Space':
      case 'SoftBreak':
        out += ' ';
        break;
      case 'LineBreak':
        out += '\n';
        break;
      case 'Code':
      case 'Math':
      case 'RawInline':
        out += inline.c[1];
        break;
      case 'Quoted': {
        const [open, close] = inline.c[0].t === 'SingleQuote' ? ['‘', '’'] : ['“', '”'];
        out += open + inlineText(inline.c[1]) + close;
        break;
      }
      case 'Cite':
      case 'Span':
      case 'Link':
      case 'Image':
        out += inlineText(inline.c[1]);
        break;
      case 'Note':
        break;
      default:
        out += inlineText(inline.c);
    }
  }
  return out;
}

/** The text of blocks, paragraphs separated by "\n". */
export function blockText(blocks: Block[]): string {
  return blocks
    .map((block): string => {
      switch (block.t) {
        case 'Plain':
        case 'Para':
          return inlineText(block.c);
        case 'Header':
          return inlineText(block.c[2]);
        case 'CodeBlock':
        case 'RawBlock':
          return block.c[1];
        case 'BlockQuote':
          return blockText(block.c);
        case 'Div':
          return blockText(block.c[1]);
        case 'BulletList':
          return block.c.map((item) => blockText(item)).join('\n');
        case 'OrderedList':
          return block.c[1].map((item) => blockText(item)).join('\n');
        case 'LineBlock':
          return block.c.map((line) => inlineText(line)).join('\n');
        default:
          return '';
      }
    })
    .filter((text) => text !== '')
    .join('\n');
}

/** Runs pandoc to or from its JSON AST: `to: 'json'` parses the output into a document. */
export async function pandocToAst(request: Omit<PandocRequest, 'to'>): Promise<{ doc: PandocDocument } & PandocResult> {
  const result = await runPandoc({ ...request, to: 'json' });
  const doc = JSON.parse(new TextDecoder().decode(result.output)) as PandocDocument;
  return { doc, ...result };
}
