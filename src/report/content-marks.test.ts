import { describe, expect, test } from '@jest/globals';
import { markUntaggedAsArtifacts, mayHaveUntaggedPaint, scanContentMarks } from './content-marks.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const scan = (...streams: string[]) => scanContentMarks(streams.map(bytes));
const marked = (text: string): string | null => {
  const out = markUntaggedAsArtifacts(bytes(text));
  return out && new TextDecoder().decode(out);
};

describe('scanContentMarks', () => {
  test('finds MCIDs and counts painting outside tagged or artifact sequences', () => {
    const marks = scan(
      '/P <</MCID 0 >>BDC BT /F1 12 Tf (Hello) Tj ET EMC\n' +
        '0 0 10 10 re f\n' + // untagged
        '/Artifact BMC 0 0 m 10 10 l S EMC\n' +
        '/Artifact <</Type /Pagination>> BDC BT (12) Tj ET EMC\n' +
        '/Span <</ActualText (x)>> BDC 1 1 1 1 re f EMC\n' + // marked, but neither tagged nor artifact
        '/Figure <</MCID 3>> BDC /Im0 Do EMC',
    );
    expect(marks).toEqual({ mcids: [0, 3], untaggedPaints: 2, unbalanced: false });
  });

  test('streams of one page form one stream; unbalanced sequences are reported', () => {
    expect(scan('/P <</MCID 0>> BDC', '(a) Tj EMC')).toEqual({ mcids: [0], untaggedPaints: 0, unbalanced: false });
    expect(scan('/P <</MCID 0>> BDC (a) Tj').unbalanced).toBe(true);
    expect(scan('EMC').unbalanced).toBe(true);
  });

  test('strings, hex strings, comments and inline images do not confuse it', () => {
    const marks = scan(
      '% BDC in a comment\n/P <</MCID 7>> BDC (a \\) EMC ( nested ) BDC) Tj <4142> Tj EMC\nBI /W 2 /H 1 /BPC 8 /CS /G ID \x00EMC\x01 EI\n',
    );
    expect(marks).toEqual({ mcids: [7], untaggedPaints: 1, unbalanced: false });
  });
});

describe('markUntaggedAsArtifacts', () => {
  test('wraps each run of untagged painting, path construction included, and nothing else', () => {
    const out = marked('/P <</MCID 0>> BDC BT (a) Tj ET EMC\n.5 g 1 1 2 1 re f 4 1 2 1 re f\nq 9 9 m 10 10 l S Q');
    expect(out).toBe(
      '/P <</MCID 0>> BDC BT (a) Tj ET EMC\n.5 g /Artifact BMC\n1 1 2 1 re f 4 1 2 1 re f\nEMC\n\nq /Artifact BMC\n9 9 m 10 10 l S\nEMC\n Q',
    );
    expect(scanContentMarks([bytes(out!)])).toEqual({ mcids: [0], untaggedPaints: 0, unbalanced: false });
  });

  test('leaves a clipping path alone and untouched streams as they are', () => {
    expect(marked('0 0 100 100 re W n /P <</MCID 0>> BDC (a) Tj EMC')).toBeNull();
    expect(marked('0 0 100 100 re W n 5 5 1 1 re f')).toBe('0 0 100 100 re W n /Artifact BMC\n5 5 1 1 re f\nEMC\n');
  });

  test('untagged text inside a text object is wrapped within it', () => {
    expect(marked('BT /F1 9 Tf 1 0 0 1 5 5 Tm (x) Tj ET')).toBe('BT /F1 9 Tf 1 0 0 1 5 5 Tm /Artifact BMC\n(x) Tj\nEMC\n ET');
  });
});

describe('mayHaveUntaggedPaint (the fast path)', () => {
  const chromiumLike =
    'q .24 0 0 -.24 0 792 cm\n0 0 2550 3300 re W* n\n/NonStruct <</MCID 0 >>BDC\nBT /F8 13.3 Tf <0BDC0001> Tj ET\nEMC\n0 0 0 rg\n' +
    '/P <</MCID 1 >>BDC 1 1 5 5 re f /Span<</ActualText <feff2007> >> BDC BT <0002> Tj ET EMC EMC\n/Artifact BMC 2 2 1 1 re f EMC\n' +
    '/Artifact <</Type /Pagination >>BDC BT <0003> Tj ET EMC\nQ';

  test('says no for painting inside spans nested in a tagged sequence, whatever the spans are', () => {
    const nested = `${chromiumLike}\n/P <</MCID 2 >>BDC /Span BMC 1 1 1 1 re f EMC /Artifact BMC EMC 2 2 1 1 re f EMC`;
    expect(mayHaveUntaggedPaint(bytes(nested))).toBe(false);
    expect(scanContentMarks([bytes(nested)]).untaggedPaints).toBe(0);
  });

  test('says no for painting that is all tagged or artifact, hex glyph codes included', () => {
    expect(mayHaveUntaggedPaint(bytes(chromiumLike))).toBe(false);
    expect(scanContentMarks([bytes(chromiumLike)]).untaggedPaints).toBe(0);
    expect(markUntaggedAsArtifacts(bytes(chromiumLike))).toBeNull();
  });

  test.each([
    ['a path painted between sequences', chromiumLike.replace('0 0 0 rg\n', '0 0 0 rg 3 3 1 1 re f\n')],
    ['text at the top level', `${chromiumLike} BT <0004> Tj ET`],
    ['painting in a sequence without MCID', chromiumLike.replace('/Artifact BMC 2 2', '/Span BMC 2 2')],
    ['a literal string (scanned fully, whatever it holds)', chromiumLike.replace('<0002> Tj', '(EMC) Tj')],
    [
      'painting after a tagged sequence that held spans closes',
      `${chromiumLike}\n/P <</MCID 2 >>BDC /Span BMC /Artifact BMC EMC EMC EMC 1 1 1 1 re f`,
    ],
  ])('says yes for %s', (_name, stream) => {
    expect(mayHaveUntaggedPaint(bytes(stream))).toBe(true);
  });
});
