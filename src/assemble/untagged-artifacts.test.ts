import { describe, expect, it } from '@jest/globals';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import { markUntaggedContent } from './untagged-artifacts.ts';
import { decodeStream } from './stream-bytes.ts';

/** Page 1 paints an untagged rectangle; page 2 paints nothing. Saved and parsed, as a printed part is. */
async function part(): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(0, 0, 0) });
  doc.addPage([200, 200]);
  return PDFDocument.load(await doc.save({ useObjectStreams: false }));
}

const pageContent = (doc: PDFDocument, index: number): string => {
  const contents = doc.getPage(index).node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs
    .map((ref) => doc.context.lookup(ref))
    .map((stream) => (stream instanceof PDFRawStream ? Buffer.from(decodeStream(stream)).toString('latin1') : ''))
    .join('\n');
};

describe('markUntaggedContent', () => {
  it('wraps untagged painting as an artifact and reports the pages it left alone', async () => {
    const doc = await part();
    expect(markUntaggedContent(doc)).toEqual([1]);
    expect(pageContent(doc, 0)).toMatch(/\/Artifact\s+BMC\s+0 0 m[\s\S]*EMC/);
  });

  it('does not read again the pages an earlier run found clean, and gives the same document', async () => {
    const first = await part();
    const clean = markUntaggedContent(first);
    const again = await part();
    expect(markUntaggedContent(again, clean)).toEqual(clean);
    expect(await again.save({ useObjectStreams: false })).toEqual(await first.save({ useObjectStreams: false }));
    // A page listed as clean is trusted, not scanned: that is what saves the work.
    const trusted = await part();
    expect(markUntaggedContent(trusted, [0, 1])).toEqual([0, 1]);
    expect(pageContent(trusted, 0)).not.toMatch(/Artifact/);
  });
});
