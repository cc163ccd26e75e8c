import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { folioFontFiles } from '../layout/fonts.ts';
import { sharedFontkit } from './shared-fontkit.ts';

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
