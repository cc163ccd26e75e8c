import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { firstChangedPage, pageBodyDigests, pageFingerprints } from './page-fingerprints.ts';

async function pdf(pageTexts: string[], folioFrom = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  pageTexts.forEach((text, i) => {
    const page = doc.addPage([200, 200]);
    page.drawText(text, { x: 20, y: 100, size: 12 });
    page.drawText(String(folioFrom + i), { x: 100, y: 10, size: 8 });
  });
  return doc.save({ useObjectStreams: false });
}

describe('page fingerprints', () => {
  it('finds the first page that differs, or none', async () => {
    const before = await pageFingerprints(await pdf(['one', 'two', 'three']));
    expect(firstChangedPage(before, await pageFingerprints(await pdf(['one', 'two', 'three'])))).toBeNull();
    expect(firstChangedPage(before, await pageFingerprints(await pdf(['one', 'TWO', 'three'])))).toBe(1);
    expect(firstChangedPage(before, await pageFingerprints(await pdf(['one', 'two', 'three', 'four'])))).toBe(3);
  });

  it('gives a page the same body digest wherever it is numbered', async () => {
    // pdf-lib puts each drawText of a page in one stream: the body is the page's only (largest) stream here.
    const a = await pageBodyDigests(await pdf(['alpha', 'beta']));
    const b = await pageBodyDigests(await pdf(['alpha', 'beta']));
    expect(a).toEqual(b);
    expect(a[0]).not.toBe(a[1]);
  });
});
