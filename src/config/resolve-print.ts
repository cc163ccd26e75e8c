/**
 * `print:` of book.yaml resolved against its target's rules, and the page
 * geometry checked against them: a trim, margin, bleed or mark the target
 * does not accept is an error at the book.yaml line that set it. The page
 * count is only known once the interior is assembled: checkPageCount runs then.
 */
import type { DiagnosticBag, DiagnosticInput } from '../diagnostics/diagnostic.ts';
import { PRINT_TARGET_TABLE, matchTrim, minInsideMarginMm } from './print-targets.ts';
import { PRINT_DEFAULTS, type RawBookConfig } from './schema.ts';
import type { BookConfig, PageGeometry, PrintConfig } from './types.ts';

type Location = { file: string; line: number; column: number };
export type PrintLocator = (segments: (string | number)[]) => Location;

const fmt = (mm: number): string => `${Math.round(mm * 100) / 100} mm (${(mm / 25.4).toFixed(3).replace(/0+$/, '')} in)`;

export function resolvePrint(raw: RawBookConfig['print'], at: PrintLocator): PrintConfig {
  const rules = PRINT_TARGET_TABLE[raw?.target ?? PRINT_DEFAULTS.target];
  return {
    target: rules.name,
    rules,
    standard: rules.standard,
    outputIntent: rules.outputIntent,
    color: raw?.color ?? PRINT_DEFAULTS.color,
    paper: raw?.paper ?? PRINT_DEFAULTS.paper,
    source: at(raw?.target === undefined ? [] : ['print', 'target']),
  };
}

/** Page defaults that come from the target (book.yaml's `page:` keys override them). */
export function targetPageDefaults(print: PrintConfig): { bleedMm: number; marks: 'none' | 'crop'; paperThicknessMm: number } {
  const { rules, paper } = print;
  return {
    bleedMm: rules.bleedMm,
    marks: rules.marks,
    // A leaf is two pages.
    paperThicknessMm: Math.round(rules.pageThicknessMm[paper] * 2 * 1e6) / 1e6,
  };
}

/**
 * The trim, margins, bleed and marks against the target's rules. `given`
 * says which page keys book.yaml wrote: a value the author did not write is
 * reported at `print.target`, the line that brought the rule in.
 */
export function checkPageAgainstTarget(
  page: PageGeometry,
  print: PrintConfig,
  rawPage: RawBookConfig['page'],
  at: PrintLocator,
  bag: DiagnosticBag,
): void {
  const { rules } = print;
  if (rules.name === 'office') return;
  const where = (segments: string[], written: unknown): Location => (written === undefined ? print.source : at(segments));
  const error = (input: Omit<DiagnosticInput, 'code'>): void => bag.error({ code: 'config/print-target', ...input });

  if (!matchTrim(rules, page.widthMm, page.heightMm)) {
    error({
      message: `print target "${rules.name}" does not print the trim size ${page.size} (${page.widthMm} × ${page.heightMm} mm)`,
      ...where(['page', 'size'], rawPage?.size),
      hint: `choose one of ${(rules.trimSizes ?? []).map((t) => `${t.name} (${t.widthMm} × ${t.heightMm} mm)`).join(', ')}`,
    });
  }
  const margins = rawPage?.margins ?? {};
  for (const side of ['top', 'bottom', 'outer'] as const) {
    const value = page.margins[`${side}Mm`];
    if (value + 1e-6 >= rules.minOuterMarginMm) continue;
    error({
      message: `page.margins.${side} is ${fmt(value)}: ${rules.label} needs at least ${fmt(rules.minOuterMarginMm)}`,
      ...where(['page', 'margins', side], margins[side]),
      hint: `set page.margins.${side} to ${Math.ceil(rules.minOuterMarginMm)}mm or more`,
    });
  }
  const inside = page.margins.innerMm + page.gutterMm;
  const minInside = minInsideMarginMm(rules, rules.minPages);
  if (inside + 1e-6 < minInside) {
    error({
      message: `the inside margin (page.margins.inner + page.gutter) is ${fmt(inside)}: ${rules.label} needs at least ${fmt(minInside)}`,
      ...where(['page', 'margins', 'inner'], margins.inner),
      hint: `raise page.margins.inner or page.gutter so that together they make ${Math.ceil(minInside)}mm or more`,
    });
  }
  if (page.bleedMm + 1e-6 < rules.bleedMm) {
    error({
      message: `page.bleed is ${fmt(page.bleedMm)}: ${rules.label} needs ${fmt(rules.bleedMm)}`,
      ...where(['page', 'bleed'], rawPage?.bleed),
      hint: "remove page.bleed to use the target's bleed",
    });
  }
  if (page.marks === 'crop' && !rules.marksAllowed) {
    error({
      message: `${rules.label} refuses files with crop marks`,
      ...where(['page', 'marks'], rawPage?.marks),
      hint: 'remove "marks: crop" (or write marks: none)',
    });
  }
}

/** Errors for a page count the target does not print, or an inside margin too small for it. */
export function checkPageCount(config: BookConfig, pages: number, output: string): DiagnosticInput[] {
  const { rules, source } = config.print;
  const problems: DiagnosticInput[] = [];
  const add = (message: string, hint: string): void => {
    problems.push({ code: 'config/print-target', message: `${output}: ${message}`, ...source, hint });
  };
  if (pages < rules.minPages) {
    add(`${pages} pages: ${rules.label} prints books of ${rules.minPages} pages or more`, 'add content, or choose another print.target');
  }
  if (rules.maxPages !== null && pages > rules.maxPages) {
    add(
      `${pages} pages: ${rules.label} prints books of at most ${rules.maxPages} pages`,
      'split the course into volumes, or choose another trim or target',
    );
  }
  const inside = config.page.margins.innerMm + config.page.gutterMm;
  const needed = minInsideMarginMm(rules, pages);
  if (inside + 1e-6 < needed) {
    add(
      `a book of ${pages} pages needs an inside margin (page.margins.inner + page.gutter) of ${fmt(needed)}, not ${fmt(inside)}`,
      `raise page.gutter or page.margins.inner to make ${Math.ceil(needed)}mm together`,
    );
  }
  return problems;
}
