import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BuildFailedError } from '../diagnostics/diagnostic.ts';
import { sourceHash } from './source-hash.ts';
import { markTranslated, withSourceHash } from './stamp-source-hash.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function course(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-stamp-'));
  roots.push(root);
  const all = { 'book.yaml': 'title: Cours\nlanguages: [fr, en]\n', ...files };
  for (const [rel, content] of Object.entries(all)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

const SOURCE = '---\ntitle: Gouvernance\n---\n\nTexte.\n';
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

/** Runs fn and returns the diagnostics of the BuildFailedError it throws. */
function failure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildFailedError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected a BuildFailedError');
}

describe('markTranslated', () => {
  it('adds source_hash at the end of the front matter and keeps everything else byte for byte', () => {
    const translation = [
      '---',
      '# Translated by A. B.',
      'title: "Governance"   # reviewed',
      'objectives:',
      '  - Understand the board',
      '  - Tell "governance" from management',
      "materials: [Flip chart, 'Cards: three colours']",
      'method: >',
      '  Presentation and',
      '  group work',
      '---',
      '',
      'Text with trailing blanks   ',
      '---',
      'A thematic break above.',
      '',
    ].join('\n');
    const root = course({ 'content/fr/02-gov.md': SOURCE, 'content/en/02-gov.md': translation });
    const hash = sourceHash(SOURCE);

    const result = markTranslated(root, 'en', '02-gov.md');
    expect(result).toEqual({ file: 'content/en/02-gov.md', sourceFile: 'content/fr/02-gov.md', hash, changed: true });
    expect(read(root, 'content/en/02-gov.md')).toBe(translation.replace('  group work\n---', `  group work\nsource_hash: ${hash}\n---`));
    // No temporary file left behind.
    expect(fs.readdirSync(path.join(root, 'content/en'))).toEqual(['02-gov.md']);
  });

  it('replaces an existing source_hash in place, keeping its comment', () => {
    const translation = '---\ntitle: Governance\nsource_hash: aaaaaaaaaaaa # old\nduration: 2 h\n---\nBody\n';
    const root = course({ 'content/fr/02-gov.md': SOURCE, 'content/en/02-gov.md': translation });
    const hash = sourceHash(SOURCE);
    expect(markTranslated(root, 'en', '02-gov.md')).toMatchObject({ previous: 'aaaaaaaaaaaa', changed: true });
    expect(read(root, 'content/en/02-gov.md')).toBe(translation.replace('aaaaaaaaaaaa', hash));

    // A second run changes nothing.
    const mtime = fs.statSync(path.join(root, 'content/en/02-gov.md')).mtimeMs;
    expect(markTranslated(root, 'en', '02-gov.md')).toMatchObject({ previous: hash, changed: false });
    expect(fs.statSync(path.join(root, 'content/en/02-gov.md')).mtimeMs).toBe(mtime);
  });

  it('keeps CRLF line endings and a BOM', () => {
    const translation = '\uFEFF---\r\ntitle: Governance\r\n---\r\nBody\r\n';
    const root = course({ 'content/fr/02-gov.md': SOURCE.replace(/\n/g, '\r\n'), 'content/en/02-gov.md': translation });
    markTranslated(root, 'en', '02-gov.md');
    const bytes = fs.readFileSync(path.join(root, 'content/en/02-gov.md'));
    expect(bytes.toString('utf8')).toBe(`\uFEFF---\r\ntitle: Governance\r\nsource_hash: ${sourceHash(SOURCE)}\r\n---\r\nBody\r\n`);
  });

  it('replaces an empty, wrongly typed or multi-line source_hash', () => {
    const hash = sourceHash(SOURCE);
    for (const [before, after] of [
      ['source_hash:\n', `source_hash: ${hash}\n`],
      ['source_hash: 123\n', `source_hash: ${hash}\n`],
      ['source_hash: >\n  abc\n  def\n', `source_hash: ${hash}\n`],
    ] as const) {
      const translation = `---\ntitle: Governance\n${before}duration: 2 h\n---\nBody\n`;
      const root = course({ 'content/fr/02-gov.md': SOURCE, 'content/en/02-gov.md': translation });
      markTranslated(root, 'en', '02-gov.md');
      expect(read(root, 'content/en/02-gov.md')).toBe(translation.replace(before, after));
    }
  });

  it('quotes a hash YAML would read as a number', () => {
    expect(withSourceHash('---\ntitle: T\n---\nB\n', '12e456789012')).toBe('---\ntitle: T\nsource_hash: "12e456789012"\n---\nB\n');
    expect(withSourceHash('---\ntitle: T\n---\nB\n', '123456789012')).toBe('---\ntitle: T\nsource_hash: "123456789012"\n---\nB\n');
    expect(withSourceHash('---\ntitle: T\n---\nB\n', 'abcdef012345')).toBe('---\ntitle: T\nsource_hash: abcdef012345\n---\nB\n');
  });

  it('refuses a source-language chapter, a missing file and broken front matter, leaving files untouched', () => {
    const broken = '---\ntitle: [unclosed\n---\nBody\n';
    const root = course({
      'content/fr/02-gov.md': SOURCE,
      'content/fr/03-risk.md': SOURCE,
      'content/en/02-gov.md': broken,
      'content/en/09-extra.md': SOURCE,
    });
    expect(failure(() => markTranslated(root, 'fr', '02-gov.md')).map((d) => d.code)).toEqual(['status/source-language']);
    expect(failure(() => markTranslated(root, 'en', '03-risk.md')).map((d) => d.code)).toEqual(['status/no-translation']);
    expect(failure(() => markTranslated(root, 'en', '09-extra.md')).map((d) => d.code)).toEqual(['status/no-source']);
    expect(failure(() => markTranslated(root, 'de', '02-gov.md')).map((d) => d.code)).toEqual(['status/unknown-language']);
    expect(failure(() => markTranslated(root, 'en', '02-gov.md'))[0]).toMatchObject({
      code: 'content/front-matter',
      file: 'content/en/02-gov.md',
      line: 2,
    });
    expect(read(root, 'content/en/02-gov.md')).toBe(broken);
  });

  it('reports an invalid book.yaml', () => {
    const root = course({ 'book.yaml': 'title: Cours\n', 'content/fr/02-gov.md': SOURCE, 'content/en/02-gov.md': SOURCE });
    expect(failure(() => markTranslated(root, 'en', '02-gov.md'))[0]).toMatchObject({ code: 'config/schema', file: 'book.yaml' });
  });
});
