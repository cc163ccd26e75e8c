import { describe, expect, it } from '@jest/globals';
import { findLeaks, letters, probesFor, wordLetters, type HiddenPassage } from './probes.ts';

const passage = (text: string, line: number): HiddenPassage => ({
  file: 'content/en/01.md',
  line,
  what: `trainer block at line ${line}`,
  text,
});

/** Seeded words, so the book text is long and varied but the same every run. */
function words(seed: number, count: number): string[] {
  let state = seed;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () =>
    Array.from({ length: 3 + (next() % 7) }, () => 'abcdefghijklmnopqrstuvwxyzé'[next() % 27]).join(''),
  );
}

describe('letters', () => {
  it('keeps the letters and digits of any script, lower-cased after NFKC, as a Unicode-property search does', () => {
    const samples = [
      'Ask each group to ex-\nplain how they rec\u00ADonciled the CASH book… (p. 12)!',
      'L’épargne « obligatoire » : 25 % du prêt ; ﬁnancière, œuvre, Ærø',
      'المؤسسة المالية ١٢٣ — تُدار بعناية؟',
      'Ⅻ ①２ 𝐀𝐁𝐂 😀 𝔘 \uD800 lone \uDC00 surrogates',
      'İstanbul ǅ ß ΣΑΣ Ωμέγα Москва 東京 ১২৩',
    ];
    for (const sample of samples) {
      expect(letters(sample)).toBe(
        sample
          .normalize('NFKC')
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, ''),
      );
    }
  });
});

describe('findLeaks', () => {
  const hiddenAtStart = passage(words(1, 30).join(' '), 10);
  const hiddenInMiddle = passage(words(2, 30).join(' '), 20);
  const hiddenAtEnd = passage(words(3, 12).join(' '), 30);
  const neverPrinted = passage(words(4, 30).join(' '), 40);
  // Shares its first four words (over 20 letters) with a printed passage, then differs: a match of the start alone is no leak.
  const sameStart = passage(`${words(2, 4).join(' ')} ${words(5, 26).join(' ')}`, 50);
  const book = letters(
    [hiddenAtStart.text, words(6, 50_000).join(' '), hiddenInMiddle.text, words(7, 50_000).join(' '), hiddenAtEnd.text].join('\n'),
  );

  it('reports exactly the passages whose text is in the book, wherever it is', () => {
    const leaks = findLeaks(book, probesFor([hiddenAtStart, hiddenInMiddle, hiddenAtEnd, neverPrinted, sameStart]), 'en/participant');
    expect(leaks.map((d) => d.line).sort()).toEqual([10, 20, 30]);
    expect(leaks[0]).toMatchObject({ severity: 'error', code: 'leak/excluded-text', file: 'content/en/01.md' });
  });

  it('agrees with a plain search on every probe', () => {
    const probes = probesFor([hiddenAtStart, hiddenInMiddle, hiddenAtEnd, neverPrinted, sameStart]);
    const expected = new Set(probes.filter((p) => book.includes(p.key)).map((p) => p.passage.line));
    expect(new Set(findLeaks(book, probes, 'x').map((d) => d.line))).toEqual(expected);
  });

  it('finds nothing in a text shorter than a probe', () => {
    expect(findLeaks('abc', probesFor([hiddenAtStart]), 'x')).toEqual([]);
  });
});

describe('wordLetters', () => {
  it('gives letters() of the text and where each word starts in it', () => {
    const text = 'L’épargne « obligatoire » : 25 %\u202Fdu prêt ; ﬁnancière…\n— mv survey-north.txt raw/';
    const { joined, starts } = wordLetters(text);
    expect(joined).toBe(letters(text));
    const words = starts.slice(0, -1).map((start, i) => joined.slice(start, starts[i + 1]));
    expect(words).toEqual(
      text
        .split(/[\s\u202F]+/)
        .map(letters)
        .filter((w) => w !== ''),
    );
  });
});

describe('probesFor over a long visible text', () => {
  it('drops every run the edition shows, wherever it is in the text', () => {
    const hidden = [passage(words(11, 40).join(' '), 60), passage(words(12, 40).join(' '), 70)];
    // The visible text repeats runs of both passages, one deep inside a long text.
    const filler = letters(words(13, 60_000).join(' '));
    const shown = `${filler.slice(0, 199_990)}${letters(words(11, 12).join(' '))}${filler.slice(199_990)}${letters(words(12, 40).join(' '))}`;
    const probes = probesFor(hidden, shown);
    // The second passage is wholly visible: nothing of it can leak. The first keeps runs of its own.
    expect(probes.map((p) => p.passage.line)).toEqual([60, 60, 60]);
    expect(probes.every((p) => !shown.includes(p.key))).toBe(true);
  });
});
