import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BUILTIN_LOCALES_DIR, fallbackChain, loadLocale } from './locale.ts';
import { localeSchema } from './locale-schema.ts';

let tmp: string;
let courseDir: string;

function write(dir: string, name: string, text: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-locale-'));
  courseDir = path.join(tmp, 'course', 'locales');
  write(courseDir, 'fr.yaml', 'toc:\n  title: Sommaire\n');
  write(courseDir, 'fr-CA.yaml', 'callout:\n  trainer: Note pour l’animateur\n');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('built-in locale files', () => {
  const keys = [
    'toc.title',
    'chapter',
    'figure',
    'table',
    'section',
    'xref.figure',
    'xref.table',
    'xref.section',
    'callout.exercise',
    'callout.answer',
    'callout.keypoint',
    'callout.trainer',
    'callout.participant',
    'edition.participant',
    'edition.trainer',
    'notes.title',
    'colophon.title',
    'colophon.built',
    'colophon.pages',
    'session.title',
    'session.duration',
    'session.objectives',
    'session.materials',
    'session.method',
    'answers.title',
    'answers.exercise',
    'cover.participant',
    'cover.trainer',
    'fallback.notice',
  ];

  it.each(['fr', 'en', 'ar'])('%s.yaml defines every key', (lang) => {
    const bag = new DiagnosticBag();
    // A folder holding only this file, so that no English fallback hides a missing key.
    const dir = path.join(tmp, `builtin-${lang}`);
    write(dir, `${lang}.yaml`, fs.readFileSync(path.join(BUILTIN_LOCALES_DIR, `${lang}.yaml`), 'utf8'));
    const locale = loadLocale(lang, [dir], bag);
    for (const key of keys) expect([key, locale.has(key)]).toEqual([key, true]);
    expect(locale.digits).toBe(lang === 'ar' ? 'arab' : 'latn');
    expect(bag.items).toEqual([]);
  });

  it.each(['fr', 'en', 'ar'])('%s.yaml defines every string of the schema (so docs/configuration.md lists what is there)', (lang) => {
    const schemaKeys = (properties: Record<string, { properties?: Record<string, unknown> }>, prefix = ''): string[] =>
      Object.entries(properties).flatMap(([name, sub]) =>
        sub.properties ? schemaKeys(sub.properties as never, `${prefix}${name}.`) : [`${prefix}${name}`],
      );
    const keys = schemaKeys(localeSchema.properties as never).filter((key) => key !== 'dir' && key !== 'digits');
    const bag = new DiagnosticBag();
    const dir = path.join(tmp, `schema-${lang}`);
    write(dir, `${lang}.yaml`, fs.readFileSync(path.join(BUILTIN_LOCALES_DIR, `${lang}.yaml`), 'utf8'));
    const locale = loadLocale(lang, [dir], bag);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((key) => !locale.has(key))).toEqual([]);
  });

  it('has the expected French and English strings', () => {
    const bag = new DiagnosticBag();
    const fr = loadLocale('fr', [BUILTIN_LOCALES_DIR], bag);
    const en = loadLocale('en', [BUILTIN_LOCALES_DIR], bag);
    expect(fr.t('toc.title')).toBe('Table des matières');
    expect(fr.t('xref.figure', { number: '2.1', page: 27 })).toBe('figure 2.1, page 27');
    expect(fr.t('answers.exercise', { number: 3, title: 'Le PAR', page: 12 })).toBe('Exercice 3\u00A0: Le PAR, page 12');
    expect(en.t('xref.figure', { number: '2.1', page: 27 })).toBe('Figure 2.1 on page 27');
    expect(en.t('colophon.pages', { count: 1200 })).toBe('1,200 pages');
    expect(fr.t('colophon.pages', { count: 1200 })).toBe('1\u202F200 pages');
    expect(bag.items).toEqual([]);
  });
});

