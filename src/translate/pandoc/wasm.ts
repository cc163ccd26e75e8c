/**
 * The pandoc-wasm backend: pandoc 3 compiled to WebAssembly, from the npm package
 * of that name, so that `npm ci` alone is enough to run the DOCX round trip.
 *
 * The module is large (58 MB, about 2 s to load), so it is loaded on first use only
 * and the one instance is reused. That instance has a single virtual file system
 * (flat: no folders), so conversions are queued and run one after the other.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { argsToDefaults } from './defaults-file.ts';
import {
  conversionError,
  INPUT_NAME,
  OUTPUT_NAME,
  PandocError,
  warningsFromStderr,
  type PandocRequest,
  type PandocResult,
} from './request.ts';

/** The part of the pandoc-wasm package used here (it ships no type declarations). */
interface WasmPandoc {
  convert(options: Record<string, unknown>, stdin: string | null, files: Record<string, Blob | string>): Promise<WasmResult>;
}
interface WasmResult {
  stdout: string;
  stderr: string;
  warnings: WasmWarning[];
  files: Record<string, Blob | string>;
  mediaFiles: Record<string, Blob>;
}
interface WasmWarning {
  verbosity?: string;
  pretty?: string;
}

let loaded: Promise<WasmPandoc> | null = null;
let loads = 0;
let queue: Promise<unknown> = Promise.resolve();

/** Runs one conversion once the conversions asked for before it are done. */
export function runWasmPandoc(request: PandocRequest, args: string[]): Promise<PandocResult> {
  const run = queue.then(() => convert(request, args));
  queue = run.catch(() => undefined);
  return run;
}

function loadWasm(): Promise<WasmPandoc> {
  if (!loaded) {
    loads++;
    // A variable specifier: the package has no type declarations, WasmPandoc describes it.
    const specifier = loads === 1 ? 'pandoc-wasm' : reloadSpecifier(loads);
    loaded = (import(specifier) as Promise<WasmPandoc>).catch((error: unknown) => {
      loaded = null;
      throw new PandocError(`cannot load pandoc-wasm (run npm install): ${(error as Error).message}`);
    });
  }
  return loaded;
}

/** A fresh module instance (a new URL), after a WebAssembly trap left the old one unusable. */
function reloadSpecifier(n: number): string {
  const file = createRequire(import.meta.url).resolve('pandoc-wasm');
  return `${pathToFileURL(file).href}?instance=${n}`;
}

async function convert(request: PandocRequest, args: string[]): Promise<PandocResult> {
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
    loaded = null;
    throw new PandocError(`pandoc-wasm crashed converting ${request.from} to ${request.to}: ${(error as Error).message}`);
  }

  const produced = result.files[OUTPUT_NAME];
  const stderr = result.stderr ?? '';
  if (/(^|\n)\s*(pandoc:\s*)?ERROR\b/.test(stderr) || (stderr.trim() !== '' && produced === undefined)) {
    throw conversionError(request, stderr, 'no output');
  }
  const output = produced === undefined ? new Uint8Array() : await toBytes(produced);
  const mediaFiles: Record<string, Uint8Array> = {};
  for (const [name, blob] of Object.entries(result.mediaFiles ?? {})) mediaFiles[name] = await toBytes(blob);

  const warnings = (result.warnings ?? []).flatMap((w) =>
    w.verbosity !== 'INFO' && typeof w.pretty === 'string' ? [w.pretty.replace(/\s*\n\s*/g, ' ')] : [],
  );
  for (const w of warningsFromStderr(stderr)) if (!warnings.includes(w)) warnings.push(w);
  return { output, mediaFiles, warnings };
}

async function toBytes(data: Blob | string): Promise<Uint8Array> {
  return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(await data.arrayBuffer());
}
