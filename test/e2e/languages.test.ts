/**
 * Issue 4 end to end: the Arabic edition (right to left, partly translated),
 * translation fallbacks in the manifest, and translation status.
 */
import { describe, expect, test, beforeAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFDict, PDFName } from 'pdf-lib';
import { readPdf, searchableText, type ReadPdf } from '../helpers/read-pdf.ts';
import type { Manifest } from '../../src/report/manifest.ts';
import type { StatusReport } from '../../src/status/translation-status.ts';
import { PROJECT_ROOT, SAMPLE_OUT } from './sample-paths.ts';

const pdfs = new Map<string, ReadPdf>();
beforeAll(async () => {
  for (const name of ['ar/participant', 'ar/trainer']) pdfs.set(name, await readPdf(path.join(SAMPLE_OUT, `${name}.pdf`)));
}, 120_000);

describe('the Arabic edition', () => {
  test('is tagged /Lang ar and asks viewers for right-to-left page order', async () => {
    const doc = await PDFDocument.load(fs.readFileSync(path.join(SAMPLE_OUT, 'ar/participant.pdf')), { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(ar)');
    const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(prefs.get(PDFName.of('Direction'))?.toString()).toBe('/R2L');
    expect(pdfs.get('ar/participant')!.lang).toBe('ar');
  });

  // pdf.js reorders and re-maps shaped Arabic glyphs (poppler's pdftotext reads
  // them correctly), so Arabic is checked by script, not by phrase.
  test('holds Arabic text, with Arabic-Indic folios equal to the page labels', () => {
    const book = pdfs.get('ar/participant')!;
    const text = searchableText(book);
    expect((text.match(/\p{Script=Arabic}/gu) ?? []).length).toBeGreaterThan(10_000);
    const labels = book.labels!;
    const firstBody = labels.indexOf('١');
    expect(firstBody).toBeGreaterThan(2);
    expect(labels[firstBody + 9]).toBe('١٠');
    // The folio printed at the foot of every body page equals its label.
    const printed = book.pages.slice(firstBody).filter((p) => p.lines.length > 0);
    expect(printed.length).toBeGreaterThan(40);
    for (const page of printed) {
      const index = book.pages.indexOf(page);
      // pdf.js applies bidi reordering to a run of Arabic-Indic digits it reads from a
      // right-to-left page, so "١٠" drawn left to right may come back as "٠١".
      const foot = page.lines.at(-1)!.text;
      const asDrawn = /^[\u0660-\u0669]+$/.test(foot) ? [foot, [...foot].reverse().join('')] : [foot];
      expect({ index, foot: asDrawn.includes(labels[index]!) }).toEqual({ index, foot: true });
    }
  });

  test('chapters not yet translated fall back to French and are recorded in the manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE_OUT, 'manifest.json'), 'utf8')) as Manifest;
    const arabic = manifest.outputs.find((o) => o.lang === 'ar' && o.kind === 'interior' && o.edition === 'participant');
    expect(arabic?.fallbackChapters).toEqual([
      '02-governance.md',
      '03-strategic-planning.md',
      '04-credit-risk.md',
      '05-financial-management.md',
      '06-internal-control.md',
    ]);
    expect(searchableText(pdfs.get('ar/participant')!)).toContain('Pourquoi la gouvernance compte en microfinance');
  });

  test('trainer-only text of the French fallback chapters stays out of the Arabic participant book', () => {
    const participant = searchableText(pdfs.get('ar/participant')!);
    const trainer = searchableText(pdfs.get('ar/trainer')!);
    for (const marker of ['Corrigé formateur', 'Note au formateur', 'Plan de séance réservé au formateur']) {
      expect(trainer).toContain(marker);
      expect(participant).not.toContain(marker);
    }
    expect(pdfs.get('ar/trainer')!.numPages).toBeGreaterThan(pdfs.get('ar/participant')!.numPages);
  });
});

describe('coursebook status', () => {
  test('shows the Arabic translation truthfully: 2 translated, 6 missing', () => {
    const out = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bin/coursebook.js'), 'status', '--json'], {
      cwd: PROJECT_ROOT,
    }).toString();
    const report = JSON.parse(out) as StatusReport;
    const arabic = report.languages.find((l) => l.lang === 'ar');
    expect(arabic?.counts).toMatchObject({ translated: 2, missing: 6, outdated: 0 });
    const english = report.languages.find((l) => l.lang === 'en');
    expect(english?.counts).toMatchObject({ translated: 8, missing: 0 });
  });
});
