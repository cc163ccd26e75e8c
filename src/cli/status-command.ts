/**
 * `coursebook status` and `coursebook mark-translated`: where each translation stands
 * against the source language, and recording that a translation is up to date.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BuildFailedError, DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/format.ts';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

interface StatusCliOptions {
  root: string;
  json: boolean;
  lang?: string[];
}

interface MarkCliOptions {
  root: string;
}

export function registerStatusCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('status')
    .description('show which chapters of each translation are translated, outdated, unverified, missing or extra')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .option('--json', 'print the report as JSON', false)
    .option('--lang <list>', 'languages to report, comma-separated (default: every translation in book.yaml)', list)
    .action(async (opts: StatusCliOptions) => {
      setExitCode(await runStatus(opts));
    });

  program
    .command('mark-translated')
    .description('record that translations are up to date with their source chapters (sets source_hash in their front matter)')
    .argument('<file...>', 'translated chapters, e.g. content/en/02-governance.md')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .action(async (files: string[], opts: MarkCliOptions) => {
      setExitCode(await runMarkTranslated(files, opts));
    });
}

/** Exit status: 0 with the report; 1 when book.yaml is invalid or the report cannot be made. */
async function runStatus(opts: StatusCliOptions): Promise<number> {
  // Loaded when the command runs: every other command (`build` above all) starts without them.
  const { loadBookConfig } = await import('../config/load-config.ts');
  const { formatStatus, statusToJson, translationStatus } = await import('../status/translation-status.ts');
  const root = path.resolve(opts.root);
  const bag = new DiagnosticBag();
  const config = loadBookConfig(root, bag);
  const report = config ? translationStatus(config, bag, opts.lang) : null;
  const failed = bag.errors.length > 0;

  if (opts.json) {
    process.stdout.write(`${JSON.stringify(statusToJson(failed ? null : report, bag.items), null, 2)}\n`);
  } else {
    printDiagnostics(bag.items, root);
    if (report && !failed) process.stdout.write(formatStatus(report));
  }
  return failed ? 1 : 0;
}

/** Exit status: 0 when every file was marked, 1 otherwise (the others are still marked). */
async function runMarkTranslated(files: string[], opts: MarkCliOptions): Promise<number> {
  const { markTranslated } = await import('../status/stamp-source-hash.ts');
  const root = path.resolve(opts.root);
  let failed = false;
  for (const arg of files) {
    const chapter = chapterOf(root, arg);
    if (!chapter) {
      failed = true;
      printDiagnostics(
        [
          {
            severity: 'error',
            code: 'status/not-a-chapter',
            message: `${arg} is not a chapter of the course in ${root}`,
            hint: 'give chapter paths such as content/en/02-governance.md (relative to the course folder or to the current folder)',
          },
        ],
        root,
      );
      continue;
    }
    try {
      const result = markTranslated(root, chapter.lang, chapter.name);
      const was = result.previous === undefined ? 'had none' : `was ${result.previous}`;
      process.stdout.write(
        result.changed
          ? `${result.file}: source_hash ${result.hash} (${was}), translated from ${result.sourceFile}\n`
          : `${result.file}: already up to date (source_hash ${result.hash})\n`,
      );
    } catch (error) {
      failed = true;
      if (error instanceof BuildFailedError) printDiagnostics(error.diagnostics, root);
      else process.stderr.write(`coursebook: ${arg}: ${(error as Error).message}\n`);
    }
  }
  return failed ? 1 : 0;
}

/**
 * The language and file name of a chapter path `content/<lang>/<name>.md`, taken relative
 * to the current folder or, failing that, to the course folder.
 */
function chapterOf(root: string, arg: string): { lang: string; name: string } | null {
  const candidates = [...new Set([path.resolve(arg), path.resolve(root, arg)])];
  const matches = candidates.flatMap((abs) => {
    const parts = path.relative(root, abs).split(path.sep);
    const [content, lang, name] = parts;
    return parts.length === 3 && content === 'content' && lang && name?.endsWith('.md') ? [{ abs, lang, name }] : [];
  });
  const found = matches.find((m) => fs.existsSync(m.abs)) ?? matches[0];
  return found ? { lang: found.lang, name: found.name } : null;
}

function printDiagnostics(diagnostics: Diagnostic[], root: string): void {
  if (diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(diagnostics, root)}\n`);
}
