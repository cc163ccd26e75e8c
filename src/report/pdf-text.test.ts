import { describe, expect, test } from '@jest/globals';
import { parseToUnicode } from './pdf-text.ts';
import { findLeaks, letters, probesFor } from './leak-guard.ts';

describe('parseToUnicode', () => {
  test('reads bfchar and both forms of bfrange, with UTF-16 destinations', () => {
    const cmap = parseToUnicode(
      [
        '2 beginbfchar',
        '<0001> <0041>',
        '<0002> <00660069>',
        'endbfchar',
        '2 beginbfrange',
        '<0010> <0012> <0061>',
        '<0020> <0021> [<00E9> <2019>]',
        'endbfrange',
      ].join('\n'),
    );
    expect([...cmap.entries()]).toEqual([
      [1, 'A'],
      [2, 'fi'],
      [0x10, 'a'],
      [0x11, 'b'],
      [0x12, 'c'],
      [0x20, 'é'],
      [0x21, '’'],
    ]);
  });
});

describe('leak guard matching', () => {
  const passage = { file: 'content/en/01-a.md', line: 7, what: '"::: trainer" block', text: 'Ask each group to explain how they reconciled the cash book before comparing answers.' };

  test('finds a passage whatever the spacing, hyphenation and punctuation of the PDF text', () => {
    const pdf = letters('… groups. Ask each group to ex-\nplain how they rec­onciled the cash book before comparing answers!');
    expect(findLeaks(pdf, probesFor([passage]), 'en/participant')).toEqual([
      expect.objectContaining({ code: 'leak/excluded-text', file: 'content/en/01-a.md', line: 7 }),
    ]);
  });

  test('does not flag text that only shares a few words', () => {
    const pdf = letters('Ask each group to explain the cash book rules, then compare with the vault limits.');
    expect(findLeaks(pdf, probesFor([passage]), 'en/participant')).toEqual([]);
  });
});
