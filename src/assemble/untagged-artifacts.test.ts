import { describe, expect, it } from '@jest/globals';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import { markUntaggedContent } from './untagged-artifacts.ts';
import { decodeStream } from './stream-bytes.ts';

/**
 * Page 1 paints an untagged rectangle; page 2 paints nothing. Saved and parsed, as a printed part is.
 * Without the clock's dates (pdf-lib's default metadata), so that two parts made a second apart have the same bytes.
 */
async function part(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]).drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(0, 0, 0) });
  doc.addPage([200, 200]);
  return PDFDocument.load(await doc.save({ useObjectStreams: false }), { updateMetadata: false });
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
    const { marks, scanned } = markUntaggedContent(doc);
    expect(scanned).toBe(2);
    expect(marks.clean).toEqual([1]);
    expect(marks.rewritten.map((stream) => [stream.page, stream.stream])).toEqual([[0, 0]]);
    expect(pageContent(doc, 0)).toMatch(/\/Artifact\s+BMC\s+0 0 m[\s\S]*EMC/);
  });

  it('replays what an earlier run did without scanning a page, and gives the same document', async () => {
    const first = await part();
    const { marks } = markUntaggedContent(first);
    const again = await part();
    expect(markUntaggedContent(again, marks)).toEqual({ marks, scanned: 0 });
    expect(await again.save({ useObjectStreams: false })).toEqual(await first.save({ useObjectStreams: false }));
    // What is recorded is trusted, not scanned: that is what saves the work.
    const trusted = await part();
    expect(markUntaggedContent(trusted, { clean: [0, 1], rewritten: [] })).toEqual({ marks: { clean: [0, 1], rewritten: [] }, scanned: 0 });
    expect(pageContent(trusted, 0)).not.toMatch(/Artifact/);
  });

  it('scans a page again when the record does not fit its streams', async () => {
    const doc = await part();
    const misfit = { clean: [1], rewritten: [{ page: 0, stream: 3, bytes: new Uint8Array([1, 2, 3]) }] };
    const { marks, scanned } = markUntaggedContent(doc, misfit);
    expect(scanned).toBe(1);
    expect(marks.rewritten.map((stream) => [stream.page, stream.stream])).toEqual([[0, 0]]);
    expect(pageContent(doc, 0)).toMatch(/\/Artifact\s+BMC/);
  });
});
