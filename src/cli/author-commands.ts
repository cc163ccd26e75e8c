/**
 * The author's loop on the command line: `dev` (live preview), `proof`
 * (page images), `diff` (what changed between two builds) and `init` (a new
 * course). Each command's work is in its own folder (src/dev, src/proof,
 * src/diff, src/init); modules are loaded when their command runs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';

const portNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return n;
};
const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function registerAuthorCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('dev')
    .description('preview the printed pages in a browser, rebuilt as files are saved (nothing in output/ is touched)')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .option('--lang <lang>', 'language shown first (default: the first in book.yaml)')
    .option('--edition <name>', 'edition shown first (default: the first in book.yaml)')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', portNumber, 4400)
    .option('--open', 'open the preview in the system browser', false)
    .option('--browser <path>', 'Chrome/Chromium executable that prints')
    .action(async (opts: { root: string; lang?: string; edition?: string; port: number; open: boolean; browser?: string }) => {
      setExitCode(await runDev(opts));
    });

  program
    .command('proof')
    .description('PNG images of every spread of the built interiors, and a contact sheet per chapter')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .option('--from <dir>', 'built output folder to read (default: <root>/output)')
    .option('--lang <list>', 'languages, comma-separated (default: all built)', list)
    .option('--edition <list>', 'editions, comma-separated (default: all built)', list)
    .option('--out <dir>', 'where the images go (default: <root>/proof)')
    .option('--dpi <n>', 'resolution of the spread images', (v: string) => Number(v), 60)
    .action(async (opts: { root: string; from?: string; lang?: string[]; edition?: string[]; out?: string; dpi: number }) => {
      const { runProof } = await import('../proof/proof-command.ts');
      setExitCode(await runProof(opts));
    });

  program
    .command('diff')
    .description(
      'which printed pages were added, removed or changed between two builds (output folders or PDFs); exit 0 same, 1 changed, 2 error',
    )
    .argument('<old>', 'older output folder or PDF')
    .argument('<new>', 'newer output folder or PDF')
    .option('--out <dir>', 'folder for the HTML report and page images', 'coursebook-diff')
    .addOption(new Option('--reporter <kind>', 'summary as text (default) or json').choices(['text', 'json']).default('text'))
    .action(async (oldPath: string, newPath: string, opts: { out: string; reporter: 'text' | 'json' }) => {
      const { runDiff } = await import('../diff/diff-command.ts');
      setExitCode(await runDiff(oldPath, newPath, opts));
    });

  program
    .command('init')
    .description('write a small course that builds at once (book.yaml, two languages, every construct)')
    .argument('[dir]', 'folder to write the course into', '.')
    .option('--langs <list>', 'languages, the first being the source language (default: fr,en)', list)
    .action(async (dir: string, opts: { langs?: string[] }) => {
      const { runInit } = await import('../init/init-command.ts');
      setExitCode(runInit(dir, opts));
    });
}

async function runDev(opts: {
  root: string;
  lang?: string;
  edition?: string;
  port: number;
  open: boolean;
  browser?: string;
}): Promise<number> {
  const { startDevServer } = await import('../dev/dev-server.ts');
  const log = (line: string): void => void process.stderr.write(`coursebook dev: ${line}\n`);
  let server;
  try {
    server = await startDevServer({
      root: path.resolve(opts.root),
      port: opts.port,
      ...(opts.lang ? { lang: opts.lang } : {}),
      ...(opts.edition ? { edition: opts.edition } : {}),
      ...(opts.browser ? { browser: opts.browser } : {}),
      log,
    });
  } catch (error) {
    process.stderr.write(`coursebook dev: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `coursebook dev: previewing ${server.selection.lang}/${server.selection.edition} at ${server.url} (Ctrl-C to stop)\n`,
  );
  if (opts.open) openInSystemBrowser(server.url);
  // Ctrl-C (or a TERM) stops the watcher, the server and the printing browser; then the process ends.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log(`${signal}, stopping…`);
  await server.close();
  return 0;
}

function openInSystemBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`coursebook dev: could not open a browser (${command}); open ${url} yourself\n`));
  child.unref();
}