describe('loadLocale', () => {
  it('builds the fallback chain fr-CA → fr → en', () => {
    expect(fallbackChain('fr-CA')).toEqual(['fr-CA', 'fr', 'en']);
    expect(fallbackChain('en')).toEqual(['en']);
    expect(fallbackChain('zh-Hant-TW')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
  });

  it('falls back fr-CA → fr → en, silently', () => {
    const bag = new DiagnosticBag();
    write(path.join(tmp, 'only-en'), 'en.yaml', 'extra:\n  key: English only\n');
    const locale = loadLocale('fr-ca', [courseDir, path.join(tmp, 'only-en'), BUILTIN_LOCALES_DIR], bag);
    expect(locale.lang).toBe('fr-CA');
    expect(locale.chain).toEqual(['fr-CA', 'fr', 'en']);
    expect(locale.t('callout.trainer')).toBe('Note pour l’animateur'); // fr-CA
    expect(locale.t('callout.keypoint')).toBe('À retenir'); // fr
    expect(locale.t('extra.key')).toBe('English only'); // en
    expect(locale.dir).toBe('ltr');
    expect(locale.digits).toBe('latn');
    expect(bag.items).toEqual([]);
  });

  it('lets an earlier folder override a later one key by key', () => {
    const bag = new DiagnosticBag();
    const locale = loadLocale('fr', [courseDir, BUILTIN_LOCALES_DIR], bag);
    expect(locale.t('toc.title')).toBe('Sommaire');
    expect(locale.t('chapter')).toBe('Chapitre');
    const builtinOnly = loadLocale('fr', [BUILTIN_LOCALES_DIR], bag);
    expect(builtinOnly.t('toc.title')).toBe('Table des matières');
    expect(bag.items).toEqual([]);
  });

  it('warns once per missing key and returns the key', () => {
    const bag = new DiagnosticBag();
    const locale = loadLocale('fr', [courseDir, BUILTIN_LOCALES_DIR], bag);
    expect(locale.t('no.such.key')).toBe('no.such.key');
    expect(locale.t('no.such.key', { x: 1 })).toBe('no.such.key');
    expect(locale.t('other.key')).toBe('other.key');
    expect(bag.warnings.map((d) => d.code)).toEqual(['locale/missing-key', 'locale/missing-key']);
    const [first] = bag.warnings;
    expect(first!.message).toContain('no.such.key');
    expect(first!.message).toContain('"fr"');
    expect(first!.hint).toContain(path.join(courseDir, 'fr.yaml'));
    expect(first!.hint).toContain(path.join(BUILTIN_LOCALES_DIR, 'en.yaml'));
    // A second locale warns again: once per key per locale.
    loadLocale('en', [BUILTIN_LOCALES_DIR], bag).t('no.such.key');
    expect(bag.warnings).toHaveLength(3);
  });

  it('is right-to-left with Arabic-Indic digits for Arabic', () => {
    const bag = new DiagnosticBag();
    const ar = loadLocale('ar', [BUILTIN_LOCALES_DIR], bag);
    expect(ar.dir).toBe('rtl');
    expect(ar.digits).toBe('arab');
    expect(ar.formatNumber(127)).toBe('١٢٧');
    expect(ar.formatNumber(1234.5)).toBe('١٬٢٣٤٫٥');
    expect(ar.t('xref.figure', { number: 3, page: 127 })).toBe('الشكل ٣ في الصفحة ١٢٧');
    expect(ar.formatDate(new Date('2025-03-07T23:30:00Z'))).toBe('٧ مارس ٢٠٢٥');
    expect(bag.items).toEqual([]);
  });

  it('formats dates in the language, long style, UTC', () => {
    const bag = new DiagnosticBag();
    const date = new Date('2025-03-07T23:30:00Z');
    expect(loadLocale('fr', [BUILTIN_LOCALES_DIR], bag).formatDate(date)).toBe('7 mars 2025');
    expect(loadLocale('en', [BUILTIN_LOCALES_DIR], bag).formatDate(date)).toBe('March 7, 2025');
    expect(loadLocale('fr', [BUILTIN_LOCALES_DIR], bag).t('colophon.built', { date: '7 mars 2025' })).toBe(
      'Composé avec coursebook le 7 mars 2025.',
    );
  });

  it('reports a YAML syntax error with file and line', () => {
    const bag = new DiagnosticBag();
    const dir = path.join(tmp, 'broken');
    write(dir, 'fr.yaml', 'toc:\n  title: Sommaire\nchapter: [unclosed\nfigure: Figure\n');
    const locale = loadLocale('fr', [dir, BUILTIN_LOCALES_DIR], bag);
    const errors = bag.errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe('locale/yaml');
    expect(errors[0]!.file).toBe(path.join(dir, 'fr.yaml'));
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
    // The broken file is ignored; the built-in strings still apply.
    expect(locale.t('toc.title')).toBe('Table des matières');
  });

  it('warns about wrong values at file:line and takes the string from the next file instead', () => {
    const bag = new DiagnosticBag();
    const dir = path.join(tmp, 'wrong-values');
    write(
      dir,
      'fr.yaml',
      ['dir: sideways', 'toc: Sommaire', 'chapter:', '  - Chapitre', 'extra:', '  note: [a, b]', 'figure: 7', ''].join('\n'),
    );
    const locale = loadLocale('fr', [dir, BUILTIN_LOCALES_DIR], bag);
    const file = path.join(dir, 'fr.yaml');
    expect(bag.items.map((d) => [d.severity, d.code, d.file, d.line, d.message])).toEqual([
      ['warning', 'locale/value', file, 1, 'Locale key "dir" must be "ltr" or "rtl", not "sideways".'],
      ['warning', 'locale/value', file, 2, 'Locale key "toc" must be a map of keys.'],
      ['warning', 'locale/value', file, 4, 'Locale key "chapter" must be a string.'],
      ['warning', 'locale/value', file, 6, 'Locale key "extra.note" must be a string.'],
    ]);
    expect(bag.items[1]!.hint).toBe('Nest the keys under it, e.g. "toc:\\n  title: …".');
    expect(locale.dir).toBe('ltr');
    expect(locale.t('toc.title')).toBe('Table des matières');
    expect(locale.t('chapter')).toBe('Chapitre');
    // A number is read as its text.
    expect(locale.t('figure')).toBe('7');

    // Read again by a later build in the same process (the parsed file is remembered): the same warnings, the same strings.
    const again = new DiagnosticBag();
    const reread = loadLocale('fr', [dir, BUILTIN_LOCALES_DIR], again);
    expect(again.items).toEqual(bag.items);
    expect(again.items[0]).not.toBe(bag.items[0]);
    expect(reread.t('chapter')).toBe('Chapitre');
  });

  it("names a course's locale file relative to the course, as other diagnostics do, and its own files in full", () => {
    const bag = new DiagnosticBag();
    const course = path.join(tmp, 'relative-course');
    const dir = path.join(course, 'locales');
    write(dir, 'ar.yaml', '# Arabic\ndigits: abacus\n');
    loadLocale('ar', [dir, BUILTIN_LOCALES_DIR], bag, course);
    expect(bag.items).toEqual([expect.objectContaining({ code: 'locale/digits', file: path.join('locales', 'ar.yaml'), line: 2 })]);

    const missing = new DiagnosticBag();
    loadLocale('sw', [dir, BUILTIN_LOCALES_DIR], missing, course);
    expect(missing.items).toEqual([
      expect.objectContaining({ code: 'locale/no-file', hint: expect.stringContaining(`Add ${path.join('locales', 'sw.yaml')} `) }),
    ]);
  });

  it('names the file and line of an unknown numbering system', () => {
    const bag = new DiagnosticBag();
    const dir = path.join(tmp, 'wrong-digits');
    write(dir, 'ar.yaml', '# Arabic\ndigits: abacus\n');
    const locale = loadLocale('ar', [dir, BUILTIN_LOCALES_DIR], bag);
    expect(locale.digits).toBe('arab');
    expect(bag.items).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'locale/digits', file: path.join(dir, 'ar.yaml'), line: 2, column: 9 }),
    ]);
  });

  it('falls back to English with an info note when the language has no file', () => {
    const bag = new DiagnosticBag();
    const de = loadLocale('de', [BUILTIN_LOCALES_DIR], bag);
    expect(de.t('toc.title')).toBe('Contents');
    expect(de.digits).toBe('latn');
    expect(de.formatNumber(1234.5)).toBe('1.234,5');
    expect(bag.items.map((d) => [d.severity, d.code])).toEqual([['info', 'locale/no-file']]);
  });

  it('warns when a placeholder has no value', () => {
    const bag = new DiagnosticBag();
    const en = loadLocale('en', [BUILTIN_LOCALES_DIR], bag);
    expect(en.t('xref.figure', { number: '1.2' })).toBe('Figure 1.2 on page {page}');
    expect(bag.warnings.map((d) => d.code)).toEqual(['locale/missing-var']);
  });
});
