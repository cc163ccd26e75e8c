import { testBookConfig } from '../../test/helpers/book-config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { BookConfig } from '../config/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { loadChapters } from './load-chapters.ts';

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A course folder with the given files (path relative to the root → text or bytes). */
function course(files: Record<string, string | Buffer>): BookConfig {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-content-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return testBookConfig(root, { title: 'T', languages: ['fr', 'en'] });
}

const chapter = (title: string, body = `Texte de ${title}.`) => `---\ntitle: ${title}\n---\n${body}\n`;

describe('loadChapters', () => {
  it('reads the chapters of a language in file-name order', () => {
    const config = course({
      'content/fr/02-gouvernance.md': chapter('Gouvernance'),
      'content/fr/01-introduction.md': chapter('Introduction'),
      'content/fr/10-annexe.md': chapter('Annexe'),
      'content/fr/notes.txt': 'not a chapter',
      'content/fr/.#01-introduction.md': 'editor lock file',
    });
    const bag = new DiagnosticBag();
    const chapters = loadChapters(config, 'fr', bag);

    expect(bag.items).toEqual([]);
    expect(chapters.map((c) => c.name)).toEqual(['01-introduction.md', '02-gouvernance.md', '10-annexe.md']);
    expect(chapters[0]).toEqual({
      file: path.join(config.root, 'content', 'fr', '01-introduction.md'),
      relPath: 'content/fr/01-introduction.md',
      name: '01-introduction.md',
      lang: 'fr',
      frontMatter: { title: 'Introduction' },
      body: 'Texte de Introduction.\n',
      bodyStartLine: 4,
      frontMatterLines: { title: 2 },
      fallback: false,
    });
  });

  it('sorts by code point, not by locale', () => {
    const config = course({
      'content/fr/b.md': chapter('B'),
      'content/fr/a.md': chapter('A'),
      'content/fr/B.md': chapter('Upper B'),
      'content/fr/é.md': chapter('E acute'),
    });
    const chapters = loadChapters(config, 'fr', new DiagnosticBag());
    expect(chapters.map((c) => c.name)).toEqual(['B.md', 'a.md', 'b.md', 'é.md']);
  });

  it('falls back to the source language for a missing translation, with a warning', () => {
    const config = course({
      'content/fr/01-intro.md': chapter('Introduction'),
      'content/fr/02-gouvernance.md': chapter('Gouvernance'),
      'content/en/01-intro.md': chapter('Introduction EN'),
    });
    const bag = new DiagnosticBag();
    const chapters = loadChapters(config, 'en', bag);

    expect(chapters.map((c) => [c.name, c.lang, c.fallback, c.relPath])).toEqual([
      ['01-intro.md', 'en', false, 'content/en/01-intro.md'],
      ['02-gouvernance.md', 'fr', true, 'content/fr/02-gouvernance.md'],
    ]);
    expect(bag.errors).toEqual([]);
    expect(bag.warnings).toEqual([
      expect.objectContaining({
        code: 'content/missing-translation',
        file: 'content/en/02-gouvernance.md',
        message: expect.stringContaining('content/en/02-gouvernance.md'),
        hint: 'translate content/fr/02-gouvernance.md into content/en/02-gouvernance.md',
      }),
    ]);
    expect(bag.isFatal(true)).toBe(true);
    expect(bag.isFatal(false)).toBe(false);
  });

  it('falls back for every chapter when the translation folder is missing', () => {
    const config = course({ 'content/fr/01-intro.md': chapter('Introduction') });
    const bag = new DiagnosticBag();
    const chapters = loadChapters(config, 'en', bag);
    expect(chapters.map((c) => [c.lang, c.fallback])).toEqual([['fr', true]]);
    expect(bag.warnings.map((w) => w.code)).toEqual(['content/missing-translation']);
  });

  it('reports problems of a fallback chapter once across languages', () => {
    const config = course({ 'content/fr/01-intro.md': '---\ntitle: T\ncolour: red\n---\nBody\n' });
    const bag = new DiagnosticBag();
    loadChapters(config, 'fr', bag);
    loadChapters(config, 'en', bag);
    expect(bag.items.map((d) => d.code)).toEqual(['content/front-matter-key', 'content/missing-translation']);
  });

  it('reports a missing source-language folder', () => {
    const config = course({ 'content/en/01-intro.md': chapter('Intro') });
    const bag = new DiagnosticBag();
    expect(loadChapters(config, 'fr', bag)).toEqual([]);
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'content/missing-folder', file: 'content/fr', hint: expect.stringContaining('content/fr/') }),
    ]);
  });

  it('reports a file that is not valid UTF-8, at the first bad line', () => {
    const latin1 = Buffer.concat([
      Buffer.from('---\ntitle: Introduction\n---\nUne soir', 'utf8'),
      Buffer.from([0xe9]), // "é" in Latin-1
      Buffer.from('e.\n', 'utf8'),
    ]);
    const config = course({ 'content/fr/01-intro.md': latin1, 'content/fr/02-ok.md': chapter('OK') });
    const bag = new DiagnosticBag();
    const chapters = loadChapters(config, 'fr', bag);

    expect(chapters.map((c) => c.name)).toEqual(['02-ok.md']);
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'content/encoding', file: 'content/fr/01-intro.md', line: 4 }),
    ]);
  });

  it('strips a UTF-8 BOM', () => {
    const config = course({ 'content/fr/01-intro.md': '\uFEFF' + chapter('Introduction') });
    const bag = new DiagnosticBag();
    const [first] = loadChapters(config, 'fr', bag);
    expect(bag.items).toEqual([]);
    expect(first?.frontMatter.title).toBe('Introduction');
  });

  it('reports an empty chapter at the line after the front matter', () => {
    const config = course({ 'content/fr/01-intro.md': '---\ntitle: Introduction\nduration: 1 h\n---\n\n  \n' });
    const bag = new DiagnosticBag();
    expect(loadChapters(config, 'fr', bag)).toEqual([]);
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'content/empty-chapter', file: 'content/fr/01-intro.md', line: 5 }),
    ]);
  });

  it('reports an edition the book does not declare, at the editions line', () => {
    const config = course({
      'content/fr/01-intro.md': '---\ntitle: Introduction\nmethod: Exposé\neditions: [trainer, formateur]\n---\nBody\n',
    });
    const bag = new DiagnosticBag();
    expect(loadChapters(config, 'fr', bag)).toEqual([]);
    expect(bag.errors).toEqual([
      expect.objectContaining({
        code: 'content/unknown-edition',
        message: 'unknown edition "formateur"',
        file: 'content/fr/01-intro.md',
        line: 4,
        hint: expect.stringContaining('participant, trainer'),
      }),
    ]);
  });

  it('maps front matter to ChapterFrontMatter, with lines under both key names', () => {
    const config = course({
      'content/fr/01-intro.md': '---\ntitle: Intro\neditions: [trainer]\nsource_hash: 9f2c\n---\nBody\n',
    });
    const [first] = loadChapters(config, 'fr', new DiagnosticBag());
    expect(first?.frontMatter).toEqual({ title: 'Intro', editions: ['trainer'], sourceHash: '9f2c' });
    expect(first?.frontMatterLines).toEqual({ title: 2, editions: 3, source_hash: 4, sourceHash: 4 });
  });

  it('warns about a translation without a source chapter', () => {
    const config = course({
      'content/fr/01-intro.md': chapter('Intro'),
      'content/en/01-intro.md': chapter('Intro'),
      'content/en/02-old-name.md': chapter('Old'),
    });
    const bag = new DiagnosticBag();
    const chapters = loadChapters(config, 'en', bag);
    expect(chapters.map((c) => c.name)).toEqual(['01-intro.md', '02-old-name.md']);
    expect(bag.warnings).toEqual([
      expect.objectContaining({ code: 'content/extra-translation', file: 'content/en/02-old-name.md' }),
    ]);
  });
});
