/** `coursebook build`: options, progress display, diagnostics and exit status around src/build.ts. */
import path from 'node:path';
import os from 'node:os';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { BuildFailedError, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { PrintProgress } from '../print/print-service.ts';
import { diagnosticsToJson, formatDiagnostics } from '../diagnostics/format.ts';
import { rememberTexts } from '../text-memo.ts';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
};

export function registerBuildCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('build')
    .description('build the interiors, covers and manifest of a course into the output folder')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .option('--out <dir>', 'output folder (default: <root>/output)')
    .option('--lang <list>', 'languages to build, comma-separated (default: all in book.yaml)', list)
    .option('--edition <list>', 'editions to build, comma-separated (default: all in book.yaml)', list)
    .option('--browser <path>', 'Chrome/Chromium executable (else COURSEBOOK_BROWSER, PUPPETEER_EXECUTABLE_PATH, PATH, embedded)')
    .option(
      '--browser-url <ws-url>',
      'print on a running Chrome/Chromium or pool at this DevTools WebSocket URL (else COURSEBOOK_BROWSER_URL)',
    )
    .option('--jobs <n>', 'documents printed in parallel (default: number of cores)', positiveInt, os.cpus().length)
    .option('--strict', 'treat warnings as errors', false)
    .option('--keep-html', 'keep the printed HTML under <out>/.html/<lang>/<edition>/', false)
    .option('--timeout <seconds>', 'time allowed to print one document', positiveInt, 600)
    .addOption(new Option('--reporter <kind>', 'diagnostics format: text or json').choices(['text', 'json']).default('text'))
    .option('--check', 'print and write nothing; exit 1 if the outputs on disk are not what the current inputs give', false)
    .option('--no-cache', 'print every document again instead of reusing <root>/.coursebook-cache')
    .action(async (opts: BuildCliOptions) => {
      setExitCode(await runBuild(opts));
    });
}

interface BuildCliOptions {
  root: string;
  out?: string;
  lang?: string[];
  edition?: string[];
  browser?: string;
  browserUrl?: string;
  jobs: number;
  strict: boolean;
  keepHtml: boolean;
  timeout: number;
  reporter: string;
  check: boolean;
  cache: boolean;
}

async function runBuild(opts: BuildCliOptions): Promise<number> {
  const root = path.resolve(opts.root);
  const report = (diagnostics: Diagnostic[]): void => {
    if (diagnostics.length === 0) return;
    if (opts.reporter === 'json') process.stdout.write(`${diagnosticsToJson(diagnostics)}\n`);
    else process.stderr.write(`${formatDiagnostics(diagnostics, root)}\n`);
  };
  // The CLI owns SIGINT/SIGTERM: the build is aborted, the browser closed, and the exit status is 130/143.
  const controller = new AbortController();
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = signal;
    process.stderr.write(`coursebook: ${signal}, stopping…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const signalStatus = (): number => (signalled === 'SIGTERM' ? 143 : 130);
  const progress = progressDisplay();
  // Loaded here, not at start-up: the build stages take most of a second to load.
  const { build, BuildAbortedError } = await import('../build.ts');
  // This process builds once: memos of texts would only hash them (the dev server's builds keep them).
  rememberTexts(false);
  try {
    const result = await build({
      root,
      signal: controller.signal,
      outDir: opts.out,
      langs: opts.lang,
      editions: opts.edition,
      browser: opts.browser,
      browserUrl: opts.browserUrl,
      jobs: opts.jobs,
      strict: opts.strict,
      keepHtml: opts.keepHtml,
      loadTimeoutMs: opts.timeout * 1000,
      printTimeoutMs: opts.timeout * 1000,
      check: opts.check,
      cache: opts.cache,
      log: progress.log,
      onProgress: progress.update,
      once: true,
    });
    progress.end();
    report(result.diagnostics);
    if (opts.check) {
      if (result.stale?.length) {
        process.stderr.write(`coursebook: outputs are out of date:\n${result.stale.map((f) => `  ${f}`).join('\n')}\n`);
        return 1;
      }
      process.stderr.write('coursebook: outputs are up to date\n');
      return 0;
    }
    for (const output of result.manifest.outputs) {
      process.stderr.write(`  ${path.join(path.relative(process.cwd(), result.outDir) || '.', output.file)} (${output.pages} pages)\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof BuildAbortedError || signalled) {
      process.stderr.write(`coursebook: ${(error as Error).message}\n`);
      return signalStatus();
    }
    if (error instanceof BuildFailedError) {
      report(error.diagnostics);
      const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`coursebook: build failed with ${errors} error(s)${opts.strict ? ' (--strict: warnings count)' : ''}\n`);
      return 1;
    }
    const message = (error as Error).message;
    // A CI reading --reporter json gets JSON for every failure, not only for diagnostics.
    if (opts.reporter === 'json') report([{ severity: 'error', code: 'build/failed', message }]);
    process.stderr.write(`coursebook: ${message}\n`);
    return 1;
  }
}

/**
 * On a terminal, one status line updated in place; in CI (CI=true) or when
 * stderr is not a terminal, plain log lines.
 */
function progressDisplay(): { log: (line: string) => void; update: (p: PrintProgress) => void; end: () => void } {
  const live = Boolean(process.stderr.isTTY) && !process.env.CI;
  let shown = false;
  const clear = (): void => {
    if (shown) process.stderr.write('\r\x1b[2K');
    shown = false;
  };
  return {
    log: (line) => {
      clear();
      process.stderr.write(`coursebook: ${line}\n`);
    },
    update: (p) => {
      if (!live) return;
      clear();
      const name = path.basename(path.dirname(path.dirname(p.document))) + '/' + path.basename(path.dirname(p.document));
      process.stderr.write(`coursebook: documents ${p.done}/${p.requested} (${name})`);
      shown = true;
    },
    end: clear,
  };
}
