/**
 * The library API's contract: what a build is asked to do (BuildOptions) and
 * what it answers (BuildResult). build.ts re-exports them; they live apart so
 * that the sequencing of the stages reads on its own.
 */
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import type { PrintProgress, SharedBrowser } from './print/print-service.ts';
import type { Manifest } from './report/manifest.ts';

export interface BuildOptions {
  /** Course folder (holds book.yaml). */
  root: string;
  /** Output folder; default `<root>/output`. */
  outDir?: string;
  langs?: string[];
  editions?: string[];
  browser?: string;
  /**
   * Check what was written against the print target's rules before it is
   * renamed into place (default true). The dev preview turns it off: its PDFs
   * are looked at, never sent to a printer, and the check costs a second parse
   * of every output.
   */
  preflight?: boolean;
  /** A running browser's DevTools WebSocket URL to print on (else COURSEBOOK_BROWSER_URL), instead of launching one. */
  browserUrl?: string;
  strict?: boolean;
  /** Documents printed at once; default: the number of cores. */
  jobs?: number;
  /** Keep the printed HTML under `<out>/.html/<lang>/<edition>/`. */
  keepHtml?: boolean;
  /** Timeouts for loading and for printing one document, in ms. */
  loadTimeoutMs?: number;
  printTimeoutMs?: number;
  /** Reuse printed parts from `<root>/.coursebook-cache` (default true). */
  cache?: boolean;
  /** Aborting stops the build: the browser is closed and nothing is written. */
  signal?: AbortSignal;
  /**
   * Check mode: nothing is printed or written; the outputs the current inputs
   * would produce (from the cache) are compared with those on disk.
   */
  check?: boolean;
  /**
   * A browser kept open across builds by the caller (`coursebook dev`), with the
   * folder the printed HTML is written to: the same folder from one build to the
   * next lets its tabs be reused. Default: a browser and a temporary folder per build.
   */
  sharedBrowser?: { browser: SharedBrowser; htmlDir: string };
  /**
   * The process builds once and exits (the `build` command): what the prepare
   * stage remembers for a later build of the same process (parsed chapters,
   * text reductions, typeset runs, hyphenated words) is forgotten as soon as
   * every edition is prepared, instead of being held while the books print
   * and assemble. Default false: `coursebook dev` and scripts that call
   * build() again reuse it.
   */
  once?: boolean;
  /** Called as documents are printed or reused, for a progress display. */
  onProgress?: (progress: PrintProgress) => void;
  log?: (line: string) => void;
}

export interface BuildResult {
  /** Check mode: output files that are missing or differ from what the inputs give (empty when up to date). */
  stale?: string[];
  outDir: string;
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** Nothing was built: the outputs on disk are already what these inputs give (see up-to-date.ts). */
  upToDate?: boolean;
  /** Documents printed by the browser in this build, and printed parts reused from the cache. */
  printed: number;
  reused: number;
}

export class BuildAbortedError extends Error {
  constructor() {
    super('build interrupted; previous outputs left as they were');
    this.name = 'BuildAbortedError';
  }
}
