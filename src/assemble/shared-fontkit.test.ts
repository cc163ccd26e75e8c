import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { folioFontFiles } from '../layout/fonts.ts';
import { createHash } from 'node:crypto';
import { seedFontRecords, sharedFontkit, takeFontRecords } from './shared-fontkit.ts';
import { FOLIO_DIGITS, sfntSubset } from './sfnt-subset.ts';

const fontFile = fs.readFileSync(folioFontFiles('latn').latin);

/** A one-page PDF with `text` stamped in the folio font, subset, embedded through `kit`. */
async function stamped(kit: typeof sharedFontkit, text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(kit);
  const font = await doc.embedFont(fontFile, { subset: true, customName: 'CBFOLI+CoursebookFolio' });
  doc.addPage([200, 200]).drawText(text, { x: 20, y: 20, size: 10, font });
  return doc.save({ useObjectStreams: false });
}

describe('sharedFontkit, subsets across documents', () => {
  it('writes the subset fontkit writes, the first time and when it replays a remembered one', async () => {
    const fresh = await stamped(fontkit, 'xii 482');
    expect(await stamped(sharedFontkit, 'xii 482')).toEqual(fresh);
    expect(await stamped(sharedFontkit, 'xii 482')).toEqual(fresh);
  });

  it('encodes another subset once the glyphs used change', async () => {
    await stamped(sharedFontkit, 'xii 482');
    const other = await stamped(sharedFontkit, 'iv 17');
    expect(other).toEqual(await stamped(fontkit, 'iv 17'));
    expect(other).not.toEqual(await stamped(fontkit, 'xii 482'));
  });
});

describe('sharedFontkit, what a later process replays (the build cache)', () => {
  it('records the layouts and the subset it made, and replays a recorded layout instead of laying the text out', async () => {
    takeFontRecords(); // what earlier tests left
    await stamped(sharedFontkit, 'lxiv 391');
    const records = takeFontRecords();
    expect(records).not.toBeNull();
    const [font, layouts] = Object.entries(records?.layouts ?? {}).find(([, byText]) => 'lxiv 391' in byText) ?? [];
    expect(font).toBeDefined();
    expect(layouts?.['lxiv 391']?.map(([id]) => id)).toHaveLength(8);
    expect(Object.keys(records?.subsets[font ?? ''] ?? {})).toHaveLength(1);
    expect(takeFontRecords()).toBeNull(); // nothing new since

    // A record says how a text not yet laid out comes out: it is what gets drawn (here the glyphs of
    // another text, which only the record can have given).
    const other = await stamped(fontkit, 'xl 27');
    const fresh = fontkit.create(fontFile).layout('xl 27');
    seedFontRecords({
      layouts: { [font ?? '']: { 'cc 88': fresh.glyphs.map((glyph) => [glyph.id, [...glyph.codePoints]]) } },
      subsets: {},
    });
    expect(await stamped(sharedFontkit, 'cc 88')).toEqual(other);
  });
});

describe('sharedFontkit, a recorded layout replayed in a font not used before', () => {
  it('writes what a fresh layout writes, the code points of every glyph made on the way included (digits font: its .notdef is made as the space)', async () => {
    const digits = await sfntSubset(folioFontFiles('arab').digits!, FOLIO_DIGITS);
    const label = '\u0661\u0662\u0663';
    const stampDigits = async (kit: typeof sharedFontkit): Promise<Uint8Array> => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.registerFontkit(kit);
      const font = await doc.embedFont(digits, { subset: false, customName: 'CBDIGI+CoursebookDigits' });
      doc.addPage([200, 200]).drawText(label, { x: 20, y: 20, size: 10, font });
      return doc.save({ useObjectStreams: false });
    };
    const fresh = fontkit.create(digits);
    const run = (fresh.layout as unknown as (...args: unknown[]) => ReturnType<typeof fresh.layout>)(
      label,
      undefined,
      undefined,
      undefined,
      'ltr',
    );
    const key = `${createHash('sha256').update(digits).digest('hex')} `;
    seedFontRecords({ layouts: { [key]: { [label]: run.glyphs.map((glyph) => [glyph.id, [...glyph.codePoints]]) } }, subsets: {} });
    // fontkit as sharedFontkit lays stamps out (left to right), each font made afresh, nothing remembered.
    const freshKit: typeof sharedFontkit = {
      create(buffer, postscriptName) {
        const font = fontkit.create(buffer, postscriptName);
        const layout = (font.layout as unknown as (...args: unknown[]) => ReturnType<typeof font.layout>).bind(font);
        font.layout = (text, features) => layout(text, features, undefined, undefined, 'ltr');
        return font;
      },
    };
    expect(await stampDigits(sharedFontkit)).toEqual(await stampDigits(freshKit));
  });
});

describe('sharedFontkit, the font file read', () => {
  type Tables = { _getTableStream(tag: string): { buffer: Uint8Array } };
  it("inflates each of a WOFF's tables once, and measures glyphs as fontkit does", () => {
    const shared = sharedFontkit.create(fontFile);
    const plain = fontkit.create(fontFile);
    const read = (font: unknown): Uint8Array => (font as Tables)._getTableStream('glyf').buffer;
    // fontkit inflates the glyph table again at each read; the shared font reads the same bytes again.
    expect(read(plain)).not.toBe(read(plain));
    expect(read(shared)).toBe(read(shared));
    expect(Buffer.from(read(shared)).equals(Buffer.from(read(plain)))).toBe(true);
    const metrics = (font: typeof plain) =>
      font
        .layout('xiv 0123456789')
        .glyphs.map((glyph) => [glyph.id, glyph.advanceWidth, JSON.stringify((glyph as unknown as { cbox: unknown }).cbox)]);
    expect(metrics(shared)).toEqual(metrics(plain));
  });
});
