import { describe, expect, it } from '@jest/globals';
import { canonicalChapter, sourceHash } from './source-hash.ts';

const chapter = [
  '---',
  'title: Gouvernance',
  'objectives:',
  '  - Comprendre le rôle du conseil',
  'duration: 2 h',
  '---',
  '',
  '## Le conseil',
  '',
  'Texte du chapitre.',
  '',
].join('\n');

describe('sourceHash', () => {
  it('is 12 lowercase hex digits, stable for the same text', () => {
    expect(sourceHash(chapter)).toMatch(/^[0-9a-f]{12}$/);
    expect(sourceHash(chapter)).toBe(sourceHash(`${chapter}`));
  });

  it('does not depend on line endings', () => {
    expect(sourceHash(chapter.replace(/\n/g, '\r\n'))).toBe(sourceHash(chapter));
    expect(sourceHash(chapter.replace(/\n/g, '\r'))).toBe(sourceHash(chapter));
  });

  it('does not depend on trailing whitespace, a BOM or blank lines around the body', () => {
    const noisy = `\uFEFF${chapter.replace(/\n/g, ' \t\n')}\n\n\n`.replace('---\n', '---  \n');
    expect(sourceHash(noisy)).toBe(sourceHash(chapter));
    expect(sourceHash(chapter.replace('---\n\n##', '---\n##'))).toBe(sourceHash(chapter));
  });

  it('does not depend on a source_hash key, wherever it is and however it is written', () => {
    const withHash = chapter.replace('title: Gouvernance\n', 'title: Gouvernance\nsource_hash: 0123456789ab\n');
    const quoted = chapter.replace('duration: 2 h\n', 'duration: 2 h\nsource_hash: "ffffffffffff"\n');
    expect(sourceHash(withHash)).toBe(sourceHash(chapter));
    expect(sourceHash(quoted)).toBe(sourceHash(chapter));
    expect(sourceHash(withHash.replace(/\n/g, '\r\n'))).toBe(sourceHash(chapter));
  });

  it('does not depend on the form of the YAML (key order, list style, comments, quoting)', () => {
    const reformatted = [
      '---',
      '# a comment',
      'duration: "2 h"',
      "objectives: ['Comprendre le rôle du conseil']",
      'title: Gouvernance',
      '---',
      '## Le conseil',
      '',
      'Texte du chapitre.',
    ].join('\n');
    expect(sourceHash(reformatted)).toBe(sourceHash(chapter));
  });

  it('changes with the words of the body, the title or any other front-matter value', () => {
    const base = sourceHash(chapter);
    expect(sourceHash(chapter.replace('Texte du chapitre.', 'Texte du chapitre modifié.'))).not.toBe(base);
    expect(sourceHash(chapter.replace('title: Gouvernance', 'title: La gouvernance'))).not.toBe(base);
    expect(sourceHash(chapter.replace('duration: 2 h', 'duration: 3 h'))).not.toBe(base);
    expect(sourceHash(chapter.replace('  - Comprendre', '  - Expliquer'))).not.toBe(base);
    // A new paragraph break is a change, even with the same words.
    expect(sourceHash(chapter.replace('## Le conseil\n\n', '## Le conseil\n'))).not.toBe(base);
  });

  it('does not mistake front matter for body or the other way round', () => {
    const bodyOnly = 'title: Gouvernance\n';
    expect(sourceHash(bodyOnly)).not.toBe(sourceHash('---\ntitle: Gouvernance\n---\n'));
    expect(canonicalChapter('no front matter\n')).toEqual({ frontMatter: null, body: 'no front matter' });
  });

  it('hashes front matter that is not valid YAML as text, still without the source_hash line', () => {
    const broken = '---\ntitle: [unclosed\nsource_hash: abc\n---\nBody\n';
    expect(canonicalChapter(broken).frontMatter).toBe('title: [unclosed');
    expect(sourceHash(broken)).toBe(sourceHash(broken.replace('source_hash: abc\n', '').replace(/\n/g, '\r\n')));
  });
});
