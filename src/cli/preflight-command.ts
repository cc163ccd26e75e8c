/** `coursebook preflight FILE.pdf...`: PDFs checked against a print target's rules; exit 1 on any violation. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { PRINT_COLORS, PRINT_TARGETS, type PrintColor, type PrintTargetName } from '../config/print-targets.ts';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnosticsToJson, formatDiagnostics } from '../diagnostics/format.ts';

interface PreflightCliOptions {
  target?: PrintTargetName;
  color?: PrintColor;
  root: string;
  reporter: 'text' | 'json';
}

export function registerPreflightCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('preflight')
    .description(
      "check PDFs against a print target's rules (fonts, boxes, bleed, marks, page count, colour, output intent, XMP, image resolution)",
    )
    .argument('<file...>', 'PDF files, e.g. output/fr/participant.pdf output/fr/participant-cover.pdf')
    .addOption(
      new Option('--target <target>', "print target whose rules apply (default: book.yaml's print.target, else office)").choices([
        ...PRINT_TARGETS,
      ]),
    )
    .addOption(
      new Option('--color <color>', "as-designed, or gray for a black-and-white book (default: book.yaml's print.color)").choices([
        ...PRINT_COLORS,
      ]),
    )
    .option('--root <dir>', 'course folder whose book.yaml gives the defaults', '.')
    .addOption(new Option('--reporter <kind>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (files: string[], opts: PreflightCliOptions) => {
      setExitCode(await runPreflight(files, opts));
    });
}

/** The course's own print settings, when there is a valid book.yaml in --root. */
async function courseDefaults(root: string): Promise<{ target: PrintTargetName; color: PrintColor }> {
  if (!fs.existsSync(path.join(root, 'book.yaml'))) return { target: 'office', color: 'as-designed' };
  const { loadBookConfig } = await import('../config/load-config.ts');
  const config = loadBookConfig(root, new DiagnosticBag());
  return config ? { target: config.print.target, color: config.print.color } : { target: 'office', color: 'as-designed' };
}

async function runPreflight(files: string[], cli: PreflightCliOptions): Promise<number> {
  // Loaded when the command runs: every other command (`build` above all) starts without pdf-lib and the checks.
  const { preflightPdf } = await import('../preflight/preflight.ts');
  const { violationsToDiagnostics } = await import('../preflight/report.ts');
  const defaults = cli.target && cli.color ? null : await courseDefaults(cli.root);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- defaults is null only when both target and color were given
  const opts = { reporter: cli.reporter, target: cli.target ?? defaults!.target, color: cli.color ?? defaults!.color };
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        code: 'preflight/missing',
        message: `cannot read ${file}: ${(error as Error).message}`,
        file,
        hint: 'check the path',
      });
      continue;
    }
    const kind = /-cover\.pdf$/i.test(file) ? 'cover' : /(^|[\\/])handouts\.pdf$/i.test(file) ? 'handouts' : undefined;
    const violations = await preflightPdf(bytes, { target: opts.target, color: opts.color, structure: true, ...(kind ? { kind } : {}) });
    diagnostics.push(...violationsToDiagnostics(path.relative(process.cwd(), file) || file, violations));
  }
  if (opts.reporter === 'json') process.stdout.write(`${diagnosticsToJson(diagnostics)}\n`);
  else if (diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(diagnostics, process.cwd())}\n`);
  const summary = `coursebook: preflight (${opts.target}${opts.color === 'gray' ? ', gray' : ''}): ${files.length} file(s), ${diagnostics.length} violation(s)`;
  process.stderr.write(`${summary}\n`);
  return diagnostics.length > 0 ? 1 : 0;
}
