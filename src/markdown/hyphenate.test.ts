import { describe, expect, it } from '@jest/globals';
import { getHyphenator } from './hyphenate.ts';

const SHY = '\u00AD';
const strip = (s: string): string => s.split(SHY).join('');

describe('getHyphenator', () => {
  it('hyphenates a long French word', () => {
    const fr = getHyphenator('fr')!;
    expect(fr).not.toBeNull();
    expect(fr('institutionnelles')).toBe(`ins${SHY}ti${SHY}tu${SHY}tion${SHY}nelles`);
    expect(fr('responsabilités')).toBe(`res${SHY}pon${SHY}sa${SHY}bi${SHY}li${SHY}tés`);
  });

  it('hyphenates a long English word', () => {
    const en = getHyphenator('en')!;
    expect(en('accountability')).toBe(`ac${SHY}count${SHY}abil${SHY}ity`);
    expect(en('The accountability of organizations.')).toBe(
      `The ac${SHY}count${SHY}abil${SHY}ity of or${SHY}ga${SHY}ni${SHY}za${SHY}tions.`,
    );
  });

  it('changes nothing but inserting soft hyphens', () => {
    const fr = getHyphenator('fr')!;
    const text = 'L\u2019apprentissage   des\u202Fresponsabilités,\nà « l’organisation » !';
    const out = fr(text);
    expect(out).not.toBe(text);
    expect(strip(out)).toBe(text);
    expect(out).toContain(`\u2019ap${SHY}pren${SHY}tis${SHY}sage`);
  });

  it('keeps 2 letters before and 3 after every break, and skips short words', () => {
    const en = getHyphenator('en')!;
    const words = en('hyphenation demonstration international unbelievable').split(' ');
    for (const word of words) {
      const parts = word.split(SHY);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts[0]!.length).toBeGreaterThanOrEqual(2);
      expect(parts[parts.length - 1]!.length).toBeGreaterThanOrEqual(3);
    }
    expect(en('paper table brief')).toBe('paper table brief');
    expect(en('garden')).toBe(`gar${SHY}den`); // 6 letters is long enough
  });

  it('never touches URLs, e-mail addresses, file names, paths, words with digits or acronyms', () => {
    const fr = getHyphenator('fr')!;
    const untouched = [
      'https://www.microfinance.org/gouvernance',
      'www.gouvernementales.fr',
      'direction.generale@institution.org',
      'rapport.pdf',
      'documentation/gouvernance',
      'C:\\Documents\\gouvernance',
      'PAR30',
      'Basel3regulation',
      'MICROFINANCE',
      'PowerPoint',
    ];
    for (const token of untouched) expect(fr(token)).toBe(token);
    expect(fr('Lisez rapport.pdf (PAR30) attentivement')).toBe(`Lisez rapport.pdf (PAR30) at${SHY}ten${SHY}ti${SHY}ve${SHY}ment`);
  });

  it('maps regional variants and caches one function per language', () => {
    const frCA = getHyphenator('fr-CA');
    expect(frCA).not.toBeNull();
    expect(frCA!('institutionnelles')).toBe(getHyphenator('fr')!('institutionnelles'));
    expect(getHyphenator('fr-CA')).toBe(frCA);
    // British patterns differ from American ones.
    expect(getHyphenator('en-GB')!('organisation')).toBe(`or${SHY}gan${SHY}isa${SHY}tion`);
    expect(getHyphenator('en-AU')!('organisation')).toBe(getHyphenator('en')!('organisation'));
    expect(getHyphenator('de')!('Donaudampfschifffahrt')).toContain(SHY);
  });

  it('returns null for languages without patterns', () => {
    expect(getHyphenator('ar')).toBeNull();
    expect(getHyphenator('he')).toBeNull();
    expect(getHyphenator('../../etc/passwd')).toBeNull();
  });
});
