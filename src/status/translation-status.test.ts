import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadBookConfig } from '../config/load-config.ts';
import type { BookConfig } from '../config/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { sourceHash } from './source-hash.ts';
import { markTranslated } from './stamp-source-hash.ts';
import { formatStatus, statusToJson, translationStatus, type StatusReport } from './translation-status.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A course folder with book.yaml and the given files (path relative to the root → text). */
function course(files: Record<string, string>, languages = '[fr, en, ar]'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-status-'));
  roots.push(root);
  const all = { 'book.yaml': `title: Cours\nlanguages: ${languages}\n`, ...files };
  for (const [rel, content] of Object.entries(all)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

const chapter = (title: string, body = `Texte de ${title}.`, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;

function config(root: string): BookConfig {
  const bag = new DiagnosticBag();
  const loaded = loadBookConfig(root, bag);
  if (!loaded) throw new Error(JSON.stringify(bag.items));
  return loaded;
}

function status(root: string, langs?: string[]): { report: StatusReport; bag: DiagnosticBag } {
  const bag = new DiagnosticBag();
  return { report: translationStatus(config(root), bag, langs), bag };
}

const states = (report: StatusReport, lang: string) =>
  Object.fromEntries(report.languages.find((l) => l.lang === lang)!.chapters.map((c) => [c.name, c.state]));

describe('translationStatus', () => {
  it('tells translated, outdated, unverified, missing and extra chapters apart', () => {
    const root = course({
      'content/fr/01-intro.md': chapter('Introduction'),
      'content/fr/02-gouvernance.md': chapter('Gouvernance'),
      'content/fr/03-risque.md': chapter('Risque'),
      'content/fr/04-controle.md': chapter('Contrôle'),
      'content/en/01-intro.md': chapter('Introduction (en)'),
      'content/en/02-gouvernance.md': chapter('Governance'),
      'content/en/03-risque.md': chapter('Risk'),
      'content/en/09-annex.md': chapter('Annex'),
      'content/en/.#01-intro.md': 'editor lock file',
      'content/en/notes.txt': 'not a chapter',
    });
    markTranslated(root, 'en', '01-intro.md');
    markTranslated(root, 'en', '02-gouvernance.md');
    // The source changes after the translation was marked.
    fs.appendFileSync(path.join(root, 'content/fr/02-gouvernance.md'), '\nUn nouveau paragraphe.\n');

    const { report, bag } = status(root);
    expect(bag.items).toEqual([]);
    expect(report.sourceLanguage).toBe('fr');
    expect(report.languages.map((l) => l.lang)).toEqual(['en', 'ar']);
    expect(states(report, 'en')).toEqual({
      '01-intro.md': 'translated',
      '02-gouvernance.md': 'outdated',
      '03-risque.md': 'unverified',
      '04-controle.md': 'missing',
    });
    const en = report.languages[0]!;
    expect(en.extra).toEqual([{ name: '09-annex.md', file: 'content/en/09-annex.md' }]);
    expect(en.counts).toEqual({ total: 4, translated: 1, outdated: 1, unverified: 1, missing: 1, extra: 1 });

    const outdated = en.chapters[1]!;
    const currentSource = fs.readFileSync(path.join(root, 'content/fr/02-gouvernance.md'), 'utf8');
    expect(outdated).toEqual({
      name: '02-gouvernance.md',
      state: 'outdated',
      file: 'content/en/02-gouvernance.md',
      sourceFile: 'content/fr/02-gouvernance.md',
      sourceHash: sourceHash(currentSource),
      recordedHash: sourceHash(chapter('Gouvernance')),
    });
    expect(outdated.recordedHash).not.toBe(outdated.sourceHash);
    expect(en.chapters[0]!.recordedHash).toBe(en.chapters[0]!.sourceHash);

    // A language without a folder: everything is missing.
    expect(report.languages[1]!.counts).toEqual({ total: 4, translated: 0, outdated: 0, unverified: 0, missing: 4, extra: 0 });
  });

  it('stays translated when the source only changes line endings or trailing blanks', () => {
    const root = course({
      'content/fr/01-intro.md': chapter('Introduction', 'Ligne un.\nLigne deux.'),
      'content/en/01-intro.md': chapter('Introduction'),
    });
    markTranslated(root, 'en', '01-intro.md');
    const source = path.join(root, 'content/fr/01-intro.md');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace(/\n/g, '  \r\n'));
    expect(states(status(root).report, 'en')).toEqual({ '01-intro.md': 'translated' });
  });

  it('counts a translation with unreadable front matter as unverified, with a warning', () => {
    const root = course({
      'content/fr/01-intro.md': chapter('Introduction'),
      'content/en/01-intro.md': '---\ntitle: [broken\n---\nBody\n',
    });
    const { report, bag } = status(root);
    expect(states(report, 'en')).toEqual({ '01-intro.md': 'unverified' });
    expect(bag.errors).toEqual([]);
    expect(bag.warnings).toEqual([expect.objectContaining({ code: 'status/unreadable-translation', file: 'content/en/01-intro.md' })]);
  });

  it('reports only the languages asked for, and rejects the source or an unknown language', () => {
    const root = course({ 'content/fr/01-intro.md': chapter('Introduction') });
    expect(status(root, ['ar']).report.languages.map((l) => l.lang)).toEqual(['ar']);
    const { bag } = status(root, ['fr', 'de']);
    expect(bag.errors.map((d) => d.code)).toEqual(['status/source-language', 'status/unknown-language']);
  });

  it('warns about a content folder whose language book.yaml does not list', () => {
    const root = course(
      { 'content/fr/01-intro.md': chapter('Introduction'), 'content/ar/01-intro.md': chapter('مدخل'), 'content/images/a.svg': '<svg/>' },
      '[fr, en]',
    );
    const { report, bag } = status(root);
    expect(report.languages.map((l) => l.lang)).toEqual(['en']);
    expect(bag.items).toEqual([expect.objectContaining({ severity: 'warning', code: 'status/unlisted-language', file: 'book.yaml' })]);
    expect(bag.items[0]!.message).toContain('content/ar holds 1 chapter');
  });

  it('reports a missing source folder as an error', () => {
    const root = course({ 'content/en/01-intro.md': chapter('Introduction') });
    const { report, bag } = status(root);
    expect(bag.errors.map((d) => d.code)).toEqual(['content/missing-folder']);
    expect(report.languages[0]!.extra).toEqual([{ name: '01-intro.md', file: 'content/en/01-intro.md' }]);
  });
});

describe('formatStatus', () => {
  it('prints a summary line and a row per chapter for each language', () => {
    const root = course(
      {
        'content/fr/01-intro.md': chapter('Introduction'),
        'content/fr/02-gouvernance.md': chapter('Gouvernance'),
        'content/en/01-intro.md': chapter('Introduction'),
        'content/en/02-gouvernance.md': chapter('Governance'),
        'content/en/03-extra.md': chapter('Extra'),
      },
      '[fr, en]',
    );
    markTranslated(root, 'en', '01-intro.md');
    markTranslated(root, 'en', '02-gouvernance.md');
    fs.appendFileSync(path.join(root, 'content/fr/02-gouvernance.md'), 'Plus.\n');
    const { report } = status(root);
    const en = report.languages[0]!;
    const old = en.chapters[1]!.recordedHash!;
    const now = en.chapters[1]!.sourceHash;
    expect(formatStatus(report)).toBe(
      [
        'Translation status (source language fr, 2 chapters)',
        '',
        'en: 1 translated, 1 outdated, 1 extra',
        '  translated  01-intro.md',
        `  outdated    02-gouvernance.md  fr source changed: translated from ${old}, source is now ${now}`,
        '  extra       03-extra.md        no fr source',
        '',
        'After checking a translation against its source, record it with: coursebook mark-translated content/<lang>/<file>',
        '',
      ].join('\n'),
    );
  });

  it('gives the JSON shape of --json', () => {
    const root = course({ 'content/fr/01-intro.md': chapter('Introduction') }, '[fr, en]');
    const { report } = status(root);
    const json = JSON.parse(JSON.stringify(statusToJson(report, []))) as unknown;
    expect(json).toEqual({
      sourceLanguage: 'fr',
      sourceChapters: [{ name: '01-intro.md', file: 'content/fr/01-intro.md', hash: expect.stringMatching(/^[0-9a-f]{12}$/) }],
      languages: [
        {
          lang: 'en',
          counts: { total: 1, translated: 0, outdated: 0, unverified: 0, missing: 1, extra: 0 },
          chapters: [
            {
              name: '01-intro.md',
              state: 'missing',
              file: 'content/en/01-intro.md',
              sourceFile: 'content/fr/01-intro.md',
              sourceHash: expect.stringMatching(/^[0-9a-f]{12}$/),
            },
          ],
          extra: [],
        },
      ],
      diagnostics: [],
    });
  });
});
