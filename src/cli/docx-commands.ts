/**
 * `coursebook export-docx` and `coursebook import-docx`: chapters to Word for
 * translators, and translated Word files back to chapters (src/translate/).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { BuildFailedError, DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/format.ts';

interface ExportCliOptions {
  lang: string;
  chapter?: string;
  root: string;
  out?: string;
}

interface ImportCliOptions {
  lang: string;
  name?: string;
  root: string;
}

export function registerDocxCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('export-docx')
    .description('write the chapters of a language as Word files for translators (<out>/docx/<lang>/NN-name.docx)')
    .requiredOption('--lang <lang>', 'language of the chapters to export, e.g. fr')
    .option('--chapter <file>', 'only this chapter, e.g. 02-governance.md')
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .option('--out <dir>', 'output folder (default: <root>/output)')
    .action(async (opts: ExportCliOptions) => {
      const root = path.resolve(opts.root);
      setExitCode(
        await run(root, async (bag) => {
          const { exportDocx } = await import('../translate/export-docx.ts');
          const files = await exportDocx({
            root,
            lang: opts.lang,
            outDir: path.resolve(opts.out ?? path.join(root, 'output')),
            bag,
            ...(opts.chapter !== undefined ? { chapter: opts.chapter } : {}),
          });
          for (const file of files) process.stderr.write(`  ${shown(file)}\n`);
        }),
      );
    });

  program
    .command('import-docx')
    .description('turn a translated Word file back into content/<lang>/<name>.md, with its pictures in content/<lang>/images/')
    .argument('<file>', 'the translated .docx (made by export-docx)')
    .requiredOption('--lang <lang>', 'language of the translation, e.g. en')
    .option('--name <name>', "chapter file name (default: the Word file's name, e.g. 02-governance.md)")
    .option('--root <dir>', 'course folder holding book.yaml', '.')
    .action(async (file: string, opts: ImportCliOptions) => {
      const root = path.resolve(opts.root);
      setExitCode(
        await run(root, async (bag) => {
          const { importDocx } = await import('../translate/import-docx.ts');
          const result = await importDocx({
            root,
            file,
            lang: opts.lang,
            bag,
            ...(opts.name !== undefined ? { name: opts.name } : {}),
          });
          process.stderr.write(`  ${shown(result.markdownFile)}\n`);
          for (const image of result.images) process.stderr.write(`  ${shown(image)}\n`);
        }),
      );
    });
}

/** Runs one command: diagnostics printed together, exit status 1 on failure. */
async function run(root: string, body: (bag: DiagnosticBag) => Promise<void>): Promise<number> {
  const bag = new DiagnosticBag();
  const report = (diagnostics: Diagnostic[]): void => {
    if (diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(diagnostics, root)}\n`);
  };
  // Loaded when a Word command runs: every other command (`build` above all) starts without the translation modules.
  const { pandocBackendInfo } = await import('../translate/pandoc/backend.ts');
  const backend = pandocBackendInfo();
  process.stderr.write(`coursebook: converting with ${backend.backend === 'wasm' ? 'pandoc-wasm' : 'pandoc'} (${backend.reason})\n`);
  try {
    await body(bag);
    report(bag.items);
    return 0;
  } catch (error) {
    if (error instanceof BuildFailedError) {
      report(error.diagnostics);
      process.stderr.write(`coursebook: failed with ${error.diagnostics.filter((d) => d.severity === 'error').length} error(s)\n`);
      return 1;
    }
    report(bag.items);
    process.stderr.write(`coursebook: ${(error as Error).message}\n`);
    return 1;
  }
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
