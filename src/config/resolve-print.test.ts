import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { loadBookConfig } from './load-config.ts';
import { checkPageCount } from './resolve-print.ts';
import { PRINT_TARGET_TABLE, matchTrim, minInsideMarginMm } from './print-targets.ts';

const roots: string[] = [];
function load(...lines: string[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-print-'));
  roots.push(root);
  fs.writeFileSync(path.join(root, 'book.yaml'), lines.join('\n') + '\n');
  const bag = new DiagnosticBag();
  return { config: loadBookConfig(root, bag), bag };
}
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('print targets in book.yaml', () => {
  it('office is the default: no bleed, no marks, no standard, 0.1 mm leaves', () => {
    const { config, bag } = load('title: T', 'languages: [en]');
    expect(bag.items).toEqual([]);
    expect(config!.print).toMatchObject({ target: 'office', standard: null, outputIntent: null, color: 'as-designed', paper: 'white' });
    expect(config!.page).toMatchObject({ bleedMm: 0, marks: 'none', paperThicknessMm: 0.1 });
  });

  it('offset brings 3 mm bleed, crop marks, PDF/X-4 and a CMYK output intent', () => {
    const { config, bag } = load('title: T', 'languages: [en]', 'print:', '  target: offset', '  color: gray');
    expect(bag.items).toEqual([]);
    expect(config!.print).toMatchObject({ target: 'offset', standard: 'PDF/X-4', outputIntent: 'cmyk', color: 'gray' });
    expect(config!.page).toMatchObject({ bleedMm: 3, marks: 'crop' });
  });

  it('lulu on A4: 0.125 in bleed, no marks, the paper kind sets the leaf thickness; page keys still override', () => {
    const { config, bag } = load(
      'title: T',
      'languages: [en]',
      'page:',
      '  size: A4',
      '  paperThickness: 0.12mm',
      'print: { target: lulu, paper: cream }',
    );
    expect(bag.items).toEqual([]);
    expect(config!.page.bleedMm).toBeCloseTo(3.175, 3);
    expect(config!.page.marks).toBe('none');
    expect(config!.page.paperThicknessMm).toBe(0.12);
    const kdp = load(
      'title: T',
      'languages: [en]',
      'page: { size: 6in 9in, margins: { outer: 12mm }, gutter: 3mm }',
      'print: { target: kdp, paper: cream }',
    );
    expect(kdp.bag.items).toEqual([]);
    expect(kdp.config!.page.paperThicknessMm).toBeCloseTo(2 * 0.0025 * 25.4, 4);
  });

  it('a trim size the target does not print is an error at page.size', () => {
    const { config, bag } = load('title: T', 'languages: [en]', 'page:', '  size: 170mm 240mm', 'print:', '  target: kdp');
    expect(config).toBeNull();
    expect(bag.errors).toHaveLength(1);
    expect(bag.errors[0]).toMatchObject({ code: 'config/print-target', file: 'book.yaml', line: 4 });
    expect(bag.errors[0]!.message).toMatch(/does not print the trim size 170mm 240mm/);
    expect(bag.errors[0]!.hint).toMatch(/6 × 9 in/);
  });

  it('a trim size not written comes from the default A4 and is reported at print.target', () => {
    const { bag } = load('title: T', 'languages: [en]', 'print:', '  target: lulu', 'page:', '  margins: { top: 5mm }');
    const lines = bag.errors.map((e) => [e.line, e.message]);
    // A4 is a Lulu trim; the 5 mm top margin is not.
    expect(lines).toEqual([[6, expect.stringMatching(/page.margins.top is 5 mm .* at least 12.7 mm/)]]);
  });

  it('crop marks or a smaller bleed on a print-on-demand target are errors at their lines', () => {
    const { bag } = load('title: T', 'languages: [en]', 'page:', '  bleed: 1mm', '  marks: crop', 'print: { target: ingramspark }');
    expect(bag.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(bag.errors[1]!.message).toMatch(/refuses files with crop marks/);
  });

  it('an unknown target is a schema error listing the targets', () => {
    const { bag } = load('title: T', 'languages: [en]', 'print:', '  target: lulu-pro');
    expect(bag.errors[0]).toMatchObject({ code: 'config/schema', line: 4 });
    expect(bag.errors[0]!.message).toMatch(/"office", "offset", "lulu", "kdp", "ingramspark"/);
  });

  it('page count: too few pages, too many, and an inside margin the page count outgrew', () => {
    const { config } = load(
      'title: T',
      'languages: [en]',
      'page: { size: 6in 9in, margins: { inner: 5mm, outer: 12mm }, gutter: 5mm }',
      'print:',
      '  target: kdp',
    );
    expect(config).not.toBeNull();
    expect(checkPageCount(config!, 20, 'en/participant.pdf').map((p) => [p.line, p.message])).toEqual([
      [5, expect.stringMatching(/^en\/participant.pdf: 20 pages: .* 24 pages or more/)],
    ]);
    expect(checkPageCount(config!, 200, 'x')[0]!.message).toMatch(/200 pages needs an inside margin .* of 12.7 mm/);
    expect(
      checkPageCount(config!, 900, 'x')
        .map((p) => p.message)
        .join(),
    ).toMatch(/at most 828 pages/);
    expect(checkPageCount(config!, 120, 'x')).toEqual([]);
  });
});

describe('print target table', () => {
  it('matches listed trims within a millimetre and grows KDP inside margins with the page count', () => {
    expect(matchTrim(PRINT_TARGET_TABLE.lulu, 210, 297)?.name).toBe('A4');
    expect(matchTrim(PRINT_TARGET_TABLE.lulu, 152.4, 228.6)?.name).toBe('US Trade');
    expect(matchTrim(PRINT_TARGET_TABLE.lulu, 170, 240)).toBeNull();
    expect(matchTrim(PRINT_TARGET_TABLE.office, 170, 240)).not.toBeNull();
    expect(minInsideMarginMm(PRINT_TARGET_TABLE.kdp, 150)).toBeCloseTo(9.525, 3);
    expect(minInsideMarginMm(PRINT_TARGET_TABLE.kdp, 151)).toBeCloseTo(12.7, 3);
    expect(minInsideMarginMm(PRINT_TARGET_TABLE.kdp, 828)).toBeCloseTo(22.225, 3);
  });
});
