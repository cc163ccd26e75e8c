/**
 * Issue 2 end to end: the sample course built once by the CLI (global-setup),
 * read back from the PDFs themselves.
 */
import { describe, expect, test, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { isTagged, readPdf, searchableText, type ReadPdf } from '../helpers/read-pdf.ts';
import type { Manifest } from '../../src/report/manifest.ts';
import { SAMPLE_OUT } from './sample-paths.ts';

const LANGS = ['fr', 'en'] as const;
const TRAINER_ONLY: Record<string, string[]> = {
  fr: ['Corrigé formateur', 'Note au formateur', 'Plan de séance réservé au formateur'],
  en: ['Trainer answer key', 'Trainer note', 'Trainer-only session plan'],
};
const PARTICIPANT_ONLY: Record<string, string> = { fr: 'Espace personnel', en: 'Personal space' };
const BOOK_TITLE: Record<string, string> = { fr: 'Gérer une institution de microfinance', en: 'Managing a Microfinance Institution' };
const TRAINER_MARK: Record<string, string> = { fr: 'Édition formateur', en: 'Trainer edition' };

const pdfs = new Map<string, ReadPdf>();
const pdf = (lang: string, name: string): ReadPdf => pdfs.get(`${lang}/${name}`)!;

beforeAll(async () => {
  for (const lang of LANGS) {
    for (const name of ['participant', 'trainer', 'participant-cover', 'trainer-cover']) {
      pdfs.set(`${lang}/${name}`, await readPdf(path.join(SAMPLE_OUT, lang, `${name}.pdf`)));
    }
  }
}, 120_000);

describe('outputs and manifest', () => {
  const manifest = () => JSON.parse(fs.readFileSync(path.join(SAMPLE_OUT, 'manifest.json'), 'utf8')) as Manifest;

  test('an interior and a cover per language and edition, listed with their real page count and sha256', () => {
    const outputs = manifest().outputs;
    expect(outputs.filter((o) => o.kind === 'interior')).toHaveLength(6);
    expect(outputs.filter((o) => o.kind === 'cover')).toHaveLength(6);
    // handouts.pdf (kind "handouts") is checked in trainer-tools.test.ts.
    for (const output of outputs.filter((o) => o.lang !== 'ar' && o.kind !== 'handouts')) {
      const bytes = fs.readFileSync(path.join(SAMPLE_OUT, output.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(output.sha256);
      const read = pdfs.get(output.file.replace(/\.pdf$/, ''))!;
      expect(read.numPages).toBe(output.pages);
      expect(output.file).toBe(`${output.lang}/${output.edition}${output.kind === 'cover' ? '-cover' : ''}.pdf`);
    }
  });

  test('no staging folder or lock is left behind', () => {
    const leftovers = fs.readdirSync(SAMPLE_OUT).filter((f) => f.startsWith('.staging') || f.endsWith('.lock'));
    expect(leftovers).toEqual([]);
  });
});

describe.each(LANGS)('%s editions', (lang) => {
  test('participant has at least 40 pages and the trainer edition more', () => {
    expect(pdf(lang, 'participant').numPages).toBeGreaterThanOrEqual(40);
    expect(pdf(lang, 'trainer').numPages).toBeGreaterThan(pdf(lang, 'participant').numPages);
  });

  test('trainer-only text is in the trainer PDF and absent from the participant PDF', () => {
    const participant = searchableText(pdf(lang, 'participant'));
    const trainer = searchableText(pdf(lang, 'trainer'));
    for (const marker of TRAINER_ONLY[lang]!) {
      expect(trainer).toContain(marker);
      expect(participant).not.toContain(marker);
    }
    expect(participant).toContain(PARTICIPANT_ONLY[lang]);
    expect(trainer).not.toContain(PARTICIPANT_ONLY[lang]);
  });

  test('the first page is the title page, then the contents; the colophon closes the book', () => {
    const book = pdf(lang, 'participant');
    expect(book.pages[0]!.text).toContain(BOOK_TITLE[lang]);
    expect(book.pages[2]!.text).toMatch(lang === 'fr' ? /Table des matières/ : /Contents/);
    const lastWithText = [...book.pages].reverse().find((p) => p.text.trim() !== '')!;
    expect(lastWithText.text).toMatch(/Colophon/);
    expect(lastWithText.text).toMatch(/coursebook/);
  });

  test('metadata: title, author, subject, keywords, language and producer', () => {
    for (const edition of ['participant', 'trainer']) {
      const { info, lang: pdfLang } = pdf(lang, edition);
      expect(info.Title).toContain(BOOK_TITLE[lang]);
      expect(info.Author).toBe('Aminata Sow, Marc Lefèvre');
      expect(info.Subject).toBeTruthy();
      expect(String(info.Keywords)).toContain('microfinance');
      expect(String(info.Producer)).toMatch(/coursebook/);
      expect(pdfLang).toBe(lang);
    }
  });

  test('the trainer edition is marked on its cover and in its page footers', () => {
    expect(searchableText(pdf(lang, 'trainer-cover'))).toMatch(lang === 'fr' ? /formateur/i : /trainer/i);
    const trainer = pdf(lang, 'trainer');
    // The mark sits in the footer, beside the folio (within a point or two of its baseline).
    const footers = trainer.pages.slice(6).filter((p) => p.lines.slice(-2).some((l) => l.text.includes(TRAINER_MARK[lang]!)));
    expect(footers.length).toBeGreaterThan(trainer.numPages / 2);
    expect(searchableText(pdf(lang, 'participant'))).not.toContain(TRAINER_MARK[lang]);
  });

  test('the interiors are tagged PDFs', async () => {
    expect(await isTagged(path.join(SAMPLE_OUT, lang, 'participant.pdf'))).toBe(true);
    expect(await isTagged(path.join(SAMPLE_OUT, lang, 'trainer.pdf'))).toBe(true);
  });
});
