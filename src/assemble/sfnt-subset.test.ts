import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import subsetFont from 'subset-font';
import { stampFontFile } from '../layout/fonts.ts';
import { embeddedFontPrograms, fontFormatOf } from '../report/font-programs.ts';
import { sharedFontkit } from './shared-fontkit.ts';
import { FOLIO_DIGITS, sfntSubset } from './sfnt-subset.ts';

const NASKH = stampFontFile('@fontsource/noto-naskh-arabic', 'arabic');

describe('folio fonts', () => {
  test('a WOFF becomes a TrueType subset holding the digits, the same bytes every time', async () => {
    const subset = await sfntSubset(NASKH, FOLIO_DIGITS);
    expect(fontFormatOf(subset)).toBe('truetype');
    const font = sharedFontkit.create(subset);
    for (const digit of '٠١٢٣٤٥٦٧٨٩') expect(font.hasGlyphForCodePoint(digit.codePointAt(0)!)).toBe(true);
    expect(font.hasGlyphForCodePoint('ب'.codePointAt(0)!)).toBe(false);
    // A second run of HarfBuzz (not the cached result) gives the same bytes.
    const again = await subsetFont(fs.readFileSync(NASKH), FOLIO_DIGITS, { targetFormat: 'sfnt' });
    expect(Buffer.from(subset).equals(again)).toBe(true);
  });

  test('embedded by pdf-lib, it lands in /FontFile2 as TrueType', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(sharedFontkit);
    const font = await doc.embedFont(await sfntSubset(NASKH, FOLIO_DIGITS), { subset: false, customName: 'CBDIGI+CoursebookDigits' });
    doc.addPage().drawText('١٠', { font, x: 10, y: 10 });
    const programs = await embeddedFontPrograms(await doc.save());
    expect(programs.map(({ key, format, valid }) => ({ key, format, valid }))).toEqual([
      { key: 'FontFile2', format: 'truetype', valid: true },
    ]);
  });

  test('Arabic-Indic numbers are laid out left to right, most significant digit first', async () => {
    const font = sharedFontkit.create(await sfntSubset(NASKH, FOLIO_DIGITS));
    const run = font.layout('١٠٥');
    expect(run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('')).toBe('١٠٥');
  });
});
