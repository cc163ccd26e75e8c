import { describe, expect, it } from '@jest/globals';
import { parseContent } from './content-stream.ts';
import { findColorOperators, rewriteColors, type SpaceFamily } from './rewrite-colors.ts';

const families: Record<string, SpaceFamily> = { CS0: 'rgb', CS1: 'gray', Sep: 'other' };
const familyOf = (name: string): SpaceFamily => families[name] ?? 'other';

describe('parseContent', () => {
  it('keeps strings, arrays, dictionaries and inline images whole', () => {
    const ops = parseContent(
      'q 1 0 0 1 10 20 cm BT /F1 12 Tf [(a\\)b) -20 (c)] TJ ET /P <</MCID 3>> BDC EMC BI /W 1 /H 1 /CS /RGB ID \x00\xff\x10 EI Q',
    );
    expect(ops.map((o) => o.operator)).toEqual(['q', 'cm', 'BT', 'Tf', 'TJ', 'ET', 'BDC', 'EMC', 'BI', 'Q']);
    expect(ops[4]!.operands[0]!.text).toBe('[(a\\)b) -20 (c)]');
    expect(ops[6]!.operands.map((o) => o.text)).toEqual(['/P', '<</MCID 3>>']);
  });
});

describe('rewriteColors, gray', () => {
  it('turns rg/RG/k/K and sc in RGB spaces into g/G by luminance; black stays 0', () => {
    const input = '0 0 0 rg BT (x) Tj ET 1 0 0 RG 0 0 0 1 k 0.2 0.2 0.2 0 K /CS0 cs 0 0 1 sc /CS1 CS 0.5 SC q 1 1 1 rg Q 0 1 0 scn';
    const out = rewriteColors(input, { mode: 'gray', familyOf });
    expect(out.text).toBe('0 g BT (x) Tj ET 0.299 G 0 g 0.8 G 0 g 0.114 g 0 G 0.5 G q 1 g Q 0.587 g');
    expect(findColorOperators(out.text, familyOf)).toEqual([]);
    expect(out.unconverted).toEqual([]);
  });

  it('leaves what it cannot convert and says so; preflight then still finds it', () => {
    const out = rewriteColors('/Sep cs 0.4 scn /Pattern cs /P0 scn', { mode: 'gray', familyOf });
    expect(out.text).toBe('/Sep cs 0.4 scn /Pattern cs /P0 scn');
    expect(out.unconverted).toEqual(['cs /Sep']);
    expect(findColorOperators(out.text, familyOf)).toEqual(['/Sep cs', '0.4 scn']);
  });

  it('copies binary bytes and everything else verbatim', () => {
    const input = '%comment\n1 0 0 rg\nBI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI\n(\xe9\xff) Tj';
    expect(rewriteColors(input, { mode: 'gray', familyOf }).text).toBe(
      '%comment\n0.299 g\nBI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI\n(\xe9\xff) Tj',
    );
  });
});

describe('rewriteColors, cmyk', () => {
  it('black and grays become black ink only; other RGB goes into the ICC-based sRGB space', () => {
    const input = '0 0 0 rg (t) Tj 0.25 0.25 0.25 RG 1 0 0 rg 0 0 1 rg 0.5 g /CS0 cs 0 0 0 sc 0.1 0.2 0.3 sc';
    const out = rewriteColors(input, { mode: 'cmyk', familyOf, iccRgbName: 'CBsRGB' });
    expect(out.text).toBe(
      '0 0 0 1 k (t) Tj 0 0 0 0.75 K /CBsRGB cs 1 0 0 sc 0 0 1 sc 0 0 0 0.5 k 0 0 0 1 k 0 0 0 1 k /CBsRGB cs 0.1 0.2 0.3 sc',
    );
    expect(out.usedIccRgb).toBe(true);
    // No DeviceRGB operator is left.
    expect(parseContent(out.text).filter((o) => o.operator === 'rg' || o.operator === 'RG')).toEqual([]);
  });

  it('near-black (darker than 10 %) prints as solid black ink, in both modes', () => {
    expect(rewriteColors('0.0667 0.0667 0.0667 rg 0.05 g', { mode: 'cmyk', familyOf }).text).toBe('0 0 0 1 k 0 0 0 1 k');
    expect(rewriteColors('0.0667 0.0667 0.0667 rg 0.05 g 0.5 g', { mode: 'gray', familyOf }).text).toBe('0 g 0 g 0.5 g');
  });

  it('restores what was emitted with Q', () => {
    const out = rewriteColors('1 0 0 rg q 0 0 0 rg Q 0 1 0 rg', { mode: 'cmyk', familyOf, iccRgbName: 'CBsRGB' });
    expect(out.text).toBe('/CBsRGB cs 1 0 0 sc q 0 0 0 1 k Q 0 1 0 sc');
  });
});
