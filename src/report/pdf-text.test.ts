import { describe, expect, test } from '@jest/globals';
import { PDFDocument, PDFName } from 'pdf-lib';
import { parseToUnicode, pdfText } from './pdf-text.ts';
import { findLeaks, letters, probesFor } from './leak-guard/probes.ts';

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

/**
 * A one-page PDF drawn the way Chromium draws text: two-byte glyph codes of a
 * font with a ToUnicode map, one `Td` + `Tj` per glyph, and /ActualText spans
 * for glyphs the map cannot give the text of.
 */
async function chromiumLikePdf(content: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 100]);
  const toUnicode = [
    'begincmap',
    '5 beginbfchar',
    '<0001> <0065>', // e
    '<0002> <006F>', // o
    '<0003> <0000>', // the "ff" ligature: no text of its own
    '<0004> <0072>', // r
    '<0005> <0020>', // the invisible glyph drawn for a soft hyphen
    'endbfchar',
    '1 beginbfrange',
    '<0010> <0011> <0074>', // t, u
    'endbfrange',
    'endcmap',
  ].join('\n');
  const font = doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'AAAAAA+Test',
      ToUnicode: doc.context.register(doc.context.stream(toUnicode)),
    }),
  );
  page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content)));
  return doc;
}

describe('pdfText', () => {
  test('reads glyphs through the ToUnicode map, and an ActualText span instead of the glyphs it covers', async () => {
    const doc = await chromiumLikePdf(
      [
        '/NonStruct <</MCID 0 >>BDC',
        'BT /F1 12 Tf 1 0 0 -1 0 50 Tm',
        '<0001> Tj',
        '/Span<</ActualText <FEFF006600AD0066> >> BDC 6 0 Td <0003> Tj EMC',
        '0 0 Td <0002> Tj 6 0 Td <0004> Tj',
        '/Span<</ActualText <FEFF00AD> >> BDC 4 0 Td <0005> Tj EMC',
        '0 0 Td <0010> Tj 6 0 Td <0011> Tj',
        'ET',
        'EMC',
      ].join('\n'),
    );
    const text = await pdfText(doc);
    expect(text).toBe('ef\u00ADfor\u00ADtu');
    expect(letters(text)).toBe('effortu');
  });

  test('glyphs after an ActualText span, in the enclosing marked content, are read again', async () => {
    const doc = await chromiumLikePdf(
      '/P <</MCID 1 >>BDC BT /F1 12 Tf /Span<</ActualText <FEFF0027> >> BDC <0005> Tj EMC <0001> Tj ET EMC <0002> Tj',
    );
    expect(await pdfText(doc)).toBe("'eo");
  });

  test('white space inside a glyph string is skipped; codes past the map and a string never closed give no text', async () => {
    const doc = await chromiumLikePdf('BT /F1 12 Tf <00 01> Tj <0FFF> Tj <0002 0004> Tj 3 0 Td <0010> Tj <0011');
    expect(await pdfText(doc)).toBe('eort');
  });
});

describe('leak guard matching', () => {
  const passage = {
    file: 'content/en/01-a.md',
    line: 7,
    what: '"::: trainer" block',
    text: 'Ask each group to explain how they reconciled the cash book before comparing answers.',
  };

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
